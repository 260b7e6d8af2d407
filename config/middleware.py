import logging
import re
import time

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)


class ServerTimingMiddleware:
    """Adds `Server-Timing: app;dur=<ms>` when SERVER_TIMING is on (the benchmark reads it).

    Off by default: response timings tell an outsider which paths do more work.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.SERVER_TIMING:
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response


DATABASE_DOWN_MESSAGE = "LeaseLine's database is unavailable right now; please try again in a minute."
DATABASE_RETRY_AFTER_SECONDS = 30


# /api/ and /legacy/ and a client's near misses of them: no trailing slash, capitals (/API/).
API_PATH = re.compile(r"^/(api|legacy)(/|$)", re.IGNORECASE)


def is_api_request(request):
    """Answered in the API's JSON error format rather than as a page."""
    return API_PATH.match(request.path_info) is not None


# The API's words for an error no API view worded itself: an unknown path, a wrong method on
# a plain Django view, a crash, a refusal by a middleware. The codes are DRF's where it has one.
API_ERRORS = {
    400: ("The request could not be read.", "bad_request"),
    401: ("Sign in first.", "not_authenticated"),
    403: ("You do not have permission to do this.", "permission_denied"),
    404: ("Not found.", "not_found"),
    405: ("This method is not allowed here.", "method_not_allowed"),
    429: ("Too many requests; try again later.", "throttled"),
    500: ("Something went wrong on our side.", "server_error"),
}


def api_error_response(status, reason=""):
    """The API's JSON error answer for an HTTP status."""
    message, code = API_ERRORS.get(status, (f"{reason or 'Error'}.", "error"))
    return JsonResponse({"error": message, "code": code}, status=status)


def database_unavailable_response(request, exc):
    """The 503 for a database that dropped (a lost or refused connection), or None for any
    other exception: a bad query is a bug and stays a 500."""
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return None
    logger.error("Database unavailable during %s %s: %s", request.method, request.path, exc.__class__.__name__)
    if is_api_request(request):
        response = JsonResponse({"error": DATABASE_DOWN_MESSAGE, "code": "database_unavailable"}, status=503)
    else:
        # Rendered without the request: the page must not reach for the user or the session.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """A database that drops mid-request is a 503 the client can retry, never a 500.

    The API answers in its JSON error format, pages with templates/503.html, both with Retry-After.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        return database_unavailable_response(request, exc)


class RefuseNulInQueryMiddleware:
    """A NUL character in the query string is a 400 before any view sees it.

    No page or API filter has a use for one, and PostgreSQL refuses NUL in text, so a filter
    (or an admin list filter) that handed it to the database would fail with a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            if is_api_request(request):
                return JsonResponse({"error": "The query contains a NUL character.", "code": "invalid"}, status=400)
            # Refused before django-csp sees the request: the page gets the site's policy here.
            response = defaults.bad_request(request, Exception())
            response[CSP_HEADER] = build_policy()
            return response
        return self.get_response(request)


class ErrorAnswerMiddleware:
    """No visitor meets one of Django's own error pages, in any mode.

    Every error under /api/ that is not JSON yet (an unknown path, a wrong method, a crash)
    becomes the API's error format. With DEBUG on, as on every `make run`, Django answers an
    unknown page with a list of every URL pattern and a crash or a bad request with its
    traceback; a page gets LeaseLine's 404, 500 or 400 instead, as with DEBUG off, with the
    site's Content-Security-Policy. Django has logged the error already (logger
    `django.request`). Only the body changes, so the headers and cookies the inner middleware
    set (CSP, Allow, the session) stay.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or response.streaming:
            return response
        if is_api_request(request):
            if not response.get("Content-Type", "").startswith("application/json"):
                _replace_body(response, api_error_response(response.status_code, response.reason_phrase))
            return response
        branded = _branded_page(request, response) if settings.DEBUG else None
        if branded is not None:
            _replace_body(response, branded)
            # django-csp leaves Django's debug pages without a policy; LeaseLine's pages have one.
            if not response.has_header(CSP_HEADER):
                response[CSP_HEADER] = build_policy()
        return response


# In Django's debug pages (a traceback, the URL list), never in LeaseLine's templates.
DJANGO_DEBUG_PAGE_MARK = b'<meta name="robots" content="NONE,NOARCHIVE">'


def _branded_page(request, response):
    """LeaseLine's page for what DEBUG shows as Django's own, or None to keep the response."""
    if response.status_code == 404:
        return defaults.page_not_found(request, Http404())
    if response.status_code == 500:
        return defaults.server_error(request)
    if response.status_code in (400, 403) and DJANGO_DEBUG_PAGE_MARK in response.content:
        # A bad request (a forged Host, a body too large) is a traceback page with DEBUG on.
        view = defaults.bad_request if response.status_code == 400 else defaults.permission_denied
        return view(request, Exception())
    return None


def _replace_body(response, replacement):
    response.content = replacement.content
    response["Content-Type"] = replacement["Content-Type"]
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
