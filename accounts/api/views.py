import json
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from standardwebhooks.webhooks import EmptyWebhookSecretError  # svix's own dependency
from svix.webhooks import Webhook, WebhookVerificationError

from core.exceptions import error_response

from ..services import clerk_event_apply
from .serializers import UserSerializer

logger = logging.getLogger(__name__)


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in user."""

    serializer_class = UserSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user


def _svix_headers(request):
    # Clerk sends svix-*; white-labelled Svix senders use webhook-*. Both are accepted.
    headers = {}
    for name in ("id", "timestamp", "signature"):
        value = request.headers.get(f"svix-{name}") or request.headers.get(f"webhook-{name}")
        if value:
            headers[f"svix-{name}"] = value
    return headers


class ClerkWebhookView(APIView):
    """Clerk user events, delivered and signed by Svix."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request={"application/json": {"type": "object"}},
        responses={
            200: OpenApiResponse(description="Applied, a replay, or an ignored event type."),
            400: OpenApiResponse(description="Bad or stale signature, or a malformed event."),
            503: OpenApiResponse(description="CLERK_WEBHOOK_SECRET is not set, or is not a whsec_ signing secret."),
        },
    )
    def post(self, request):
        try:
            webhook = Webhook(settings.CLERK_WEBHOOK_SECRET)
        except (EmptyWebhookSecretError, ValueError):
            # Unset, or not a `whsec_<base64>` secret: no signature can be checked.
            return error_response(
                "Clerk webhooks are not configured.",
                code="not_configured",
                status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        headers = _svix_headers(request)
        body = request.body
        try:
            webhook.verify(body, headers)
        except (WebhookVerificationError, ValueError) as exc:
            # svix 2.x raises ValueError for a malformed signature header (binascii.Error, a
            # missing comma) and for a body that is not UTF-8 (UnicodeDecodeError).
            logger.info("Clerk webhook refused: %s", exc.__class__.__name__)
            return error_response("The webhook signature is missing, invalid or stale.", code="bad_signature")
        try:
            event = json.loads(body)
            if not isinstance(event, dict) or not isinstance(event.get("type"), str):
                raise ValueError("no event type")
            outcome = clerk_event_apply(message_id=headers["svix-id"], event=event)
        except (ValueError, KeyError, TypeError, RecursionError, ValidationError):
            return error_response("The event is not a Clerk event LeaseLine can read.", code="bad_event")
        return Response({"status": outcome})
