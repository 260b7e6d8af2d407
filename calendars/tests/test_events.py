"""GET /api/calendar/events: both providers through their fakes, paging, and every failure mode."""

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from calendars.models import CalendarConnection
from core.crypto import decrypt_tokens

from .factories import AgentFactory, AppointmentFactory
from .flows import connect

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")


def tomorrow_at(hour, minute=0, days=1):
    day = timezone.now().astimezone(CHICAGO).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHICAGO)


@pytest.fixture
def both(api_client, user, google, microsoft):
    return (
        connect(api_client, google, "google", email="g@example.com"),
        connect(api_client, microsoft, "microsoft", email="m@example.com"),
    )


def events(api_client, **params):
    response = api_client.get("/api/calendar/events", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_events_merge_both_providers_with_paging_in_the_users_timezone(api_client, user, both, google, microsoft):
    google_connection, microsoft_connection = both
    ten = tomorrow_at(10)
    for hour in (10, 12, 14):
        google.add_event("g@example.com", start=tomorrow_at(hour), end=tomorrow_at(hour, 30), summary=f"G{hour}")
    google.add_event("g@example.com", start=tomorrow_at(15), end=tomorrow_at(16), summary="Gone", status="cancelled")
    google.add_event(
        "g@example.com", start=tomorrow_at(16), end=tomorrow_at(17), summary="Gym", transparency="transparent"
    )
    day, next_day = ten.date().isoformat(), (ten.date() + timedelta(days=1)).isoformat()
    google.add_event("g@example.com", date=day, end_date=next_day, summary="Holiday")
    microsoft.add_event("m@example.com", start=tomorrow_at(11), end=tomorrow_at(12), subject="M11")
    microsoft.add_event(
        "m@example.com", start=tomorrow_at(13), end=tomorrow_at(14), subject="Maybe", show_as="tentative"
    )
    microsoft.add_event("m@example.com", start=tomorrow_at(15), end=tomorrow_at(16), subject="Away", show_as="oof")
    microsoft.add_event("m@example.com", start=tomorrow_at(16), end=tomorrow_at(17), subject="Off", cancelled=True)
    agent = AgentFactory(user=user)
    AppointmentFactory(user=user, agent=agent, start=tomorrow_at(9), end=tomorrow_at(9, 30), attendee_name="Ann")

    body = events(api_client, start=tomorrow_at(0).isoformat(), end=tomorrow_at(0, days=2).isoformat())

    assert body["errors"] == []
    titles = [event["title"] for event in body["events"]]
    assert titles == ["Holiday", "Viewing: Ann", "G10", "M11", "G12", "Maybe", "G14", "Away", "Gym"]
    by_title = {event["title"]: event for event in body["events"]}
    offset = tomorrow_at(10).strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}"
    assert by_title["G10"]["start"] == tomorrow_at(10).isoformat() and by_title["G10"]["start"].endswith(offset)
    assert by_title["Holiday"] == {
        "id": by_title["Holiday"]["id"],
        "provider": "google",
        "connection_id": google_connection.pk,
        "title": "Holiday",
        "start": tomorrow_at(0).isoformat(),
        "end": tomorrow_at(0, days=2).isoformat(),
        "all_day": True,
        "location": "",
        "show_as": "busy",
    }
    assert (by_title["Maybe"]["show_as"], by_title["Away"]["show_as"], by_title["Gym"]["show_as"]) == (
        "tentative",
        "oof",
        "free",
    )
    assert by_title["M11"]["connection_id"] == microsoft_connection.pk
    assert by_title["Viewing: Ann"]["provider"] == "builtin" and by_title["Viewing: Ann"]["connection_id"] is None
    # Paging was followed on both sides.
    assert len(google.seen("/events", "GET")) == 3
    assert len(microsoft.seen("/calendarView")) == 2
    assert "$skiptoken" in microsoft.seen("/calendarView")[1].query  # the absolute nextLink, as given


