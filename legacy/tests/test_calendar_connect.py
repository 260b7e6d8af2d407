"""C1-C5: the calendar status per provider, the connect round trip and disconnecting."""

import pytest

from calendars.models import CalendarConnection, OAuthState
from calendars.tests.factories import ConnectionFactory
from testsupport.fakes.calendar_provider import CLIENT_ID

from .conftest import FRONTEND_ORIGIN
from .flows import connect, query_of, start

pytestmark = pytest.mark.django_db

STATUS_PATHS = {"microsoft": "/legacy/calendar/auth/status", "google": "/legacy/calendar/google/auth/status"}
DISCONNECT_PATHS = {
    "microsoft": "/legacy/calendar/auth/disconnect",
    "google": "/legacy/calendar/google/auth/disconnect",
}


@pytest.mark.parametrize("provider", ["microsoft", "google"])
def test_status_without_a_calendar(frontend, provider):
    response = frontend.get(STATUS_PATHS[provider])
    assert response.status_code == 200
    body = response.json()
    assert body["authorized"] is False and body["provider"] == provider
    assert body["token_valid"] is False and body["calendar_verified"] is False


def test_status_shows_only_my_connection_of_that_provider(frontend, manager, rival):
    ConnectionFactory(user=manager, provider="google", account_email="me@example.com")
    ConnectionFactory(user=rival, provider="microsoft", account_email="rival@example.com")
    google = frontend.get(STATUS_PATHS["google"]).json()
    assert google["authorized"] is True and google["calendar_email"] == "me@example.com"
    assert google["token_valid"] is True and google["calendar_verified"] is True
    assert frontend.get(STATUS_PATHS["microsoft"]).json()["authorized"] is False


def test_a_connection_needing_reauth_is_not_authorized(frontend, manager):
    ConnectionFactory(user=manager, provider="microsoft", status="needs_reauth", last_error="Access was revoked")
    body = frontend.get(STATUS_PATHS["microsoft"]).json()
    assert body["authorized"] is False and body["calendar_error"] == "Access was revoked"


@pytest.mark.parametrize("provider", ["microsoft", "google"])
def test_start_is_a_307_to_the_provider(request, frontend, provider):
    request.getfixturevalue(provider)
    response = start(frontend, provider)
    assert response.status_code == 307
    assert response["Location"].startswith("https://") and query_of(response["Location"])["client_id"] == CLIENT_ID
    assert query_of(response["Location"])["redirect_uri"] == "http://testserver/api/calendar/auth/callback"
    assert OAuthState.objects.get().user.clerk_user_id == "user_frontend_manager"


def test_start_refuses_a_redirect_url_that_is_not_allowed(frontend, microsoft):
    response = start(frontend, "microsoft", redirect_url="https://evil.example")
    assert response.status_code == 400
    assert "redirect_url" in response.json()["fields"]
    assert not OAuthState.objects.exists()


def test_start_without_the_provider_configured_is_503(frontend, calendar_settings):
    calendar_settings.GOOGLE_CLIENT_ID = ""
    response = start(frontend, "google")
    assert response.status_code == 503 and response.json()["message"]


def test_start_needs_a_token(anonymous, microsoft):
    assert start(anonymous, "microsoft").status_code == 401


@pytest.mark.parametrize("provider", ["microsoft", "google"])
def test_connect_lands_and_sends_the_browser_to_the_users_page(request, frontend, manager, provider):
    fake = request.getfixturevalue(provider)
    response = connect(frontend, fake, provider, email="morgan@example.com")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{FRONTEND_ORIGIN}/users?")
    query = query_of(response["Location"])
    assert query["auth"] == "success" and query["message"]
    connection = CalendarConnection.objects.get()
    assert (connection.user, connection.provider, connection.account_email) == (manager, provider, "morgan@example.com")
    assert frontend.get(STATUS_PATHS[provider]).json()["authorized"] is True


def test_a_browser_not_signed_in_gets_an_error_banner_and_nothing_lands(frontend, google):
    response = connect(frontend, google, "google", email="morgan@example.com", signed_in_browser=False)
    query = query_of(response["Location"])
    assert query["auth"] == "error" and "not signed in" in query["message"]
    assert not CalendarConnection.objects.exists()


def test_a_declined_consent_is_an_error_banner(frontend, microsoft):
    response = connect(frontend, microsoft, "microsoft", email="m@example.com", code="", error="access_denied")
    assert query_of(response["Location"]) == {"auth": "error", "message": query_of(response["Location"])["message"]}
    assert "declined" in query_of(response["Location"])["message"]
    assert not CalendarConnection.objects.exists()


def test_the_finish_address_is_no_open_redirect(anonymous, calendar_settings):
    response = anonymous.client.get(
        "/legacy/calendar/auth/finish", {"to": "https://evil.example", "connected": "google"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/calendar/?")
    response = anonymous.client.get("/legacy/calendar/auth/finish", {"to": "//evil.example", "connected": "google"})
    assert response["Location"].startswith("/calendar/?")


@pytest.mark.parametrize("provider", ["microsoft", "google"])
def test_disconnect_answers_json_and_removes_only_that_provider(frontend, manager, rival, provider):
    other = "google" if provider == "microsoft" else "microsoft"
    ConnectionFactory(user=manager, provider=provider)
    kept = ConnectionFactory(user=manager, provider=other)
    theirs = ConnectionFactory(user=rival, provider=provider)
    response = frontend.delete(DISCONNECT_PATHS[provider])
    assert response.status_code == 200
    assert response.json()["success"] is True and response.json()["message"]
    assert set(CalendarConnection.objects.values_list("pk", flat=True)) == {kept.pk, theirs.pk}
    again = frontend.delete(DISCONNECT_PATHS[provider])
    assert again.status_code == 200 and again.json()["success"] is True


def test_status_and_disconnect_need_a_token(anonymous):
    assert anonymous.get(STATUS_PATHS["microsoft"]).status_code == 401
    assert anonymous.delete(DISCONNECT_PATHS["google"]).status_code == 401


def test_the_finish_address_words_only_a_known_provider(anonymous, calendar_settings):
    """A link anyone can make: the text it carries never reaches the frontend's banner."""
    spoof = "Support, call +1 900 555 0100. Your Microsoft"
    response = anonymous.client.get("/legacy/calendar/auth/finish", {"to": FRONTEND_ORIGIN, "connected": spoof})
    assert response.status_code == 302
    query = query_of(response["Location"])
    assert "900" not in query["message"] and "Support" not in query["message"]
    assert query["auth"] == "error"
