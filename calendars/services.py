"""Writes with side effects: connecting calendars, booking and cancelling appointments."""
import base64
import hashlib
import hmac
import logging
import re
import secrets
import time
import uuid
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .availability import BookingRules
from .clients import google as google_client
from .clients import microsoft as microsoft_client
from .clients.http import ProviderAuthError, ProviderError, ProviderRequestError, with_call_budget
from .crypto import TokenDecryptionError, decrypt_tokens, encrypt_tokens, reencrypt
from .models import Appointment, CalendarConnection, OAuthState, PendingCalendarConnection
from .providers import provider_for
from .selectors import BUSY_CACHE_VERSION_KEY, agent_free_slots

logger = logging.getLogger(__name__)

NEXT_SLOTS_OFFERED = 5
IDEMPOTENCY_KEY_MAX_LENGTH = Appointment._meta.get_field("idempotency_key").max_length
ACCOUNT_EMAIL_MAX_LENGTH = CalendarConnection._meta.get_field("account_email").max_length
CALLBACK_PATH = "/api/calendar/auth/callback"
PROVIDER_CLIENTS = {"microsoft": microsoft_client, "google": google_client}


class SlotUnavailable(Exception):
    """The requested start is not a free slot; `next_slots` are the nearest free ones."""

    def __init__(self, message="That time is not available.", *, next_slots=()):
        super().__init__(message)
        self.message = message
        self.next_slots = list(next_slots)


class CalendarUnavailable(Exception):
    """A calendar cannot be read or written right now; `reason` is safe to show."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class ProviderNotConfigured(Exception):
    """The provider's OAuth client id and secret are not set."""

    def __init__(self, provider):
        super().__init__(f"{provider.title()} calendars are not configured on this server.")
        self.provider = provider


class InvalidRedirect(ValueError):
    """A redirect_url that is neither this site nor an allowed frontend origin."""


class PendingConnectionNotFound(Exception):
    """No parked connect for this code and user: unknown, used, expired or another manager's."""


# Availability cache ------------------------------------------------------------------------


def availability_cache_drop(*, user):
    """Forget every cached busy interval of the user (a new version makes old keys unreachable)."""
    cache.set(BUSY_CACHE_VERSION_KEY.format(user_id=user.pk), time.time_ns(), None)


# Appointments ------------------------------------------------------------------------------


def _idempotent_result(user, idempotency_key):
    """The user's own appointment booked with this key; another manager's keys are not looked at."""
    if not idempotency_key:
        return None
    return Appointment.objects.for_user(user).filter(idempotency_key=idempotency_key).first()


def _unavailable_message(agent, start, now):
    earliest, latest = BookingRules.for_agent(agent).booking_window(now)
    if start < earliest:
        return f"That time is too soon: bookings need {agent.min_notice_minutes} minutes' notice."
    # No arithmetic on `start`: a caller's year 9999 would overflow.
    if start > latest - timedelta(minutes=agent.slot_minutes):
        return f"That time is too far ahead: bookings open {agent.booking_horizon_days} days ahead."
    return "That time is not available."


def _next_slots(slots, start):
    later = [slot for slot in slots if slot.start >= start]
    return (later or slots)[:NEXT_SLOTS_OFFERED]


def _event_text(*, agent, attendee_name, attendee_phone, attendee_email, rental, notes):
    title = f"Viewing: {attendee_name}" + (f" ({rental.address or rental.title})" if rental else "")
    lines = [f"Booked by LeaseLine ({agent.agent_name})." if agent else "Booked by LeaseLine."]
    lines += [f"Name: {attendee_name}"]
    lines += [f"Phone: {attendee_phone}"] if attendee_phone else []
    lines += [f"Email: {attendee_email}"] if attendee_email else []
    lines += [f"Rental: {rental.title or rental.address} {rental.url}".strip()] if rental else []
    lines += ["", notes] if notes else []
    return title, "\n".join(lines)


def _discard_event(provider, event_id):
    """Best effort: remove an event whose appointment will not exist."""
    if not event_id:
        return
    try:
        provider.delete_event(event_id=event_id)
    except ProviderError as exc:
        logger.error("Could not remove provider event of a failed booking: %s", exc)


