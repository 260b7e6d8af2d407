from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from accounts.ownership import OwnedModelViewSet
from agents.clients.vapi import VapiTransientError, is_configured
from core.exceptions import error_response
from core.serializers import model_errors_as_api_errors

from ..models import Agent
from ..services import agent_create, agent_delete, agent_rotate_secret, agent_sync, agent_update
from .serializers import AgentSerializer


class VapiUnavailable(APIException):
    status_code = status.HTTP_502_BAD_GATEWAY
    default_code = "vapi_unavailable"
    default_detail = "VAPI could not be reached; nothing was changed. Try again shortly."


class AgentViewSet(OwnedModelViewSet):
    """The manager's voice agents, each kept in step with its VAPI assistant."""

    queryset = Agent.objects.all()
    serializer_class = AgentSerializer
    envelope_key = "agents"
    ordering_fields = ["created_at", "agent_name"]

    def perform_create(self, serializer):
        with model_errors_as_api_errors():
            serializer.instance = agent_create(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        with model_errors_as_api_errors():
            serializer.instance = agent_update(
                user=self.request.user, agent=serializer.instance, **serializer.validated_data
            )

    def perform_destroy(self, instance):
        try:
            agent_delete(user=self.request.user, agent=instance)
        except VapiTransientError as exc:
            raise VapiUnavailable(f"{exc} The agent and its assistant were kept; try again shortly.")

    @extend_schema(
        request=None,
        responses={
            200: AgentSerializer,
            503: OpenApiResponse(description="VAPI is not configured (VAPI_API_KEY unset)."),
        },
    )
    @action(detail=True, methods=["post"])
    def sync(self, request, pk=None):
        """Push the agent to VAPI now; a VAPI failure shows in `sync_status` and `sync_error`."""
        agent = self.get_object()
        if not is_configured():
            return error_response(
                "VAPI is not configured on this server, so agents stay local.",
                code="not_configured",
                status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        agent = agent_sync(user=request.user, agent=agent)
        return Response(self.get_serializer(agent).data)

    @extend_schema(request=None, responses={200: AgentSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        """A new webhook secret; the old one stops working at once."""
        agent = agent_rotate_secret(user=request.user, agent=self.get_object())
        return Response(self.get_serializer(agent).data)
