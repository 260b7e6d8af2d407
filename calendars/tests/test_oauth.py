from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from calendars.models import CalendarConnection, OAuthState

from .flows import connect, finish_connect, start_connect

pytestmark = pytest.mark.django_db


def _query(url):
    return {key: values[-1] for key, values in parse_qs(urlsplit(url).query).items()}


@pytest.mark.parametrize("provider_name", ["microsoft", "google"])
def test_connect_end_to_end_stores_an_active_connection(request, api_client, user, provider_name):
    fake = request.getfixturevalue(provider_name)
    url = start_connect(api_client, provider_name)
    query = _query(url)
    assert query["code_challenge_method"] == "S256"
    assert query["redirect_uri"] == "http://testserver/api/calendar/auth/callback"
    if provider_name == "google":
        assert query["access_type"] == "offline"

    location, result = finish_connect(fake, url, email="Morgan@Example.com")

    assert location.startswith("/calendar/?")
    assert result == {"connected": provider_name}
    connection = CalendarConnection.objects.get(user=user)
    assert (connection.provider, connection.account_email, connection.status) == (
        provider_name, "morgan@example.com", "active",
    )
    assert connection.token_ciphertext
    assert not OAuthState.objects.exists()  # single use: consumed

    listed = api_client.get("/api/calendar/connections").json()
    assert listed["count"] == 1
    assert listed["connections"][0] == {
        "id": connection.pk, "provider": provider_name, "account_email": "morgan@example.com",
        "status": "active", "last_error": "", "created_at": listed["connections"][0]["created_at"],
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
    from rest_framework.test import APIClient

    assert _query(APIClient().get("/api/calendar/auth/callback", consent)["Location"]) == {"connected": "google"}
    replay = APIClient().get("/api/calendar/auth/callback", consent)
    assert _query(replay["Location"]) == {"error": "invalid_state"}
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
    finish_connect(google, url, email="rival@example.com")
    assert CalendarConnection.objects.get().user == other_user
    assert api_client.get("/api/calendar/connections").json()["count"] == 0


def test_only_a_digest_of_the_state_is_stored(api_client, google):
    state = _query(start_connect(api_client, "google"))["state"]
    stored = OAuthState.objects.get()
    assert state not in stored.state_digest and stored.state_digest != state
    assert abs((stored.expires_at - stored.created_at) - timedelta(minutes=10)) < timedelta(seconds=1)


def test_redirect_url_is_used_and_checked(api_client, google):
    url = start_connect(api_client, "google", redirect_url="http://localhost:3000/settings?tab=calendar")
    location, result = finish_connect(google, url, email="a@example.com")
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
    assert _query(response["Location"]) == {"error": "invalid_state"}
