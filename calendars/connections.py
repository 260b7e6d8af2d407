"""Connecting calendars: the OAuth connect, parked connects, storing and removing a connection."""

import base64
import hashlib
import hmac
import logging
import re
import secrets
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.crypto import TokenDecryptionError, decrypt_tokens, encrypt_tokens

from .clients import google as google_client
from .clients import microsoft as microsoft_client
from .clients.http import ProviderError, ProviderRequestError
from .models import CalendarConnection, OAuthState, PendingCalendarConnection
from .services import CalendarUnavailable, availability_cache_drop

logger = logging.getLogger(__name__)

ACCOUNT_EMAIL_MAX_LENGTH = CalendarConnection._meta.get_field("account_email").max_length
CALLBACK_PATH = "/api/calendar/auth/callback"
PROVIDER_CLIENTS = {"microsoft": microsoft_client, "google": google_client}


class ProviderNotConfigured(Exception):
    """The provider's OAuth client id and secret are not set."""

    def __init__(self, provider):
        super().__init__(f"{provider.title()} calendars are not configured on this server.")
        self.provider = provider


class InvalidRedirect(ValueError):
    """A redirect_url that is neither this site nor an allowed frontend origin."""


class PendingConnectionNotFound(Exception):
    """No parked connect for this code and user: unknown, used, expired or another manager's."""


# Connections ------------------------------------------------------------------------------


def connection_store(*, user, provider, account_email, tokens):
    """Creates or renews the user's connection to that account, active, with the new tokens."""
    connection, _ = CalendarConnection.objects.update_or_create(
        user=user,
        provider=provider,
        account_email=account_email,
        defaults={
            "token_ciphertext": encrypt_tokens(tokens),
            "status": CalendarConnection.Status.ACTIVE,
            "last_error": "",
        },
    )
    availability_cache_drop(user=user)
    return connection


def connection_disconnect(*, user, connection):
    """Erases the tokens and removes the connection; its agents fall back to the built-in calendar."""
    with transaction.atomic():
        connections = CalendarConnection.objects.for_user(user).filter(pk=connection.pk)
        connections.update(token_ciphertext="", last_error="")
        connections.delete()
    availability_cache_drop(user=user)


# OAuth connect ------------------------------------------------------------------------------


def _digest(state):
    return hashlib.sha256(state.encode()).hexdigest()


def _callback_url():
    return f"{settings.PUBLIC_BASE_URL}{CALLBACK_PATH}"


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def redirect_url_allowed(url):
    """This site (a path, or PUBLIC_BASE_URL's origin) or an origin in CORS_ALLOWED_ORIGINS."""
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return url.startswith("/") and not url.startswith("//") and "\\" not in url
    if parts.scheme not in ("http", "https"):
        return False
    allowed = {_origin(settings.PUBLIC_BASE_URL)} | {_origin(origin) for origin in settings.CORS_ALLOWED_ORIGINS}
    return _origin(url) in allowed


def _with_query(url, **params):
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def oauth_start(*, user, provider, redirect_url=None):
    """The provider's authorization URL for a new, single-use, ten-minute state bound to the user."""
    if provider not in PROVIDER_CLIENTS:
        raise ValueError(f"Unknown calendar provider {provider!r}.")
    client = PROVIDER_CLIENTS[provider]
    if not client.is_configured():
        raise ProviderNotConfigured(provider)
    if redirect_url and not redirect_url_allowed(redirect_url):
        raise InvalidRedirect("redirect_url must be this site or an allowed frontend origin.")
    state = secrets.token_urlsafe(32)
    if provider == "microsoft":
        try:
            url, code_verifier, flow = microsoft_client.begin_authorization(state=state, redirect_uri=_callback_url())
        except ProviderError as exc:
            raise CalendarUnavailable(str(exc)) from exc
    else:
        code_verifier, flow = secrets.token_urlsafe(64), {}
        challenge = base64.urlsafe_b64encode(hashlib.sha256(code_verifier.encode()).digest()).rstrip(b"=").decode()
        url = google_client.authorization_url(state=state, code_challenge=challenge, redirect_uri=_callback_url())
    now = timezone.now()
    connects_expired_purge(now=now)
    OAuthState.objects.create(
        user=user,
        provider=provider,
        state_digest=_digest(state),
        code_verifier=code_verifier,
        provider_flow=flow,
        redirect_url=redirect_url or "",
        expires_at=now + timedelta(seconds=OAuthState.LIFETIME_SECONDS),
    )
    return url


