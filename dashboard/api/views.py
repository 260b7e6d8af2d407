from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from ..selectors import dashboard_stats
from .serializers import DashboardStatsSerializer


class DashboardStatsView(APIView):
    """The signed-in user's numbers: agents, rentals, calendar and calls."""

    @extend_schema(responses=DashboardStatsSerializer)
    def get(self, request):
        return Response(DashboardStatsSerializer(dashboard_stats(user=request.user)).data)
