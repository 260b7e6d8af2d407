"""Site-wide error pages: the API answers in its one JSON error format, pages with LeaseLine's
templates/400.html, 403.html, 403_csrf.html, 404.html and 500.html. With DEBUG on,
`ErrorAnswerMiddleware` gives the same for what Django would show as a debug page."""

import sys

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

from .middleware import api_error_response, database_unavailable_response, is_api_request

CSRF_API_MESSAGE = "The security token is missing or expired; reload the page and try again."


def bad_request(request, exception=None):
    if is_api_request(request):
        return api_error_response(400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api_request(request):
        return api_error_response(403)
    return defaults.permission_denied(request, exception)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (an old tab, cleared cookies), in any mode.

    Django has logged the reason already; the visitor gets a way back to the form. Rendering
    with the request hands the browser a fresh token, so the reloaded form goes through.
    """
    if is_api_request(request):
        return JsonResponse({"error": CSRF_API_MESSAGE, "code": "csrf_failed"}, status=403)
    return render(request, "403_csrf.html", {"back": _back_to_the_form(request)}, status=403)


def _back_to_the_form(request):
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return request.path if request.method == "GET" else "/"


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
