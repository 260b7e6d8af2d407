"""Microsoft identity platform (through msal) and Microsoft Graph calendar.

One requests Session (`session`) carries every call, msal's included: msal gets it as its
`http_client`, so the CALENDAR_HTTP_* timeout applies to sign-in and refresh too. msal's own
discovery answers are kept in a per-process `http_cache`, so building an app per connection
(each with that connection's token cache) costs no extra round trip.
"""

import logging
import warnings
from contextlib import contextmanager
from datetime import UTC
from urllib.parse import quote, urlsplit

import msal
import requests
from django.conf import settings

from .http import (
    ProviderAuthError,
    ProviderRequestError,
    ProviderTransientError,
    TimeoutSession,
    json_object,
    object_list,
    send,
    unreadable_answer,
)

logger = logging.getLogger(__name__)

SERVICE = "Microsoft"
# msal adds openid, profile and offline_access itself (they are reserved).
SCOPES = ["Calendars.ReadWrite", "User.Read"]
# Hosts msal knows how to validate through instance discovery; any other authority
# (a national cloud msal does not list, a test identity provider) is used as given.
MICROSOFT_LOGIN_HOSTS = frozenset(msal.authority.WELL_KNOWN_AUTHORITY_HOSTS)
# Errors after which only a new consent helps.
REAUTH_ERRORS = frozenset(
    {
        "invalid_grant",
        "interaction_required",
        "consent_required",
        "login_required",
        "invalid_client",
        "unauthorized_client",
    }
)
# Graph: times in UTC and ids that survive moving an event between folders.
GRAPH_PREFER = 'outlook.timezone="UTC", IdType="ImmutableId"'
PAGE_SIZE = 100

session = TimeoutSession()
_http_cache = {}


def is_configured():
    return bool(settings.MICROSOFT_CLIENT_ID and settings.MICROSOFT_CLIENT_SECRET)


def msal_app(token_cache=None):
    """The one factory for msal apps: configured authority, shared session and discovery cache.

    Building one discovers the authority (once per process and authority); call it inside
    `_signin_answers()` like every other msal call.
    """
    authority = settings.MICROSOFT_AUTHORITY
    return msal.ConfidentialClientApplication(
        settings.MICROSOFT_CLIENT_ID,
        client_credential=settings.MICROSOFT_CLIENT_SECRET,
        authority=authority,
        instance_discovery=urlsplit(authority).hostname in MICROSOFT_LOGIN_HOSTS,
        token_cache=token_cache,
        http_client=session,
        http_cache=_http_cache,
    )


@contextmanager
def _signin_answers():
    """msal's failures as ProviderTransientError.

    msal raises whatever an answer provokes: MsalServiceError for a 5xx, ValueError for an
    HTML page, TypeError or AttributeError for JSON of another shape, RuntimeError for an
    id_token that does not match, the session's own errors for silence. None of them says the
    grant was refused (that comes back as a result with an "error"), so none needs re-consent.
    """
    try:
        yield
    except requests.Timeout as exc:
        raise ProviderTransientError("Microsoft sign-in did not answer in time") from exc
    except msal.exceptions.MsalServiceError as exc:
        raise ProviderTransientError("Microsoft sign-in is unavailable") from exc
    except OSError as exc:  # requests' connection errors included
        raise ProviderTransientError("Microsoft sign-in could not be reached") from exc
    except Exception as exc:
        logger.warning("Microsoft sign-in answer unusable: %s", exc.__class__.__name__)
        raise unreadable_answer("Microsoft sign-in") from exc


def _result_or_raise(result):
    if not result:
        raise ProviderAuthError("Microsoft has no usable sign-in for this calendar; connect it again")
    if not isinstance(result, dict):
        raise unreadable_answer("Microsoft sign-in")
    error = result.get("error")
    if not error:
        if not isinstance(result.get("access_token"), str):
            raise unreadable_answer("Microsoft sign-in")
        return result
    if error in REAUTH_ERRORS:
        raise ProviderAuthError(f"Microsoft refused the stored sign-in ({error}); connect the calendar again")
    if error in {"temporarily_unavailable", "server_error"}:
        raise ProviderTransientError(f"Microsoft sign-in is unavailable ({error})")
    raise ProviderRequestError(f"Microsoft sign-in failed ({error})")


def begin_authorization(*, state, redirect_uri):
    """The authorization URL and what the callback needs back: (url, code_verifier, flow)."""
    with _signin_answers(), warnings.catch_warnings():
        # msal recommends form_post; LeaseLine's callback is a GET by contract (DESIGN.md), and
        # the code is protected by PKCE and a single-use state kept server side.
        warnings.filterwarnings("ignore", message="response_mode='form_post' is recommended")
        flow = msal_app().initiate_auth_code_flow(
            SCOPES, redirect_uri=redirect_uri, state=state, prompt="select_account", response_mode="query"
        )
    url = flow.pop("auth_uri")
    flow.pop("state")
    return url, flow.pop("code_verifier"), flow


