from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from ..selectors import dashboard_stats, lead_funnel
from .serializers import DashboardStatsSerializer, FunnelQuerySerializer, FunnelSerializer


class DashboardStatsView(APIView):
    """The signed-in user's numbers: agents, rentals, calendar and calls."""

    @extend_schema(responses=DashboardStatsSerializer)
    def get(self, request):
        return Response(DashboardStatsSerializer(dashboard_stats(user=request.user)).data)


class DashboardFunnelView(APIView):
    """The last `days` days (default 30): calls, new leads, viewings booked, attended, no-shows, leases."""

    @extend_schema(parameters=[FunnelQuerySerializer], responses=FunnelSerializer)
    def get(self, request):
        query = FunnelQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        funnel = lead_funnel(user=request.user, days=query.validated_data.get("days", 30))
        return Response(FunnelSerializer(funnel).data)
