"""The refusals a visitor can meet are LeaseLine's own too, with DEBUG on (every `make run`) or
off: an expired form (CSRF), a forbidden page (403), an unreadable request (400). Near misses of
the API's paths (/api, /legacy, /API/) answer the JSON error format, and every branded page
sends the site's Content-Security-Policy."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponse
from django.test import Client
from django.urls import re_path
from rest_framework.test import APIClient

from config import urls as site_urls
from testsupport.clients import signed_in

pytestmark = pytest.mark.django_db


def _forbidden(request):
    raise PermissionDenied("not yours")


def _suspicious(request):
    raise SuspiciousOperation("a forged value")


def _form(request):
    return HttpResponse("saved")


def _form_with_errors(request):
    return HttpResponse("<p>Pick one of the free times first.</p>", status=400)


# The site's routes plus plain Django views (no DRF) as pages and under /api/ and /legacy/.
urlpatterns = [
    re_path(r"^forbidden/$", _forbidden),
    re_path(r"^suspicious/$", _suspicious),
    re_path(r"^form/$", _form),
    re_path(r"^form-with-errors/$", _form_with_errors),
    re_path(r"^api/forbidden/?$", _forbidden),
    re_path(r"^api/suspicious/?$", _suspicious),
    re_path(r"^api/form/?$", _form),
    re_path(r"^legacy/form/?$", _form),
    *site_urls.urlpatterns,
]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500

DEBUG_PAGE_WORDS = ["CSRF verification failed", "Forbidden", "Traceback", "Help", "settings.py", "SuspiciousOperation"]


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


@pytest.fixture
def careful_browser():
    """A browser whose forms Django checks for the CSRF token, as a real one's are."""
    return Client(enforce_csrf_checks=True)


def _assert_branded(response, status, marker, words):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'data-error="{marker}"' in html and words in html
    assert "Lease<span>Line</span>" in html
    for debug_words in DEBUG_PAGE_WORDS:
        assert debug_words not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    return html


def test_a_form_sent_after_its_token_expired_is_the_branded_expired_form_page(debug, user):
    browser = signed_in(user, lambda: Client(enforce_csrf_checks=True))
    response = browser.post("/rentals/new/", {"title": "Maple flat"}, HTTP_REFERER="http://testserver/rentals/new/")
    html = _assert_branded(response, 403, "csrf", "This form expired — reload the page and try again")
    assert 'href="http://testserver/rentals/new/"' in html
    # Still signed in: the menu is there, and a fresh token comes with the page.
    assert 'aria-label="Main"' in html and "csrftoken" in response.cookies


def test_a_form_sent_after_the_cookies_were_cleared_is_the_branded_page(debug, careful_browser):
    response = careful_browser.post("/login/", {"username": "a@example.com", "password": "x"})
    _assert_branded(response, 403, "csrf", "This form expired")


def test_the_expired_form_page_never_links_to_another_site(debug, careful_browser):
    response = careful_browser.post("/login/", {"username": "a"}, HTTP_REFERER="https://evil.example/login/")
    html = _assert_branded(response, 403, "csrf", "Reload the page")
    assert "evil.example" not in html


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("path", ["/api/form", "/api/form/", "/legacy/form", "/legacy/form/"])
def test_a_plain_view_under_the_api_without_a_token_answers_json(debug, careful_browser, path):
    response = careful_browser.post(path, {"name": "x"})
    assert response.status_code == 403
    assert response.json() == {
        "error": "The security token is missing or expired; reload the page and try again.",
        "code": "csrf_failed",
    }


def test_an_api_write_with_a_session_and_no_token_answers_json(debug, user):
    response = signed_in(user, lambda: APIClient(enforce_csrf_checks=True)).post("/api/rentals", {}, format="json")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"error", "code"} and "CSRF" in response.json()["error"]


@pytest.mark.urls(__name__)
def test_the_form_goes_through_with_its_token(debug, careful_browser):
    careful_browser.get("/login/")
    token = careful_browser.cookies["csrftoken"].value
    assert careful_browser.post("/form/", {"csrfmiddlewaretoken": token}).content == b"saved"


@pytest.mark.urls(__name__)
def test_a_forbidden_page_is_the_branded_403(debug, user):
    html = _assert_branded(signed_in(user, Client).get("/forbidden/"), 403, "403", "You cannot open this page")
    assert "not yours" not in html and 'aria-label="Main"' in html


@pytest.mark.urls(__name__)
def test_an_unreadable_request_is_the_branded_400(debug):
    html = _assert_branded(Client().get("/suspicious/"), 400, "400", "LeaseLine could not read this request")
    assert "a forged value" not in html


@pytest.mark.urls(__name__)
def test_a_page_that_answers_400_with_its_own_words_keeps_them(debug):
    response = Client().get("/form-with-errors/")
    assert response.status_code == 400 and b"Pick one of the free times first." in response.content


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("path", "status", "code"),
    [("/api/forbidden", 403, "permission_denied"), ("/api/suspicious/", 400, "bad_request")],
)
def test_refusals_under_the_api_outside_drf_answer_json(debug, path, status, code):
    response = Client().get(path)
    assert response.status_code == status
    assert response.json()["code"] == code and set(response.json()) == {"error", "code"}


@pytest.mark.parametrize("path", ["/api", "/legacy", "/API/", "/API", "/Legacy/agents", "/api/RENTALS/999"])
def test_near_misses_of_the_api_paths_answer_the_json_404(debug, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": "Not found.", "code": "not_found"}


@pytest.mark.parametrize("path", ["/apiary/", "/legacy-notes/", "/no-such-page"])
def test_pages_that_only_start_like_the_api_are_the_branded_404(debug, client, path):
    _assert_branded(client.get(path), 404, "404", "This page does not exist")


@pytest.mark.urls("config.tests.test_error_pages")
def test_the_branded_500_sends_the_sites_policy(debug):
    response = Client(raise_request_exception=False).get("/crash/")
    _assert_branded(response, 500, "500", "Something went wrong on our side")


def test_a_forged_host_is_the_branded_400_or_json_under_the_api(debug, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    html = _assert_branded(Client().get("/rentals/", HTTP_HOST="evil.example"), 400, "400", "could not read")
    assert "evil.example" not in html and "ALLOWED_HOSTS" not in html
    response = Client().get("/api/rentals", HTTP_HOST="evil.example")
    assert response.status_code == 400 and response.json()["code"] == "bad_request"
