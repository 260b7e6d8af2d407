"""The HTTP boundary shared by the calendar provider clients.

Every call has the CALENDAR_HTTP_TIMEOUT_SECONDS timeout; `send` retries (RETRY_POLICY, urllib3's
Retry on the session's adapter) 429 and Google's 403 rate limits, 5xx, timeouts and connection
failures up to CALENDAR_HTTP_MAX_ATTEMPTS, waiting as Retry-After says (bounded by
CALENDAR_RETRY_AFTER_MAX_SECONDS), all within the time budget; failures become the few
exceptions below, and so does an answer
that cannot be read (an HTML page with a 200, JSON of another shape). Messages name status
codes and provider error codes only: never a token, a header or a body.
"""

import contextvars
import functools
import json
import logging
import time
from contextlib import contextmanager

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ReadTimeoutError
from urllib3.util import Timeout

from core.retries import RetryPolicy

logger = logging.getLogger(__name__)


class ProviderError(Exception):
    """A calendar provider call failed. `str(error)` is safe to show and to store."""


class ProviderTransientError(ProviderError):
    """Timeouts, 5xx, throttling that outlasted the retries: trying later may work."""


class ProviderAuthError(ProviderError):
    """The grant is invalid or revoked: the connection needs the user to connect again."""


class ProviderRequestError(ProviderError):
    """The provider refused the request for good (4xx)."""


class ProviderNotFound(ProviderRequestError):
    """404 or 410: the item is not there (any more)."""


class ProviderConflict(ProviderRequestError):
    """409: the item exists already (a retried insert with the same client-chosen id)."""


def unreadable_answer(service):
    # Garbage comes from proxies and outage pages more than from the provider itself, so it
    # counts as transient: it never marks a connection needs_reauth.
    return ProviderTransientError(f"{service} sent an answer LeaseLine cannot read")


@contextmanager
def reading_answer(service):
    """Reading a provider's answer: a missing field, a value of the wrong type or a bad date inside
    becomes ProviderTransientError instead of escaping as KeyError, TypeError, ValueError..."""
    try:
        yield
    except (AttributeError, IndexError, KeyError, OverflowError, TypeError, ValueError) as exc:
        logger.warning("%s sent an unreadable answer (%s)", service, exc.__class__.__name__)
        raise unreadable_answer(service) from exc


def json_object(response, *, service):
    """The JSON object a 2xx answer carries; anything else is ProviderTransientError."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        logger.warning("%s answered HTTP %s without a JSON object", service, response.status_code)
        raise unreadable_answer(service)
    return body


def object_list(value, *, service):
    """A list of JSON objects from an answer (missing: empty); anything else is ProviderTransientError."""
    items = value or []
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise unreadable_answer(service)
    return items


_deadline = contextvars.ContextVar("calendar_deadline", default=None)


@contextmanager
def time_budget(seconds):
    """Every provider call inside shares `seconds`: timeouts shrink to what is left and no attempt
    starts after it runs out. Nested budgets keep the earlier deadline.

    One slow calendar, or several, then cannot hold a voice tool past VAPI's 20 s.
    """
    outer = _deadline.get()
    token = _deadline.set(min(outer, time.monotonic() + seconds) if outer else time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def with_call_budget(function):
    """Runs `function` inside one CALENDAR_CALL_BUDGET_SECONDS time budget."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with time_budget(settings.CALENDAR_CALL_BUDGET_SECONDS):
            return function(*args, **kwargs)

    return wrapper


def _remaining():
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


def _bounded(seconds):
    remaining = _remaining()
    return seconds if remaining is None else max(0.0, min(seconds, remaining))


def request_timeout(seconds=None):
    """The timeout for one request: the configured one, shortened to what a time budget leaves."""
    seconds = settings.CALENDAR_HTTP_TIMEOUT_SECONDS if seconds is None else seconds
    return seconds if _remaining() is None else max(0.05, _bounded(seconds))


class _BudgetTimeout(Timeout):
    """The timeout of each attempt, retries included: `request_timeout` when the attempt starts."""

    def __init__(self, seconds):
        self.seconds = seconds
        super().__init__(connect=request_timeout(seconds), read=request_timeout(seconds))

    def clone(self):
        # urllib3 clones the timeout at the start of every attempt.
        return Timeout(connect=request_timeout(self.seconds), read=request_timeout(self.seconds))


