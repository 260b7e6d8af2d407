import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse

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


def is_api_request(request):
    """Answered in the API's JSON error format rather than as a page."""
    return request.path.startswith(("/api/", "/legacy/"))


def database_unavailable_response(request, exc):
    """The 503 for a database that dropped (a lost or refused connection), or None for any
    other exception: a bad query is a bug and stays a 500."""
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return None
    logger.error("Database unavailable during %s %s: %s", request.method, request.path, exc.__class__.__name__)
    if is_api_request(request):
        response = JsonResponse({"error": DATABASE_DOWN_MESSAGE, "code": "database_unavailable"}, status=503)
    else:
        response = HttpResponse(DATABASE_DOWN_MESSAGE, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """A database that drops mid-request is a 503 the client can retry, never a 500.

    The API answers in its JSON error format, pages in plain text, both with Retry-After.
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
            return HttpResponse("The query contains a NUL character.", status=400, content_type="text/plain")
        return self.get_response(request)
