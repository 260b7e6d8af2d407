import logging

from django.db import DatabaseError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.ownership import OwnedReadOnlyViewSet
from core.exceptions import error_response

from .. import webhook
from ..filtersets import CallFilterSet
from ..models import Call
from .serializers import CallDetailSerializer, CallSerializer

logger = logging.getLogger(__name__)


class CallViewSet(OwnedReadOnlyViewSet):
    """Calls the manager's agents handled; the detail adds transcript, messages and tool calls."""

    queryset = Call.objects.all()
    serializer_class = CallSerializer
    envelope_key = "calls"
    filterset_class = CallFilterSet
    ordering_fields = ["started_at", "duration_seconds", "created_at"]

    def get_serializer_class(self):
        return CallDetailSerializer if self.action == "retrieve" else CallSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.prefetch_related("tool_invocations") if self.action == "retrieve" else queryset


class VapiWebhookView(APIView):
    """VAPI server messages: tool calls, call status and reports, inbound routing.

    Authenticated by the agent's webhook secret (or the platform secret), never by a user
    session or a Clerk token, so no DRF authentication runs here.
    """

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request={"application/json": {"type": "object", "properties": {"message": {"type": "object"}}}},
        responses={
            200: OpenApiResponse(description="The answer VAPI expects for the message type."),
            400: OpenApiResponse(description="Malformed JSON or no message."),
            401: OpenApiResponse(description="Missing, wrong or unknown secret or assistant."),
            503: OpenApiResponse(description="The database cannot be reached; nothing was done."),
        },
    )
    def post(self, request):
        try:
            message = webhook.message_parse(request.body)
            agent = webhook.sender_authenticate(message, request.headers)
        except webhook.BadRequest as exc:
            return error_response(str(exc), code="bad_request")
        except webhook.Unauthorized:
            logger.info("VAPI webhook refused: wrong, missing or unknown secret or assistant")
            return error_response(
                "The secret or the assistant is not recognised.",
                code="unauthorized",
                status_code=status.HTTP_401_UNAUTHORIZED,
            )
        except DatabaseError:
            # Without the database the sender cannot be told from a stranger: nothing is done.
            logger.exception("VAPI webhook: the database is unavailable")
            return error_response(
                "LeaseLine cannot reach its database right now; nothing was done.",
                code="unavailable",
                status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response(webhook.message_answer(message, agent))
