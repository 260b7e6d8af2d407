from django.core.exceptions import ValidationError
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .clerk import ClerkTokenError, verify_session_token
from .services import user_get_or_create_for_clerk


def user_from_clerk_token(token):
    """The active user a Clerk session token stands for; raises ClerkTokenError."""
    claims = verify_session_token(token)
    try:
        user = user_get_or_create_for_clerk(clerk_user_id=claims["sub"], email=claims.get("email"))
    except ValidationError:
        raise ClerkTokenError("The token names no user LeaseLine can hold.") from None
    if not user.is_active:
        raise ClerkTokenError("This account is deactivated.")
    return user, claims


class ClerkJWTAuthentication(BaseAuthentication):
    """`Authorization: Bearer <Clerk session JWT>`."""

    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Malformed Authorization header: use 'Bearer <token>'.")
        try:
            return user_from_clerk_token(parts[1].decode("ascii"))
        except UnicodeDecodeError:
            raise AuthenticationFailed("The token is malformed.")
        except ClerkTokenError as exc:
            raise AuthenticationFailed(str(exc))

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
