"""Contract tests over every API route: scoping, authentication, slashes, schema."""

import re

import pytest
from django.urls import URLPattern, URLResolver
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from accounts.ownership import OwnedViewSetMixin
from config import api

# Views that are public on purpose; each authenticates its caller in its own way.
PUBLIC_VIEWS = {
    "ClerkWebhookView",  # Svix signature
    "VapiWebhookView",  # per-agent secret
    "CalendarAuthCallbackView",  # single-use OAuth state
}


def _api_views():
    for pattern in api.urlpatterns:
        if isinstance(pattern, URLResolver):
            continue
        view = pattern.callback
        cls = getattr(view, "cls", None)
        if cls is not None:
            yield pattern, cls, getattr(view, "actions", None)


def _sample_path(pattern: URLPattern):
    regex = pattern.pattern.regex.pattern
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", regex)
    path = path.replace("^", "").replace("$", "").replace("/?", "").replace("\\.", ".")
    path = re.sub(r"\(\?P<format>.*", "", path)
    return "/api/" + path.rstrip("/")


def test_every_viewset_is_owner_scoped(user):
    factory = APIRequestFactory()
    for _prefix, viewset, _basename in api.router.registry:
        assert issubclass(viewset, OwnedViewSetMixin), f"{viewset.__name__} is not owner-scoped"
        view = viewset()
        view.request = Request(factory.get("/"))
        view.request.user = user
        view.format_kwarg = None
        view.action = "list"
        view.kwargs = {}
        sql = str(view.get_queryset().query)
        assert re.search(rf'"user_id" = {user.pk}\b', sql), f"{viewset.__name__} does not filter by user"


@pytest.mark.django_db
def test_every_api_route_needs_credentials(anon_client):
    checked = 0
    for pattern, cls, actions in _api_views():
        if cls.__name__ in PUBLIC_VIEWS:
            continue
        path = _sample_path(pattern)
        methods = list(actions) if actions else [m for m in ("get", "post", "patch", "delete") if hasattr(cls, m)]
        for method in methods:
            response = getattr(anon_client, method)(path, data={}, format="json")
            assert response.status_code == 401, f"{method.upper()} {path} answered {response.status_code}"
            checked += 1
    assert checked >= 2


def test_public_views_are_listed_by_name():
    public = {cls.__name__ for _, cls, _ in _api_views() if issubclass(cls, APIView) and not cls.authentication_classes}
    assert public <= PUBLIC_VIEWS, f"unexpected public API views: {public - PUBLIC_VIEWS}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/users/me", "/api/users/me/"])
def test_paths_work_with_and_without_trailing_slash(api_client, path):
    assert api_client.get(path).status_code == 200
    assert api_client.patch(path, {"name": "Slash Tester"}, format="json").status_code == 200


@pytest.mark.django_db
def test_users_me_reads_and_updates_the_profile(api_client, user):
    body = api_client.get("/api/users/me").json()
    assert body == {
        "id": user.pk,
        "user_id": user.pk,
        "clerk_user_id": None,
        "email": "manager@example.com",
        "name": "Morgan Manager",
        "timezone": "America/Chicago",
        "date_joined": body["date_joined"],
    }
    response = api_client.patch(
        "/api/users/me",
        {"name": "Morgan M.", "timezone": "Europe/Paris", "email": "x@evil.test", "id": 999},
        format="json",
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.name, user.timezone, user.email) == ("Morgan M.", "Europe/Paris", "manager@example.com")


@pytest.mark.django_db
def test_bad_timezone_is_400_in_the_one_error_format(api_client, user):
    response = api_client.patch("/api/users/me", {"timezone": "Mars/Olympus"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "timezone" in body["fields"]
    assert body["error"]
    user.refresh_from_db()
    assert user.timezone == "America/Chicago"


@pytest.mark.django_db
def test_users_me_refuses_put_and_delete(api_client):
    assert api_client.put("/api/users/me", {}, format="json").status_code == 405
    assert api_client.delete("/api/users/me").status_code == 405


@pytest.mark.django_db
def test_anonymous_is_401_not_403(anon_client):
    response = anon_client.get("/api/users/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.django_db
def test_session_writes_need_csrf(user):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.patch("/api/users/me", {"name": "No CSRF"}, format="json")
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.name == "Morgan Manager"


@pytest.mark.django_db
def test_openapi_schema_and_offline_docs(api_client, client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    assert b"/api/users/me" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    # Offline: every asset comes from this site, none from a CDN.
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    asset = re.search(r'src="([^"]*swagger-ui-bundle\.js)"', html).group(1)
    assert client.get(asset).status_code == 200


@pytest.mark.django_db
def test_cors_allows_configured_origins_only(anon_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.leaseline.test"]
    allowed = anon_client.options(
        "/api/users/me", HTTP_ORIGIN="https://app.leaseline.test", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert allowed["Access-Control-Allow-Origin"] == "https://app.leaseline.test"
    refused = anon_client.options(
        "/api/users/me", HTTP_ORIGIN="https://evil.test", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "Access-Control-Allow-Origin" not in refused


@pytest.mark.django_db
def test_page_size_is_capped_at_200():
    from core.pagination import EnvelopePagination

    assert EnvelopePagination.max_page_size == 200
    assert EnvelopePagination.for_key("rentals").envelope_key == "rentals"
    assert EnvelopePagination.for_key("rentals") is EnvelopePagination.for_key("rentals")


@pytest.mark.django_db
def test_unknown_api_path_is_a_json_404(api_client):
    response = api_client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"error": "Not found.", "code": "not_found"}
