from datetime import timedelta

import pytest
from django.db import connection as db_connection
from django.utils import timezone
from rest_framework.test import APIClient

from calendars.models import CalendarConnection, OAuthState, PendingCalendarConnection

from .flows import complete_pending, connect, finish_connect, query_of, start_connect

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("provider_name", ["microsoft", "google"])
def test_connect_end_to_end_stores_an_active_connection(request, api_client, user, provider_name):
    fake = request.getfixturevalue(provider_name)
    url = start_connect(api_client, provider_name)
    query = query_of(url)
    assert query["code_challenge_method"] == "S256"
    assert query["redirect_uri"] == "http://testserver/api/calendar/auth/callback"
    if provider_name == "google":
        assert query["access_type"] == "offline"

    location, result = finish_connect(fake, url, email="Morgan@Example.com", browser=api_client)

    assert location.startswith("/calendar/?")
    assert result == {"connected": provider_name}
    connection = CalendarConnection.objects.get(user=user)
    assert (connection.provider, connection.account_email, connection.status) == (
        provider_name,
        "morgan@example.com",
        "active",
    )
    assert connection.token_ciphertext
    assert not OAuthState.objects.exists()  # single use: consumed

    listed = api_client.get("/api/calendar/connections").json()
    assert listed["count"] == 1
    assert listed["connections"][0] == {
        "id": connection.pk,
        "provider": provider_name,
        "account_email": "morgan@example.com",
        "status": "active",
        "last_error": "",
        "created_at": listed["connections"][0]["created_at"],
    }


def test_reconnecting_the_same_account_renews_it(api_client, user, google):
    first = connect(api_client, google, "google", email="a@example.com")
    CalendarConnection.objects.filter(pk=first.pk).update(status="needs_reauth", last_error="revoked")
    second = connect(api_client, google, "google", email="a@example.com")
    assert second.pk == first.pk
    assert (second.status, second.last_error) == ("active", "")


def test_state_is_single_use(api_client, google):
    url = start_connect(api_client, "google")
    consent = google.consent(url, email="a@example.com")

    assert query_of(api_client.get("/api/calendar/auth/callback", consent)["Location"]) == {"connected": "google"}
    replay = api_client.get("/api/calendar/auth/callback", consent)
    assert query_of(replay["Location"]) == {"error": "invalid_state"}
    assert CalendarConnection.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"state": "forged-state"}, "invalid_state"),
        ({"state": ""}, "invalid_state"),
        ({"code": "", "error": "access_denied"}, "access_denied"),
        ({"code": ""}, "missing_code"),
        ({"code": "not-a-code-the-provider-issued"}, "exchange_failed"),
    ],
)
@pytest.mark.parametrize("provider_name", ["microsoft", "google"])
def test_bad_callbacks_store_nothing(request, api_client, provider_name, overrides, error):
    fake = request.getfixturevalue(provider_name)
    _, result = finish_connect(fake, start_connect(api_client, provider_name), email="a@example.com", **overrides)
    assert result == {"error": error}
    assert not CalendarConnection.objects.exists()


def test_expired_state_is_refused(api_client, google):
    url = start_connect(api_client, "google")
    OAuthState.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    _, result = finish_connect(google, url, email="a@example.com")
    assert result == {"error": "expired_state"}
    assert not CalendarConnection.objects.exists()


def test_the_state_binds_the_user_who_started(api_client, other_client, user, other_user, google):
    url = start_connect(other_client, "google")
    finish_connect(google, url, email="rival@example.com", browser=other_client)
    assert CalendarConnection.objects.get().user == other_user
    assert api_client.get("/api/calendar/connections").json()["count"] == 0


def test_only_a_digest_of_the_state_is_stored(api_client, google):
    state = query_of(start_connect(api_client, "google"))["state"]
    stored = OAuthState.objects.get()
    assert state not in stored.state_digest and stored.state_digest != state
    assert abs((stored.expires_at - stored.created_at) - timedelta(minutes=10)) < timedelta(seconds=1)


def test_redirect_url_is_used_and_checked(api_client, google):
    url = start_connect(api_client, "google", redirect_url="http://localhost:3000/settings?tab=calendar")
    location, result = finish_connect(google, url, email="a@example.com", browser=api_client)
    assert location.startswith("http://localhost:3000/settings?")
    assert result == {"tab": "calendar", "connected": "google"}

    for bad in ("https://evil.example.com/", "//evil.example.com/x", "javascript:alert(1)"):
        response = api_client.get("/api/calendar/auth/start", {"provider": "google", "redirect_url": bad})
        assert response.status_code == 400
        assert response.json()["fields"]["redirect_url"]
    assert not OAuthState.objects.exists()  # the refused starts stored no state


def test_start_validates_the_provider_and_needs_credentials(api_client, anon_client, calendar_settings):
    assert api_client.get("/api/calendar/auth/start", {"provider": "yahoo"}).status_code == 400
    assert api_client.get("/api/calendar/auth/start").status_code == 400
    calendar_settings.GOOGLE_CLIENT_ID = ""
    response = api_client.get("/api/calendar/auth/start/", {"provider": "google"})
    assert response.status_code == 503
    assert response.json()["code"] == "not_configured"
    assert anon_client.get("/api/calendar/auth/start", {"provider": "google"}).status_code == 401


def test_callback_needs_no_credentials_and_tolerates_garbage(anon_client, calendar_settings):
    response = anon_client.get("/api/calendar/auth/callback/", {"state": "x" * 5000, "error": "<script>"})
    assert response.status_code == 302
    assert query_of(response["Location"]) == {"error": "invalid_state"}


# A connect is bound to the manager who started it ---------------------------------------------


