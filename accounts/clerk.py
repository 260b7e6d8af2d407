"""Verification of Clerk session tokens (RS256 JWTs) against Clerk's JWKS."""

import threading

import jwt
from django.conf import settings


class ClerkTokenError(Exception):
    """The token is not a valid Clerk session token; the message is safe to show."""


_jwks_clients = {}
_jwks_lock = threading.Lock()


def _jwks_client(url):
    # One cached client per JWKS URL, so keys are fetched once per lifespan, not per request.
    with _jwks_lock:
        client = _jwks_clients.get(url)
        if client is None:
            client = jwt.PyJWKClient(
                url,
                cache_keys=True,
                lifespan=settings.CLERK_JWKS_CACHE_SECONDS,
                timeout=5,
            )
            _jwks_clients[url] = client
        return client


def clerk_is_configured():
    return bool(settings.CLERK_JWKS_URL)


def _signing_key(token):
    """The Clerk key that signed `token` (RS256 only), from the cached JWKS."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise ClerkTokenError("The token is malformed.")
    if header.get("alg") != "RS256":
        raise ClerkTokenError("The token must be signed with RS256.")
    try:
        return _jwks_client(settings.CLERK_JWKS_URL).get_signing_key_from_jwt(token)
    except jwt.PyJWKClientConnectionError:
        raise ClerkTokenError("The token could not be verified: Clerk's signing keys are unreachable.")
    except (jwt.PyJWKClientError, jwt.PyJWTError):
        raise ClerkTokenError("The token was not signed by a known Clerk key.")


# What each way a signed token can be wrong is called, most specific first.
CLAIM_ERRORS = (
    (jwt.ExpiredSignatureError, "The token has expired."),
    (jwt.ImmatureSignatureError, "The token is not valid yet."),
    (jwt.InvalidIssuerError, "The token was issued by another Clerk instance."),
    (jwt.InvalidAudienceError, "The token is meant for another audience."),
    (jwt.PyJWTError, "The token is invalid."),
)


def _decoded_claims(token, signing_key):
    required = ["exp", "sub"] + (["iss"] if settings.CLERK_ISSUER else [])
    try:
        return jwt.decode(
            token,
            signing_key.key,
            algorithms=["RS256"],
            leeway=settings.CLERK_LEEWAY_SECONDS,
            issuer=settings.CLERK_ISSUER or None,
            audience=settings.CLERK_AUDIENCE or None,
            options={"require": required, "verify_aud": bool(settings.CLERK_AUDIENCE)},
        )
    except jwt.PyJWTError as exc:
        raise ClerkTokenError(next(message for kind, message in CLAIM_ERRORS if isinstance(exc, kind)))


def verify_session_token(token):
    """Return the claims of a valid Clerk session token or raise ClerkTokenError."""
    if not clerk_is_configured():
        raise ClerkTokenError("Bearer tokens are not accepted: Clerk sign-in is not configured.")
    claims = _decoded_claims(token, _signing_key(token))
    azp = claims.get("azp")
    if settings.CLERK_AUTHORIZED_PARTIES and azp and azp not in settings.CLERK_AUTHORIZED_PARTIES:
        raise ClerkTokenError("The token was issued to an origin that is not allowed.")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise ClerkTokenError("The token names no user.")
    return claims
