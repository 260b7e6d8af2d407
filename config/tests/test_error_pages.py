"""No visitor meets one of Django's own error pages, with DEBUG on (every `make run`) or off:
pages get LeaseLine's 404 and 500, and every path under /api/ answers in the JSON error format."""

import logging

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import re_path
from django.views.decorators.http import require_POST

from config import urls as site_urls
from testsupport.clients import signed_in

pytestmark = pytest.mark.django_db


def _crash(request):
    raise RuntimeError("a bug in a view")


@require_POST
def _post_only(request):
    return HttpResponse("done")


# The site's routes plus plain Django views (no DRF) as a page and under /api/.
urlpatterns = [
    re_path(r"^crash/$", _crash),
    re_path(r"^api/crash/?$", _crash),
    re_path(r"^api/post-only/?$", _post_only),
    *site_urls.urlpatterns,
]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_an_unknown_page_is_the_branded_404_without_the_url_list(debug, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-error="404"' in html and "This page does not exist" in html
    assert "URLconf" not in html and "healthz" not in html and "api/schema" not in html
    assert "Lease<span>Line</span>" in html


def test_a_missing_object_on_a_page_is_the_branded_404(debug, user):
    response = signed_in(user, Client).get("/rentals/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-error="404"' in html and "No Rental matches" not in html
    # Signed in: the page keeps the menu, so the manager can go on from here.
    assert 'aria-label="Main"' in html


@pytest.mark.parametrize("path", ["/api/nope", "/api/nope/deeper/", "/api/rentals/999999"])
def test_an_unknown_api_path_answers_the_json_404(debug, api_client, path):
    response = api_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found" and set(response.json()) == {"error", "code"}


@pytest.mark.urls(__name__)
def test_a_wrong_method_on_a_plain_view_under_api_answers_json(debug, client):
    response = client.get("/api/post-only")
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert response.json() == {"error": "This method is not allowed here.", "code": "method_not_allowed"}


@pytest.mark.urls(__name__)
def test_a_crashing_page_is_the_branded_500_and_is_logged(debug, caplog):
    browser = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = browser.get("/crash/")
    assert response.status_code == 500
    html = response.content.decode()
    assert 'data-error="500"' in html and "Something went wrong on our side" in html
    assert "Traceback" not in html and "a bug in a view" not in html and "SECRET_KEY" not in html
    assert any(record.exc_info and "a bug in a view" in str(record.exc_info[1]) for record in caplog.records)


@pytest.mark.urls(__name__)
def test_a_crash_under_api_outside_drf_answers_the_json_500(debug):
    response = Client(raise_request_exception=False).post("/api/crash")
    assert response.status_code == 500
    assert response.json() == {"error": "Something went wrong on our side.", "code": "server_error"}


def test_the_branded_pages_keep_the_headers_the_inner_middleware_set(debug, client):
    response = client.get("/no-such-page/")
    assert response["X-Frame-Options"] == "DENY"
    # django-csp leaves Django's debug pages without a policy; LeaseLine's pages always have one.
    assert "script-src 'self'" in response["Content-Security-Policy"]
    if response.has_header("Content-Length"):
        assert int(response["Content-Length"]) == len(response.content)
