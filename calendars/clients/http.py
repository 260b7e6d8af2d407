"""The HTTP boundary shared by the calendar provider clients.

Every call has the CALENDAR_HTTP_TIMEOUT_SECONDS timeout; 429 waits Retry-After (bounded by
CALENDAR_RETRY_AFTER_MAX_SECONDS), 5xx and timeouts are retried up to
CALENDAR_HTTP_MAX_ATTEMPTS; failures become the few exceptions below, and so does an answer
that cannot be read (an HTML page with a 200, JSON of another shape). Messages name status
codes and provider error codes only: never a token, a header or a body.
"""
import contextvars
import functools
import logging
import time
from contextlib import contextmanager

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter

from core.http import retry_after_seconds

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


class TimeoutSession(requests.Session):
    """A Session whose every request has the calendar timeout unless one is given.

    Libraries that take a ready-made session (msal's `http_client`) pass no timeout of
    their own, so the default lives here.
    """

    def __init__(self):
        super().__init__()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=32)
        self.mount("https://", adapter)
        self.mount("http://", adapter)

    def request(self, method, url, **kwargs):
        kwargs["timeout"] = request_timeout(kwargs.get("timeout"))
        return super().request(method, url, **kwargs)


def retry_after_wait(response, default=1.0):
    """The wait a 429/5xx asks for (or `default`), capped by CALENDAR_RETRY_AFTER_MAX_SECONDS."""
    asked = retry_after_seconds(response.headers.get("Retry-After"))
    return min(default if asked is None else asked, settings.CALENDAR_RETRY_AFTER_MAX_SECONDS)


def _error_code(response):
    """The provider's machine error code from a Graph or Google error body, if any."""
    try:
        body = response.json()
    except ValueError:
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, str):
        return error
    if isinstance(error, dict):
        details = error.get("errors") or []
        reason = details[0].get("reason") if details and isinstance(details[0], dict) else ""
        return str(reason or error.get("code") or error.get("status") or "")
    return ""


def _is_rate_limit(response):
    # Google answers some throttling with 403 usageLimits instead of 429.
    return response.status_code == 403 and _error_code(response) in {
        "rateLimitExceeded",
        "userRateLimitExceeded",
    }


def send(session, method, url, *, service, **kwargs):
    """One provider call with bounded retries; returns a 2xx response or raises a ProviderError."""
    attempts = max(1, settings.CALENDAR_HTTP_MAX_ATTEMPTS)
    problem = ""
    for attempt in range(1, attempts + 1):
        if _remaining() is not None and _remaining() <= 0.05:
            problem = problem or f"{service} did not answer in time"
            break
        try:
            response = session.request(method, url, **kwargs)
        except requests.Timeout:
            problem = f"{service} did not answer in time"
            logger.warning("%s %s timed out (attempt %s/%s)", service, method, attempt, attempts)
            continue
        except requests.RequestException as exc:
            problem = f"{service} could not be reached"
            logger.warning(
                "%s %s failed: %s (attempt %s/%s)", service, method, exc.__class__.__name__, attempt, attempts
            )
            if attempt < attempts:
                time.sleep(_bounded(min(0.2 * attempt, settings.CALENDAR_RETRY_AFTER_MAX_SECONDS)))
            continue
        status = response.status_code
        if status < 400:
            return response
        code = _error_code(response)
        if status == 429 or _is_rate_limit(response):
            problem = f"{service} is throttling requests (HTTP {status})"
            logger.warning("%s %s throttled (attempt %s/%s)", service, method, attempt, attempts)
            if attempt < attempts:
                time.sleep(_bounded(retry_after_wait(response)))
            continue
        if status >= 500:
            problem = f"{service} is unavailable (HTTP {status})"
            logger.warning("%s %s answered %s (attempt %s/%s)", service, method, status, attempt, attempts)
            if attempt < attempts:
                time.sleep(_bounded(retry_after_wait(response, default=0.2 * attempt)))
            continue
        described = f"{service} refused the request (HTTP {status}{', ' + code if code else ''})"
        if status == 401:
            raise ProviderAuthError(f"{service} no longer accepts LeaseLine's access (HTTP 401)")
        if status in (404, 410):
            raise ProviderNotFound(described)
        if status == 409:
            raise ProviderConflict(described)
        raise ProviderRequestError(described)
    raise ProviderTransientError(problem)