def _take_once(model, secret, *, digest_field):
    """The row of `model` holding the digest of `secret`, deleted so that it serves once; None if unknown.

    Two requests racing with one secret: only the one that deleted the row gets it.
    """
    if not secret:
        return None
    digest = _digest(secret)
    record = model.objects.select_related("user").filter(**{digest_field: digest}).first()
    if record is None or not hmac.compare_digest(getattr(record, digest_field), digest):
        return None
    deleted, _ = model.objects.filter(pk=record.pk).delete()
    return record if deleted else None


def oauth_complete(*, user, state, code=None, error=None):
    """Finishes a connect from the provider's callback; returns where to send the browser.

    `user` is whoever the browser is signed in as (its Django session or Clerk cookie), if
    anyone. Only when that is the manager who started does the connection land at once
    (`?connected=<provider>`); otherwise the tokens are parked for that manager alone to claim
    (`?pending=<code>`, see `pending_connection_complete`), so a consent link sent to someone
    else never lands their calendar on the sender's account. `?error=<reason>` (invalid_state,
    expired_state, the provider's own error such as access_denied, missing_code,
    exchange_failed) and nothing stored otherwise.
    """
    record = _take_once(OAuthState, state, digest_field="state_digest")
    if record is None:
        return _with_query(settings.CALENDAR_REDIRECT_URL, error="invalid_state")
    target = record.redirect_url or settings.CALENDAR_REDIRECT_URL
    if record.expires_at <= timezone.now():
        return _with_query(target, error="expired_state")
    if error:
        return _with_query(target, error=re.sub(r"[^a-z0-9_]", "", str(error).lower())[:64] or "denied")
    if not code:
        return _with_query(target, error="missing_code")
    try:
        if record.provider == "microsoft":
            tokens, account_email = microsoft_client.redeem_code(
                flow=record.provider_flow, code_verifier=record.code_verifier, state=state, code=code
            )
        else:
            tokens, account_email = google_client.redeem_code(
                code=code, code_verifier=record.code_verifier, redirect_uri=_callback_url()
            )
        if len(account_email) > ACCOUNT_EMAIL_MAX_LENGTH:
            raise ProviderRequestError(f"{record.provider} named an account too long to store")
    except ProviderError as exc:
        logger.warning("%s calendar connect for user %s failed: %s", record.provider, record.user_id, exc)
        return _with_query(target, error="exchange_failed")
    if getattr(user, "is_authenticated", False) and user.pk == record.user_id:
        connection_store(user=record.user, provider=record.provider, account_email=account_email, tokens=tokens)
        return _with_query(target, connected=record.provider)
    pending_code = pending_connection_park(
        user=record.user, provider=record.provider, account_email=account_email, tokens=tokens
    )
    return _with_query(target, pending=pending_code)


def connects_expired_purge(*, now=None):
    """Erase connects nobody finished in time: OAuth states and parked tokens past their ten
    minutes (on every start and park, and every few minutes from beat); returns how many."""
    now = now or timezone.now()
    states, _ = OAuthState.objects.filter(expires_at__lte=now).delete()
    parked, _ = PendingCalendarConnection.objects.filter(expires_at__lte=now).delete()
    return states + parked


def pending_connection_park(*, user, provider, account_email, tokens):
    """Keeps a connect's tokens, encrypted, for `user` to claim within ten minutes; returns the one-time code."""
    pending_code = secrets.token_urlsafe(32)
    now = timezone.now()
    connects_expired_purge(now=now)
    PendingCalendarConnection.objects.create(
        user=user,
        provider=provider,
        account_email=account_email,
        token_ciphertext=encrypt_tokens(tokens),
        code_digest=_digest(pending_code),
        expires_at=now + timedelta(seconds=PendingCalendarConnection.LIFETIME_SECONDS),
    )
    return pending_code


def pending_connection_complete(*, user, code):
    """Connects the calendar parked under `code` for `user`, as a callback in their browser would have.

    The code works once, whoever presents it: presented by anyone but the manager who started
    the connect, or after ten minutes, it erases the parked tokens and raises
    PendingConnectionNotFound, exactly as a code that never existed.
    """
    pending = _take_once(PendingCalendarConnection, code, digest_field="code_digest")
    if pending is None or pending.user_id != user.pk or pending.expires_at <= timezone.now():
        raise PendingConnectionNotFound
    try:
        tokens = decrypt_tokens(pending.token_ciphertext)
    except TokenDecryptionError:
        raise PendingConnectionNotFound from None
    return connection_store(user=user, provider=pending.provider, account_email=pending.account_email, tokens=tokens)
