"""Site-wide error pages: the API answers in its one JSON error format, pages in HTML."""

import sys

from django.http import JsonResponse
from django.views import defaults

from .middleware import database_unavailable_response, is_api_request


def not_found(request, exception=None):
    if is_api_request(request):
        return JsonResponse({"error": "Not found.", "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    # A database lost inside a middleware (the session, the signed-in user) never reaches a
    # view's process_exception; it is still a 503, not a 500.
    database_down = database_unavailable_response(request, sys.exc_info()[1])
    if database_down is not None:
        return database_down
    if is_api_request(request):
        return JsonResponse({"error": "Something went wrong on our side.", "code": "server_error"}, status=500)
    return defaults.server_error(request)
