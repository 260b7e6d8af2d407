from contextlib import contextmanager

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.ownership import EnvelopeListMixin, OwnedModelViewSet, OwnedViewSetMixin
from agents.clients.vapi import VapiError, VapiTransientError
from core.exceptions import error_response
from core.serializers import model_errors_as_api_errors

from ..models import Agent, PhoneNumber
from ..phone_numbers import NotOwnMode, phone_number_attach, phone_numbers_refresh
from ..services import agent_create, agent_delete, agent_rotate_secret, agent_sync, agent_update
from ..vapi_accounts import (
    VapiKeyRefused,
    vapi_account_connect,
    vapi_account_disconnect,
    vapi_account_for,
    vapi_is_configured_for,
    vapi_mode_for,
)
from .serializers import AgentSerializer, PhoneNumberSerializer, VapiAccountSerializer, VapiKeySerializer


class VapiUnavailable(APIException):
    status_code = status.HTTP_502_BAD_GATEWAY
    default_code = "vapi_unavailable"
    default_detail = "VAPI could not be reached; nothing was changed. Try again shortly."


@contextmanager
def _vapi_unavailable_is_502():
    """VAPI could not be asked whether an assistant may be linked, or let go of the old one."""
    try:
        yield
    except VapiTransientError as exc:
        raise VapiUnavailable(f"{exc} Nothing was changed; try again shortly.")


class AgentViewSet(OwnedModelViewSet):
    """The manager's voice agents, each kept in step with its VAPI assistant."""

    queryset = Agent.objects.all()
    serializer_class = AgentSerializer
    envelope_key = "agents"
    ordering_fields = ["created_at", "agent_name"]

    def perform_create(self, serializer):
        with model_errors_as_api_errors(), _vapi_unavailable_is_502():
            serializer.instance = agent_create(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        with model_errors_as_api_errors(), _vapi_unavailable_is_502():
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
            503: OpenApiResponse(description="No VAPI organisation: VAPI_API_KEY unset and no own VAPI account."),
        },
    )
    @action(detail=True, methods=["post"])
    def sync(self, request, pk=None):
        """Push the agent to VAPI now; a VAPI failure shows in `sync_status` and `sync_error`."""
        agent = self.get_object()
        if not vapi_is_configured_for(request.user):
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


def vapi_account_state(user):
    account = vapi_account_for(user)
    return {
        "mode": vapi_mode_for(user, account),
        "key_last4": account.key_last4 if account else None,
        "connected_at": account.connected_at if account else None,
    }


class VapiAccountView(APIView):
    """The manager's own VAPI organisation: its key is checked, kept encrypted and never shown."""

    http_method_names = ["get", "put", "delete", "head", "options"]

    @extend_schema(responses={200: VapiAccountSerializer})
    def get(self, request):
        return Response(VapiAccountSerializer(vapi_account_state(request.user)).data)

    @extend_schema(
        request=VapiKeySerializer,
        responses={
            200: VapiAccountSerializer,
            400: OpenApiResponse(description="VAPI refused this key; nothing saved."),
            503: OpenApiResponse(description="VAPI could not be reached; nothing saved."),
        },
    )
    def put(self, request):
        serializer = VapiKeySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            vapi_account_connect(user=request.user, api_key=serializer.validated_data["api_key"])
        except VapiKeyRefused as exc:
            return error_response(str(exc), code="invalid", fields={"api_key": [str(exc)]})
        except VapiTransientError:
            return error_response(
                "VAPI could not be reached to check this key; nothing was saved. Try again shortly.",
                code="vapi_unavailable",
                status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response(VapiAccountSerializer(vapi_account_state(request.user)).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        vapi_account_disconnect(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PhoneNumberViewSet(
    OwnedViewSetMixin, EnvelopeListMixin, mixins.ListModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """The manager's phone numbers; PATCH `{"agent_id"}` attaches one to an agent (or detaches it)."""

    queryset = PhoneNumber.objects.all()
    serializer_class = PhoneNumberSerializer
    envelope_key = "phone_numbers"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_update(self, serializer):
        agent = serializer.validated_data.get("agent", serializer.instance.agent)
        with model_errors_as_api_errors(), _vapi_unavailable_is_502():
            serializer.instance = phone_number_attach(
                user=self.request.user, phone_number=serializer.instance, agent=agent
            )

    @extend_schema(
        request=None,
        responses={
            200: PhoneNumberSerializer(many=True),
            409: OpenApiResponse(description="Platform mode: staff assign numbers in the admin."),
            502: OpenApiResponse(description="VAPI could not be reached or refused the key."),
        },
    )
    @action(detail=False, methods=["post"])
    def refresh(self, request):
        """Read the numbers of the manager's own VAPI organisation into the list."""
        try:
            phone_numbers_refresh(user=request.user)
        except NotOwnMode as exc:
            return error_response(str(exc), code="conflict", status_code=status.HTTP_409_CONFLICT)
        except VapiError as exc:
            return error_response(
                f"{exc} The list was not changed.", code="vapi_unavailable", status_code=status.HTTP_502_BAD_GATEWAY
            )
        return self.list(request)