def _pending_dump():
    with db_connection.cursor() as cursor:
        cursor.execute("SELECT * FROM calendars_pendingcalendarconnection")
        return repr(cursor.fetchall())


def test_a_consent_link_opened_by_another_signed_in_manager_connects_nothing(
    api_client, other_client, user, other_user, google
):
    """A starts a connect and sends the consent link to B: B's calendar must not land on A's account."""
    url = start_connect(api_client, "google")
    location, result = finish_connect(google, url, email="victim@example.com", browser=other_client)

    assert set(result) == {"pending"} and location.startswith("/calendar/?pending=")
    assert not CalendarConnection.objects.exists()
    assert api_client.get("/api/calendar/connections").json()["count"] == 0
    refused = complete_pending(other_client, result["pending"])
    assert (refused.status_code, refused.json()["code"]) == (404, "not_found")
    assert not PendingCalendarConnection.objects.exists()  # the victim's tokens are erased
    assert complete_pending(api_client, result["pending"]).status_code == 404
    assert not CalendarConnection.objects.exists()


@pytest.mark.parametrize("provider_name", ["microsoft", "google"])
def test_a_browser_without_the_managers_session_parks_the_tokens_until_the_manager_completes(
    request, api_client, user, provider_name
):
    fake = request.getfixturevalue(provider_name)
    location, result = finish_connect(fake, start_connect(api_client, provider_name), email="Morgan@Example.com")

    assert set(result) == {"pending"}
    assert not CalendarConnection.objects.exists()
    pending = PendingCalendarConnection.objects.get()
    assert (pending.user, pending.provider) == (user, provider_name)
    assert abs((pending.expires_at - pending.created_at) - timedelta(minutes=10)) < timedelta(seconds=1)
    dump = _pending_dump()
    for secret in [result["pending"], *fake.issued_access_tokens, *fake.issued_refresh_tokens]:
        assert secret not in dump

    completed = complete_pending(api_client, result["pending"])

    assert completed.status_code == 200, completed.content
    connection = CalendarConnection.objects.get(user=user)
    assert completed.json() == {
        "id": connection.pk,
        "provider": provider_name,
        "account_email": "morgan@example.com",
        "status": "active",
        "last_error": "",
        "created_at": completed.json()["created_at"],
    }
    assert not PendingCalendarConnection.objects.exists()
    assert complete_pending(api_client, result["pending"]).status_code == 404  # single use
    assert api_client.get("/api/calendar/events").json()["errors"] == []  # the parked tokens work


def test_another_manager_cannot_complete_a_parked_connect_and_erases_it(api_client, other_client, google):
    _, result = finish_connect(google, start_connect(api_client, "google"), email="a@example.com")

    refused = complete_pending(other_client, result["pending"])

    assert refused.status_code == 404 and "a@example.com" not in refused.content.decode()
    assert not PendingCalendarConnection.objects.exists()
    assert complete_pending(api_client, result["pending"]).status_code == 404
    assert not CalendarConnection.objects.exists()


def test_an_expired_unknown_or_missing_code_is_refused(api_client, anon_client, google):
    _, result = finish_connect(google, start_connect(api_client, "google"), email="a@example.com")
    assert complete_pending(anon_client, result["pending"]).status_code == 401
    assert complete_pending(api_client, "not-a-code").status_code == 404
    assert complete_pending(api_client, "x" * 5000).status_code in (400, 404)
    assert api_client.post("/api/calendar/auth/complete/", {}, format="json").status_code == 400
    PendingCalendarConnection.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert complete_pending(api_client, result["pending"]).status_code == 404
    assert not PendingCalendarConnection.objects.exists()
    assert not CalendarConnection.objects.exists()


def test_the_clerk_session_cookie_completes_the_connect_at_once(clerk, user, google):
    user.clerk_user_id = "user_manager"
    user.save(update_fields=["clerk_user_id"])
    frontend = APIClient()
    frontend.credentials(HTTP_AUTHORIZATION=f"Bearer {clerk.token('user_manager')}")
    browser = APIClient()
    browser.cookies["__session"] = clerk.token("user_manager")

    _, result = finish_connect(google, start_connect(frontend, "google"), email="a@example.com", browser=browser)

    assert result == {"connected": "google"}
    assert CalendarConnection.objects.get().user == user


@pytest.mark.parametrize("provider_name", ["microsoft", "google"])
def test_an_account_email_too_long_to_store_is_refused_cleanly(request, api_client, provider_name):
    fake = request.getfixturevalue(provider_name)
    email = "a" * 300 + "@example.com"
    _, result = finish_connect(fake, start_connect(api_client, provider_name), email=email, browser=api_client)
    assert result == {"error": "exchange_failed"}
    assert not CalendarConnection.objects.exists()


def test_parked_tokens_and_states_past_their_ten_minutes_are_erased_by_the_scheduled_purge(user):
    from calendars.models import PendingCalendarConnection
    from calendars.tasks import purge_expired_connects

    past = timezone.now() - timedelta(seconds=1)
    future = timezone.now() + timedelta(minutes=5)
    PendingCalendarConnection.objects.create(
        user=user, provider="google", code_digest="a" * 64, token_ciphertext="x", expires_at=past
    )
    kept = PendingCalendarConnection.objects.create(
        user=user, provider="google", code_digest="b" * 64, token_ciphertext="y", expires_at=future
    )
    OAuthState.objects.create(user=user, provider="google", state_digest="c" * 64, expires_at=past)

    assert purge_expired_connects.delay().get() == 2

    assert list(PendingCalendarConnection.objects.all()) == [kept]
    assert not OAuthState.objects.exists()
