"""Google OAuth 2.0 (code flow with PKCE) and the Google Calendar API v3.

Tokens are refreshed by google-auth `Credentials` against GOOGLE_TOKEN_URI (built with the
constructor: `from_authorized_user_info` would overwrite the token URI with Google's).
"""

import base64
import json
import logging
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode

import google.auth.exceptions
import google.auth.transport.requests
from django.conf import settings
from google.oauth2.credentials import Credentials

from .http import (
    ProviderAuthError,
    ProviderConflict,
    ProviderRequestError,
    ProviderTransientError,
    TimeoutSession,
    json_object,
    object_list,
    reading_answer,
    request_timeout,
    send,
    unreadable_answer,
)

logger = logging.getLogger(__name__)

SERVICE = "Google"
# Read and write events, read free/busy, and learn the account's email from the id_token.
SCOPES = [
    "openid",
    "email",
    "https://www.googleapis.com/auth/calendar.events",
    "https://www.googleapis.com/auth/calendar.freebusy",
]
PAGE_SIZE = 250

session = TimeoutSession()


def is_configured():
    return bool(settings.GOOGLE_CLIENT_ID and settings.GOOGLE_CLIENT_SECRET)


class _TimedRequest(google.auth.transport.requests.Request):
    """google-auth's transport with the calendar timeout instead of its 120 s default."""

    def __call__(self, url, method="GET", body=None, headers=None, timeout=None, **kwargs):
        return super().__call__(
            url,
            method=method,
            body=body,
            headers=headers,
            timeout=request_timeout(),
            **kwargs,
        )


def authorization_url(*, state, code_challenge, redirect_uri):
    query = {
        "client_id": settings.GOOGLE_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "scope": " ".join(SCOPES),
        "state": state,
        # A refresh token comes only with offline access, and reliably only on consent.
        "access_type": "offline",
        "prompt": "consent",
        "include_granted_scopes": "true",
        "code_challenge": code_challenge,
        "code_challenge_method": "S256",
    }
    return f"{settings.GOOGLE_AUTH_URI}?{urlencode(query)}"


def _id_token_email(id_token):
    # The id_token comes straight from the token endpoint over TLS, so its claims can be read
    # without checking the signature (OpenID Connect Core 3.1.3.7).
    try:
        payload = id_token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (AttributeError, IndexError, ValueError):
        return ""
    return str(claims.get("email") or "") if isinstance(claims, dict) else ""


def _expiry_iso(expires_in):
    try:
        seconds = int(expires_in)
    except (TypeError, ValueError):
        seconds = 3600
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat()


def redeem_code(*, code, code_verifier, redirect_uri):
    """Exchange the code: (tokens to store, the account's email)."""
    response = send(
        session,
        "POST",
        settings.GOOGLE_TOKEN_URI,
        service=SERVICE,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": code_verifier,
            "redirect_uri": redirect_uri,
            "client_id": settings.GOOGLE_CLIENT_ID,
            "client_secret": settings.GOOGLE_CLIENT_SECRET,
        },
    )
    body = json_object(response, service=SERVICE)
    if not body.get("access_token") or not body.get("refresh_token"):
        raise ProviderRequestError("Google returned no offline access; allow calendar access and try again")
    if not all(isinstance(body.get(key) or "", str) for key in ("access_token", "refresh_token", "scope", "id_token")):
        raise unreadable_answer(SERVICE)
    granted = set((body.get("scope") or "").split())
    missing = [scope for scope in SCOPES if scope.startswith("https://") and scope not in granted]
    if granted and missing:
        raise ProviderRequestError("Calendar access was not granted; tick the calendar boxes when connecting")
    tokens = {
        "access_token": body["access_token"],
        "refresh_token": body["refresh_token"],
        "expiry": _expiry_iso(body.get("expires_in")),
        "scopes": sorted(granted) or SCOPES,
    }
    return tokens, _id_token_email(body.get("id_token", "")).strip().lower()


def _credentials(tokens):
    expiry = tokens.get("expiry")
    if expiry:
        # google-auth compares against a naive UTC clock.
        expiry = datetime.fromisoformat(expiry).astimezone(UTC).replace(tzinfo=None)
    return Credentials(
        tokens.get("access_token"),
        refresh_token=tokens.get("refresh_token"),
        token_uri=settings.GOOGLE_TOKEN_URI,
        client_id=settings.GOOGLE_CLIENT_ID,
        client_secret=settings.GOOGLE_CLIENT_SECRET,
        expiry=expiry,
    )


def _refusal(error):
    """The OAuth error code a RefreshError carries ("" when it carries none)."""
    details = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], dict) else {}
    code = details.get("error")
    return re.sub(r"[^a-z_]", "", code)[:64] if isinstance(code, str) else ""


