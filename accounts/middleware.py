from .authentication import user_from_clerk_token
from .clerk import ClerkTokenError, clerk_is_configured


class ClerkSessionCookieMiddleware:
    """Signs a browser in for this request when it carries a valid Clerk `__session` cookie.

    The Django session still wins: a user signed in with a password is left as they are.
    """

    cookie_name = "__session"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request.COOKIES.get(self.cookie_name)
        if token and clerk_is_configured() and not request.user.is_authenticated:
            try:
                request.user, _claims = user_from_clerk_token(token)
            except ClerkTokenError:
                pass
        return self.get_response(request)
