"""Users (U1, U2)."""

from rest_framework import status
from rest_framework.views import APIView

from accounts.api.views import MeView
from core.exceptions import error_response

from ..serializers.users import LegacyUserSerializer
from .base import LegacyAnswerMixin

CLERK_WEBHOOK_TARGET = "/api/webhooks/clerk"


class LegacyMeView(LegacyAnswerMixin, MeView):
    """GET `/users/me`: the signed-in user with `user_id`, `full_name` and `created_at`."""

    serializer_class = LegacyUserSerializer
    http_method_names = ["get", "head", "options"]


class ClerkRelayRefusedView(LegacyAnswerMixin, APIView):
    """The frontend's own Clerk webhook relays user events here with the Clerk secret key as
    its bearer token. That key is never a credential (it fails as a token: 401); a signed-in
    manager may not write users either (403). Clerk's webhook goes to /api/webhooks/clerk."""

    http_method_names = ["get", "post", "patch", "delete", "options"]

    def _refuse(self, request, *args, **kwargs):
        return error_response(
            f"Users come from Clerk's own webhook: point it at {CLERK_WEBHOOK_TARGET}.",
            code="permission_denied",
            status_code=status.HTTP_403_FORBIDDEN,
        )

    get = post = patch = delete = _refuse
