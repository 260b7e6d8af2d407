"""H1, H2, U1 and U2 as the frontend calls them, and what is refused."""

import pytest

from accounts.models import User

from .conftest import CLERK_SECRET_KEY, FRONTEND_ORIGIN, Frontend

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/legacy/health", "/legacy/health/"])
def test_health_lets_the_browser_in_with_cors(anonymous, settings, path):
    settings.CORS_ALLOWED_ORIGINS = [FRONTEND_ORIGIN]
    response = anonymous.get(path, Origin=FRONTEND_ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONTEND_ORIGIN


def test_preflight_of_the_browser_calls_is_answered_without_credentials(anonymous, settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONTEND_ORIGIN]
    response = anonymous.client.options(
        "/legacy/vapi/assistants",
        headers={
            "Origin": FRONTEND_ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONTEND_ORIGIN
    assert "authorization" in response["Access-Control-Allow-Headers"].lower()


def test_other_origins_get_no_cors_header(anonymous, settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONTEND_ORIGIN]
    response = anonymous.get("/legacy/health", Origin="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response


def test_root_says_running(anonymous):
    response = anonymous.get("/legacy/")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "running"
    assert isinstance(body["features"], list) and isinstance(body["links"], dict)
    assert body["links"]["health"] == "/legacy/health"


@pytest.mark.parametrize("path", ["/legacy/users/me", "/legacy/users/me/"])
def test_users_me_has_what_the_proxy_reads(frontend, manager, path):
    response = frontend.get(path)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["user_id"] == manager.pk and body["user_id"]
    assert body["email"] == "manager@example.com"
    assert body["full_name"] == "Morgan Manager"
    assert body["created_at"].startswith(str(manager.date_joined.year))


def test_users_me_creates_a_new_clerk_user_just_in_time(clerk):
    response = Frontend(clerk.token("user_brand_new", email="new@example.com")).get("/legacy/users/me")
    assert response.status_code == 200
    assert response.json()["user_id"] == User.objects.get(clerk_user_id="user_brand_new").pk


def test_users_me_is_read_only(frontend):
    assert frontend.patch("/legacy/users/me", {"name": "X"}).status_code == 405


def test_users_me_without_a_token_is_401_with_the_words_the_proxy_reads(anonymous):
    response = anonymous.get("/legacy/users/me")
    assert response.status_code == 401
    assert response.json()["detail"] and response.json()["message"]


def test_the_clerk_secret_key_is_never_a_credential(anonymous):
    secret = Frontend(CLERK_SECRET_KEY)
    for response in (
        secret.get("/legacy/users/me"),
        secret.post(
            "/legacy/users/create-from-clerk",
            {"clerk_user_id": "user_x", "email": "x@example.com", "first_name": "X", "last_name": "Y"},
        ),
        secret.get("/legacy/users/by-clerk-id/user_frontend_manager"),
        secret.patch("/legacy/users/by-clerk-id/user_frontend_manager", {"email": "evil@example.com"}),
        secret.delete("/legacy/users/by-clerk-id/user_frontend_manager"),
        secret.patch("/legacy/users/user_frontend_manager/calendar-status", {"provider": "google", "connected": True}),
        secret.get("/legacy/agents"),
    ):
        assert response.status_code == 401, response.content
    assert not User.objects.filter(clerk_user_id="user_x").exists()


def test_a_signed_in_manager_cannot_write_users_through_the_relay(frontend, manager):
    response = frontend.post("/legacy/users/create-from-clerk", {"clerk_user_id": "user_y", "email": "y@example.com"})
    assert response.status_code == 403
    assert "/api/webhooks/clerk" in response.json()["message"]
    assert not User.objects.filter(clerk_user_id="user_y").exists()


def test_unknown_legacy_paths_are_json_404(frontend):
    response = frontend.get("/legacy/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_the_api_schema_documents_api_only(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/vapi/webhook" in schema.content and b"/legacy/" not in schema.content