def access_token(tokens, *, force_refresh=False):
    """A valid access token, refreshing when needed: (token, new tokens or None).

    Only a refusal of the grant (an OAuth error code such as invalid_grant: revoked, expired,
    unused for months) is ProviderAuthError, after which only a new consent helps. Outages,
    silence and answers google-auth cannot read (it raises TypeError, KeyError... on them)
    are ProviderTransientError.
    """
    credentials = _credentials(tokens)
    if credentials.valid and not force_refresh:
        return credentials.token, None
    if not credentials.refresh_token:
        raise ProviderAuthError("Google has no stored sign-in for this calendar; connect it again")
    try:
        credentials.refresh(_TimedRequest(session))
    except google.auth.exceptions.RefreshError as exc:
        refusal = _refusal(exc)
        if refusal and not exc.retryable:
            raise ProviderAuthError(
                f"Google refused the stored sign-in ({refusal}); connect the calendar again"
            ) from exc
        raise ProviderTransientError("Google sign-in is unavailable") from exc
    except google.auth.exceptions.TransportError as exc:
        raise ProviderTransientError("Google sign-in could not be reached") from exc
    except Exception as exc:
        logger.warning("Google sign-in answer unusable: %s", exc.__class__.__name__)
        raise unreadable_answer("Google sign-in") from exc
    if not isinstance(credentials.token, str):
        raise unreadable_answer("Google sign-in")
    changed = {
        **tokens,
        "access_token": credentials.token,
        "refresh_token": credentials.refresh_token or tokens.get("refresh_token"),
        "expiry": credentials.expiry.replace(tzinfo=UTC).isoformat() if credentials.expiry else None,
    }
    return credentials.token, changed


def _rfc3339(value):
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


class CalendarClient:
    """Calendar API calls for one access token and calendar."""

    def __init__(self, token, calendar_id="primary"):
        self.token = token
        self.calendar_id = calendar_id or "primary"
        self.base = settings.GOOGLE_CALENDAR_API_URL
        self.events_url = f"{self.base}/calendars/{quote(self.calendar_id, safe='')}/events"

    def _call(self, method, url, **kwargs):
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        return send(session, method, url, service=SERVICE, headers=headers, **kwargs)

    def list_events(self, start, end):
        """Every event instance overlapping [start, end), recurrences expanded, all pages."""
        params = {
            "timeMin": _rfc3339(start),
            "timeMax": _rfc3339(end),
            "singleEvents": "true",
            "orderBy": "startTime",
            "maxResults": PAGE_SIZE,
        }
        events = []
        while True:
            body = json_object(self._call("GET", self.events_url, params=params), service=SERVICE)
            events.extend(object_list(body.get("items"), service=SERVICE))
            # A page may be empty while more follow: only a missing token ends the list.
            page_token = body.get("nextPageToken")
            if not page_token:
                return events
            if not isinstance(page_token, str):
                raise unreadable_answer(SERVICE)
            params = {**params, "pageToken": page_token}

    def free_busy(self, start, end):
        """Busy (start, end) ISO strings for the calendar; errors inside the 200 are raised."""
        response = self._call(
            "POST",
            f"{self.base}/freeBusy",
            json={
                "timeMin": _rfc3339(start),
                "timeMax": _rfc3339(end),
                "timeZone": "UTC",
                "items": [{"id": self.calendar_id}],
            },
        )
        with reading_answer(SERVICE):
            calendar = (json_object(response, service=SERVICE).get("calendars") or {}).get(self.calendar_id)
            if calendar is None:
                raise ProviderRequestError("Google did not report on the calendar")
            errors = calendar.get("errors") or []
            if errors:
                reason = re.sub(r"[^A-Za-z_]", "", str(errors[0].get("reason", "unknown")))[:64]
                if reason in {"internalError", "backendError"}:
                    raise ProviderTransientError(f"Google could not read the calendar ({reason})")
                raise ProviderRequestError(f"Google could not read the calendar ({reason})")
            return [(item["start"], item["end"]) for item in calendar.get("busy") or []]

    def insert_event(self, *, event_id, start, end, summary, description, location=""):
        payload = {
            # A client-chosen id (base32hex): a retried insert cannot create a second event.
            "id": event_id,
            "summary": summary,
            "description": description,
            "start": {"dateTime": _rfc3339(start)},
            "end": {"dateTime": _rfc3339(end)},
            "transparency": "opaque",
        }
        if location:
            payload["location"] = location
        try:
            response = self._call("POST", self.events_url, params={"sendUpdates": "none"}, json=payload)
        except ProviderConflict:
            # An earlier attempt of this very insert went through.
            response = self._call("GET", f"{self.events_url}/{quote(event_id, safe='')}")
        created = json_object(response, service=SERVICE)
        if created.get("id", event_id) != event_id:
            raise unreadable_answer(SERVICE)
        return created

    def delete_event(self, event_id):
        self._call("DELETE", f"{self.events_url}/{quote(event_id, safe='')}", params={"sendUpdates": "none"})