class TimeoutSession(requests.Session):
    """A Session whose every request has the calendar timeout unless one is given.

    Libraries that take a ready-made session (msal's `http_client`) pass no timeout of
    their own, so the default lives here. Only calls made through `send` are retried.
    """

    def __init__(self):
        super().__init__()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=32, max_retries=RETRY_POLICY)
        self.mount("https://", adapter)
        self.mount("http://", adapter)

    def request(self, method, url, **kwargs):
        kwargs["timeout"] = _BudgetTimeout(kwargs.get("timeout"))
        return super().request(method, url, **kwargs)


def _error_code(response):
    """The provider's machine error code from a Graph or Google error body, if any."""
    # A 403's body was read by RETRY_POLICY (Google's rate limits are told there), and
    # urllib3 keeps what it read as `raw.data`.
    content = response.content or getattr(response.raw, "data", None) or b""
    return _error_code_in(content)


def _error_code_in(content):
    try:
        body = json.loads(content)
    except (ValueError, TypeError):
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, str):
        return error
    if isinstance(error, dict):
        details = error.get("errors") or []
        reason = details[0].get("reason") if details and isinstance(details[0], dict) else ""
        return str(reason or error.get("code") or error.get("status") or "")
    return ""


# Google answers some throttling with 403 usageLimits instead of 429.
_RATE_LIMIT_CODES = {"rateLimitExceeded", "userRateLimitExceeded"}


def _is_rate_limit(response):
    return response.status_code == 403 and _error_code(response) in _RATE_LIMIT_CODES


def _retries_answer(response):
    """A 403 is retried only when it is a rate limit; urllib3 keeps the body read here as `data`."""
    if response.status != 403:
        return True
    return _error_code_in(response.read(decode_content=True, cache_content=True)) in _RATE_LIMIT_CODES


def _backoff(attempt, response, error):
    """The wait when no Retry-After says: none after a timeout, 1 s when throttled, else 0.2 s a try."""
    if isinstance(error, ReadTimeoutError) or (
        isinstance(error, ConnectTimeoutError) and not isinstance(error, NewConnectionError)
    ):
        return 0.0
    throttled = response is not None and response.status in (403, 429)
    return min(1.0 if throttled else 0.2 * attempt, settings.CALENDAR_RETRY_AFTER_MAX_SECONDS)


# How many attempts `send` allows; any other call on the session (msal's, google-auth's) has one.
_attempts = contextvars.ContextVar("calendar_attempts", default=1)

RETRY_POLICY = RetryPolicy(
    attempts=_attempts.get,
    statuses={403, 429, *range(500, 600)},
    retry_answer=_retries_answer,
    backoff=_backoff,
    retry_after_cap=lambda: settings.CALENDAR_RETRY_AFTER_MAX_SECONDS,
    time_left=_remaining,
    min_time_left=0.05,
)


def send(session, method, url, *, service, **kwargs):
    """One provider call, retried by RETRY_POLICY; returns a 2xx response or raises a ProviderError."""
    if _remaining() is not None and _remaining() <= 0.05:
        raise ProviderTransientError(f"{service} did not answer in time")
    token = _attempts.set(max(1, settings.CALENDAR_HTTP_MAX_ATTEMPTS))
    try:
        response = session.request(method, url, **kwargs)
    except requests.Timeout:
        logger.warning("%s %s timed out", service, method)
        raise ProviderTransientError(f"{service} did not answer in time")
    except requests.RequestException as exc:
        logger.warning("%s %s failed: %s", service, method, exc.__class__.__name__)
        raise ProviderTransientError(f"{service} could not be reached")
    finally:
        _attempts.reset(token)
    status = response.status_code
    if status < 400:
        return response
    if status == 429 or _is_rate_limit(response):
        logger.warning("%s %s throttled", service, method)
        raise ProviderTransientError(f"{service} is throttling requests (HTTP {status})")
    if status >= 500:
        logger.warning("%s %s answered %s", service, method, status)
        raise ProviderTransientError(f"{service} is unavailable (HTTP {status})")
    code = _error_code(response)
    described = f"{service} refused the request (HTTP {status}{', ' + code if code else ''})"
    if status == 401:
        raise ProviderAuthError(f"{service} no longer accepts LeaseLine's access (HTTP 401)")
    if status in (404, 410):
        raise ProviderNotFound(described)
    if status == 409:
        raise ProviderConflict(described)
    raise ProviderRequestError(described)