def redeem_code(*, flow, code_verifier, state, code):
    """Exchange the code: the serialised token cache, the account id and the account's email."""
    cache = msal.SerializableTokenCache()
    with _signin_answers():
        app = msal_app(token_cache=cache)
        result = app.acquire_token_by_auth_code_flow(
            {**flow, "state": state, "code_verifier": code_verifier},
            {"state": state, "code": code},
            scopes=SCOPES,
        )
        accounts = app.get_accounts()
    result = _result_or_raise(result)
    if not accounts:
        raise ProviderRequestError("Microsoft returned no account")
    account = accounts[0]
    claims = result.get("id_token_claims")
    claims = claims if isinstance(claims, dict) else {}
    email = claims.get("preferred_username") or claims.get("email") or account.get("username") or ""
    tokens = {"msal_cache": cache.serialize(), "home_account_id": account["home_account_id"]}
    return tokens, str(email).strip().lower()


def access_token(tokens, *, force_refresh=False):
    """A valid access token from the stored cache (refreshing silently); (token, new tokens or None)."""
    cache = msal.SerializableTokenCache()
    cache.deserialize(tokens.get("msal_cache") or "{}")
    with _signin_answers():
        app = msal_app(token_cache=cache)
        account = next(
            (item for item in app.get_accounts() if item.get("home_account_id") == tokens.get("home_account_id")),
            None,
        )
        result = app.acquire_token_silent_with_error(SCOPES, account, force_refresh=force_refresh) if account else None
    result = _result_or_raise(result)
    changed = {**tokens, "msal_cache": cache.serialize()} if cache.has_state_changed else None
    return result["access_token"], changed


def _graph_time(value):
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


class GraphClient:
    """Graph calendar calls for one access token."""

    def __init__(self, token, calendar_id="primary"):
        self.token = token
        self.base = settings.MICROSOFT_GRAPH_URL
        # "primary" (the model's default) is the mailbox's default calendar.
        if calendar_id in ("", "primary"):
            self.calendar_path = "/me/calendar"
        else:
            self.calendar_path = f"/me/calendars/{quote(calendar_id, safe='')}"

    def _call(self, method, url, **kwargs):
        headers = {"Authorization": f"Bearer {self.token}", "Prefer": GRAPH_PREFER, "Accept": "application/json"}
        return send(session, method, url, service=SERVICE, headers=headers, **kwargs)

    def calendar_view(self, start, end):
        """Every event instance overlapping [start, end), recurrences expanded, all pages."""
        url = f"{self.base}{self.calendar_path}/calendarView"
        params = {
            "startDateTime": _graph_time(start) + "Z",
            "endDateTime": _graph_time(end) + "Z",
            "$top": PAGE_SIZE,
            "$select": "id,subject,start,end,isAllDay,isCancelled,showAs,location",
        }
        events = []
        while url:
            body = json_object(self._call("GET", url, params=params), service=SERVICE)
            events.extend(object_list(body.get("value"), service=SERVICE))
            # The next page is the whole nextLink, used as given, but the bearer token only
            # ever goes to the configured Graph.
            url, params = body.get("@odata.nextLink"), None
            if url and not isinstance(url, str):
                raise unreadable_answer(SERVICE)
            if url and not url.startswith(f"{self.base}/"):
                raise ProviderRequestError("Graph's next page points outside MICROSOFT_GRAPH_URL")
        return events

    def create_event(self, *, transaction_id, start, end, subject, body_text, location=""):
        payload = {
            "subject": subject,
            "body": {"contentType": "text", "content": body_text},
            "start": {"dateTime": _graph_time(start), "timeZone": "UTC"},
            "end": {"dateTime": _graph_time(end), "timeZone": "UTC"},
            # Graph drops a second POST with the same transactionId: a retry cannot double-book.
            "transactionId": transaction_id,
            "showAs": "busy",
        }
        if location:
            payload["location"] = {"displayName": location}
        response = self._call("POST", f"{self.base}{self.calendar_path}/events", json=payload)
        created = json_object(response, service=SERVICE)
        if not (created.get("id") and isinstance(created["id"], str)):
            raise unreadable_answer(SERVICE)
        return created

    def delete_event(self, event_id):
        self._call("DELETE", f"{self.base}/me/events/{quote(event_id, safe='')}")
