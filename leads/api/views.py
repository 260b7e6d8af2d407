from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from accounts.ownership import OwnedModelViewSet
from core.serializers import model_errors_as_api_errors

from ..filtersets import LeadFilterSet
from ..models import Lead
from ..services import lead_update
from .serializers import LeadDetailSerializer, LeadSerializer


class LeadViewSet(OwnedModelViewSet):
    """The renters who called or booked, newest contact first; PATCH is the manager's edit
    (what they type is never overwritten by a call)."""

    envelope_key = "leads"
    queryset = Lead.objects.prefetch_related("rentals")
    serializer_class = LeadSerializer
    filterset_class = LeadFilterSet
    ordering_fields = ["last_contact_at", "created_at"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_serializer_class(self):
        return LeadDetailSerializer if self.action in ("retrieve", "partial_update") else LeadSerializer

    @extend_schema(request=LeadSerializer, responses={200: LeadDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        lead = self.get_object()
        data = LeadSerializer(lead, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        with model_errors_as_api_errors():
            lead = lead_update(user=request.user, lead=lead, data=data.validated_data)
        return Response(LeadDetailSerializer(lead, context=self.get_serializer_context()).data)