def test_default_window_and_validation(api_client, both, google):
    assert events(api_client)["events"] == []
    listed = google.seen("/events", "GET")[-1].query
    span = datetime.fromisoformat(listed["timeMax"]) - datetime.fromisoformat(listed["timeMin"])
    # Now to +7 days, read in whole hours so that calls a few seconds apart share a cache entry.
    assert timedelta(days=7) <= span <= timedelta(days=7, hours=1)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for params in (
        {"start": start.isoformat(), "end": (start + timedelta(days=63)).isoformat()},
        {"start": start.isoformat(), "end": (start - timedelta(days=1)).isoformat()},
        {"start": "yesterday"},
    ):
        response = api_client.get("/api/calendar/events/", params)
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("provider_name", ["google", "microsoft"])
def test_a_revoked_grant_marks_needs_reauth_and_is_reported_not_hidden(request, api_client, both, provider_name):
    fake = request.getfixturevalue(provider_name)
    other = "microsoft" if provider_name == "google" else "google"
    connection = CalendarConnection.objects.get(provider=provider_name)
    fake.revoke()
    fake.expire_access_tokens()  # the next call gets 401, the refresh gets invalid_grant

    body = events(api_client)

    [error] = body["errors"]
    assert (error["connection_id"], error["provider"]) == (connection.pk, provider_name)
    assert "connect the calendar again" in body["errors"][0]["error"]
    connection.refresh_from_db()
    assert connection.status == "needs_reauth"
    assert "invalid_grant" in connection.last_error
    listed = api_client.get("/api/calendar/connections").json()["connections"]
    assert {item["provider"]: item["status"] for item in listed} == {provider_name: "needs_reauth", other: "active"}

    # It is not used again until the user connects anew.
    calls = len(fake.requests)
    assert events(api_client)["errors"][0]["connection_id"] == connection.pk
    assert len(fake.requests) == calls


def test_throttling_waits_for_retry_after_then_succeeds(api_client, both, google, microsoft):
    google.add_event("g@example.com", start=tomorrow_at(10), end=tomorrow_at(11), summary="G")
    microsoft.add_event("m@example.com", start=tomorrow_at(12), end=tomorrow_at(13), subject="M")
    google.fail_next("/events", status=429, retry_after=0)
    microsoft.fail_next("/calendarView", status=429, retry_after=1)  # capped by CALENDAR_RETRY_AFTER_MAX_SECONDS

    body = events(api_client, start=tomorrow_at(0).isoformat(), end=tomorrow_at(0, days=2).isoformat())

    assert body["errors"] == []
    assert [event["title"] for event in body["events"]] == ["G", "M"]
    assert len(google.seen("/events")) == 2 and len(microsoft.seen("/calendarView")) == 2


def test_server_errors_are_transient_and_retried(api_client, both, google, microsoft):
    google.fail_next("/events", status=503)
    microsoft.fail_next("/calendarView", status=500)
    assert events(api_client)["errors"] == []

    google.fail_next("/events", status=500, times=5)
    body = events(api_client, start=tomorrow_at(0, days=3).isoformat())  # not in the cache
    assert [error["provider"] for error in body["errors"]] == ["google"]
    assert "unavailable (HTTP 500)" in body["errors"][0]["error"]
    # A transient failure does not cost the user their connection.
    assert CalendarConnection.objects.get(provider="google").status == "active"


def test_a_hanging_provider_answers_within_the_timeout_budget(api_client, both, google):
    google.fail_next("/events", delay=1.0, times=2)  # each attempt outlives the 0.5 s timeout
    began = time.monotonic()
    body = events(api_client)
    assert time.monotonic() - began < 2.5
    assert body["errors"][0]["provider"] == "google"
    assert "did not answer in time" in body["errors"][0]["error"]


def test_an_expired_google_access_token_is_refreshed_and_stored(api_client, both, google):
    connection = CalendarConnection.objects.get(provider="google")
    google.expire_access_tokens()  # 401 on the next call: refresh and retry once
    before = decrypt_tokens(connection.token_ciphertext)
    assert events(api_client)["errors"] == []
    connection.refresh_from_db()
    after = decrypt_tokens(connection.token_ciphertext)
    assert after["access_token"] != before["access_token"]
    assert after["refresh_token"] == before["refresh_token"]
    assert len(google.seen("/token")) == 2  # the code exchange, then one refresh


def test_a_microsoft_refresh_rotates_the_stored_refresh_token(api_client, both, microsoft):
    connection = CalendarConnection.objects.get(provider="microsoft")
    microsoft.expire_access_tokens()
    assert events(api_client)["errors"] == []
    connection.refresh_from_db()
    cache = decrypt_tokens(connection.token_ciphertext)["msal_cache"]
    assert microsoft.issued_refresh_tokens[-1] in cache
    assert microsoft.issued_refresh_tokens[0] not in cache


def test_events_are_cached_briefly_and_dropped_when_leaseline_books(api_client, user, both, google, microsoft):
    window = {"start": tomorrow_at(0).isoformat(), "end": tomorrow_at(0, days=2).isoformat()}
    events(api_client, **window)
    reads = len(google.requests), len(microsoft.requests)
    events(api_client, **window)
    assert (len(google.requests), len(microsoft.requests)) == reads  # both answered from the cache

    from calendars.services import appointment_book

    agent = AgentFactory(user=user, booking_calendar=both[0])
    appointment_book(user=user, agent=agent, start=tomorrow_at(10), attendee_name="Ann")
    body = events(api_client, **window)
    assert [event["title"] for event in body["events"]] == ["Viewing: Ann"]
    assert body["events"][0]["provider"] == "google"


def test_events_need_credentials(anon_client):
    assert anon_client.get("/api/calendar/events").status_code == 401
