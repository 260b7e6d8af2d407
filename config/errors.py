"""Site-wide error pages with DEBUG off: the API answers in its one JSON error format, pages
with templates/404.html and 500.html. With DEBUG on, `ErrorAnswerMiddleware` gives the same."""

import sys

from django.views import defaults

from .middleware import api_error_response, database_unavailable_response, is_api_request


def not_found(request, exception=None):
    if is_api_request(request):
        return api_error_response(404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    # A database lost inside a middleware (the session, the signed-in user) never reaches a
    # view's process_exception; it is still a 503, not a 500.
    database_down = database_unavailable_response(request, sys.exc_info()[1])
    if database_down is not None:
        return database_down
    if is_api_request(request):
        return api_error_response(500)
    return defaults.server_error(request)