@with_call_budget
def appointment_book(
    *,
    user,
    agent,
    start,
    attendee_name,
    attendee_phone="",
    attendee_email="",
    rental=None,
    notes="",
    source="api",
    vapi_call_id="",
    idempotency_key=None,
):
    """Books `start` for one slot of the agent, or raises SlotUnavailable / CalendarUnavailable.

    Under a per-user row lock (which also serialises retries of one idempotency key), busy
    time is read live from every calendar (never the cache), the provider event is created
    (with a client-chosen id, so a retry cannot duplicate it), then the Appointment. The same
    idempotency key returns the first appointment.
    """
    if agent.user_id != user.pk or (rental is not None and rental.user_id != user.pk):
        raise ValueError("The agent and the rental must be the user's own.")
    if timezone.is_naive(start):
        raise ValueError("start must carry a UTC offset.")
    if not (attendee_name or "").strip():
        raise ValueError("attendee_name is required.")
    if len(idempotency_key or "") > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise ValueError(f"The idempotency key can be at most {IDEMPOTENCY_KEY_MAX_LENGTH} characters.")

    connection = agent.booking_calendar
    if connection is not None and connection.user_id != user.pk:
        raise CalendarUnavailable("The agent's booking calendar is not available.")
    provider = provider_for(connection, user=user)
    title, description = _event_text(
        agent=agent, attendee_name=attendee_name, attendee_phone=attendee_phone,
        attendee_email=attendee_email, rental=rental, notes=notes,
    )
    # A failure is raised only after the transaction ends, so that what it learnt on the way
    # (refreshed tokens, a connection marked needs_reauth) is kept.
    failure = None
    with transaction.atomic():
        get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)
        existing = _idempotent_result(user, idempotency_key)
        if existing is not None:
            return existing
        availability = agent_free_slots(user=user, agent=agent, use_cache=False)
        if availability.error:
            failure = CalendarUnavailable(availability.error)
        elif not any(slot.start == start for slot in availability.slots):
            failure = SlotUnavailable(
                _unavailable_message(agent, start, timezone.now()),
                next_slots=_next_slots(availability.slots, start),
            )
        else:
            # Only a free slot's start is added to: any other (year 9999) could overflow.
            end = start + timedelta(minutes=agent.slot_minutes)
            # 32 hex digits: valid base32hex for Google, a transactionId for Graph.
            event_id = uuid.uuid4().hex
            try:
                provider_event_id = provider.create_event(
                    event_id=event_id, start=start, end=end, title=title, description=description,
                    location=rental.address if rental else "",
                )
            except ProviderError as exc:
                failure = CalendarUnavailable(f"The booking calendar could not be written: {exc}.")
                if provider.uses_client_event_ids:
                    # The insert may have gone through before the answer was lost.
                    _discard_event(provider, event_id)
            else:
                try:
                    # A savepoint, so the event can still be removed (reading the connection) after a failed insert.
                    with transaction.atomic():
                        appointment = Appointment.objects.create(
                            user=user, agent=agent, rental=rental, connection=connection,
                            provider_event_id=provider_event_id, source=source, vapi_call_id=vapi_call_id or "",
                            idempotency_key=idempotency_key or "", start=start, end=end,
                            attendee_name=attendee_name.strip(), attendee_phone=attendee_phone or "",
                            attendee_email=attendee_email or "", notes=notes or "",
                        )
                except Exception:
                    _discard_event(provider, provider_event_id)
                    raise
    if failure is not None:
        raise failure
    availability_cache_drop(user=user)
    return appointment


@with_call_budget
def appointment_cancel(*, user, appointment):
    """Cancels the appointment and deletes its provider event; cancelling twice changes nothing."""
    failure = None
    with transaction.atomic():
        appointment = Appointment.objects.for_user(user).select_for_update().get(pk=appointment.pk)
        if appointment.status == Appointment.Status.CANCELLED:
            return appointment
        if appointment.connection_id and appointment.provider_event_id:
            try:
                provider_for(appointment.connection, user=user).delete_event(event_id=appointment.provider_event_id)
            except ProviderAuthError as exc:
                # The connection is marked needs_reauth; the event stays in that calendar
                # (blocking time, the safe side) and the appointment is cancelled here.
                logger.warning("Appointment %s cancelled without its provider event: %s", appointment.pk, exc)
            except ProviderError as exc:
                failure = CalendarUnavailable(f"The calendar event could not be deleted: {exc}.")
        if failure is None:
            appointment.status = Appointment.Status.CANCELLED
            appointment.save(update_fields=["status", "updated_at"])
    if failure is not None:
        raise failure
    availability_cache_drop(user=user)
    return appointment


# Connections ------------------------------------------------------------------------------


def connection_store(*, user, provider, account_email, tokens):
    """Creates or renews the user's connection to that account, active, with the new tokens."""
    connection, _ = CalendarConnection.objects.update_or_create(
        user=user, provider=provider, account_email=account_email,
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


def calendar_tokens_rotate():
    """Re-encrypts every stored token under the newest key: (rotated, unreadable) counts."""
    rotated = unreadable = 0
    for connection in CalendarConnection.objects.exclude(token_ciphertext="").only("pk", "token_ciphertext"):
        try:
            ciphertext = reencrypt(connection.token_ciphertext)
        except TokenDecryptionError:
            unreadable += 1
            logger.error("Calendar connection %s: tokens readable with no configured key", connection.pk)
            continue
        CalendarConnection.objects.filter(pk=connection.pk, token_ciphertext=connection.token_ciphertext).update(
            token_ciphertext=ciphertext
        )
        rotated += 1
    return rotated, unreadable


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
        user=user, provider=provider, state_digest=_digest(state), code_verifier=code_verifier,
        provider_flow=flow, redirect_url=redirect_url or "",
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
        user=user, provider=provider, account_email=account_email, token_ciphertext=encrypt_tokens(tokens),
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
