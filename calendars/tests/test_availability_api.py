"""GET /api/calendar/availability and agent_free_slots: busy sources, caching, failing closed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from calendars.models import CalendarConnection
from calendars.selectors import agent_free_slots
from calendars.services import appointment_book, appointment_cancel

from .factories import AgentFactory, AppointmentFactory
from .flows import connect

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")


def day_at(hour, minute=0, days=1):
    day = timezone.now().astimezone(CHICAGO).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHICAGO)


def availability(client, agent, **params):
    response = client.get(
        "/api/calendar/availability",
        {"agent_id": agent.pk, "start": day_at(0).isoformat(), "end": day_at(0, days=2).isoformat(), **params},
    )
    assert response.status_code == 200, response.content
    return response.json()


def starts(body):
    return [slot["start"] for slot in body["slots"]]


def test_builtin_calendar_uses_working_hours_and_appointments(api_client, user):
    agent = AgentFactory(user=user, timezone="America/Chicago")
    AppointmentFactory(user=user, agent=agent, start=day_at(10), end=day_at(10, 30))
    AppointmentFactory(user=user, agent=agent, start=day_at(11), end=day_at(11, 30), status="cancelled")
    body = availability(api_client, agent)
    assert body["timezone"] == "America/Chicago" and "error" not in body
    assert starts(body)[0] == day_at(9).isoformat() and len(body["slots"]) == 15
    assert day_at(10).isoformat() not in starts(body) and day_at(11).isoformat() in starts(body)
    assert body["slots"][0] == {"start": day_at(9).isoformat(), "end": day_at(9, 30).isoformat()}
    longer = availability(api_client, agent, duration_minutes=60)
    assert longer["slots"][0] == {"start": day_at(9).isoformat(), "end": day_at(10).isoformat()}


def test_every_connection_of_the_user_counts_as_busy(api_client, user, google, microsoft):
    google_calendar = connect(api_client, google, "google", email="g@example.com")
    connect(api_client, microsoft, "microsoft", email="m@example.com")
    agent = AgentFactory(user=user, booking_calendar=google_calendar, buffer_minutes=0)
    google.add_event("g@example.com", start=day_at(9), end=day_at(10))
    google.add_event("g@example.com", start=day_at(10), end=day_at(11), transparency="transparent")
    microsoft.add_event("m@example.com", start=day_at(12), end=day_at(13), show_as="tentative")
    microsoft.add_event("m@example.com", start=day_at(14), end=day_at(15), show_as="free")
    microsoft.add_event("m@example.com", start=day_at(15), end=day_at(16), show_as="oof")
    microsoft.add_event("m@example.com", start=day_at(16), end=day_at(17), cancelled=True)
    taken = {day_at(hour, minute).isoformat() for hour in (9, 12, 15) for minute in (0, 30)}
    free = {day_at(hour, minute).isoformat() for hour in (10, 14, 16) for minute in (0, 30)}
    body = availability(api_client, agent)
    assert not taken & set(starts(body))
    assert free <= set(starts(body))


def test_microsoft_all_day_events_block_the_whole_day(api_client, user, microsoft):
    calendar = connect(api_client, microsoft, "microsoft", email="m@example.com")
    agent = AgentFactory(user=user, booking_calendar=calendar)
    midnight = day_at(0)
    microsoft.add_event(
        "m@example.com",
        start=midnight.replace(tzinfo=ZoneInfo("UTC")),
        end=(midnight + timedelta(days=1)).replace(tzinfo=ZoneInfo("UTC")),
        all_day=True,
    )
    body = availability(api_client, agent, end=day_at(0, days=3).isoformat())
    assert not [start for start in starts(body) if start.startswith(midnight.date().isoformat())]
    assert [start for start in starts(body) if start.startswith((midnight + timedelta(days=1)).date().isoformat())]


def test_busy_time_is_cached_briefly_and_dropped_on_book_and_cancel(api_client, user, google):
    calendar = connect(api_client, google, "google", email="g@example.com")
    agent = AgentFactory(user=user, booking_calendar=calendar)
    availability(api_client, agent)
    availability(api_client, agent)
    assert len(google.seen("/freeBusy")) == 1  # the second answer came from the cache

    # Booking reads live (never the cache) and drops the cache.
    appointment = appointment_book(user=user, agent=agent, start=day_at(9), attendee_name="A")
    assert len(google.seen("/freeBusy")) == 2
    body = availability(api_client, agent)
    assert len(google.seen("/freeBusy")) == 3
    assert day_at(9).isoformat() not in starts(body)

    appointment_cancel(user=user, appointment=appointment)
    assert day_at(9).isoformat() in starts(availability(api_client, agent))
    assert len(google.seen("/freeBusy")) == 4

    agent_free_slots(user=user, agent=agent, use_cache=False)
    assert len(google.seen("/freeBusy")) == 5


def test_fails_closed_when_a_calendar_cannot_be_read(api_client, user, google):
    calendar = connect(api_client, google, "google", email="g@example.com")
    agent = AgentFactory(user=user, booking_calendar=calendar)
    google.fail_next("/freeBusy", status=502, times=5)
    body = availability(api_client, agent)
    assert body["slots"] == [] and "cannot be read" in body["error"]


def test_fails_closed_when_google_reports_an_error_inside_a_200(api_client, user, google):
    calendar = connect(api_client, google, "google", email="g@example.com")
    agent = AgentFactory(user=user, booking_calendar=calendar)
    errors = [{"domain": "global", "reason": "notFound"}]
    google.fail_next(
        "/freeBusy",
        status=200,
        body={
            "kind": "calendar#freeBusy",
            "calendars": {"primary": {"busy": [], "errors": errors}},
        },
    )
    body = availability(api_client, agent)
    assert body["slots"] == [] and "notFound" in body["error"]


@pytest.mark.parametrize("broken_is_the_booking_calendar", [True, False])
def test_fails_closed_when_any_connection_needs_reauth(
    api_client, user, google, microsoft, broken_is_the_booking_calendar
):
    google_calendar = connect(api_client, google, "google", email="g@example.com")
    microsoft_calendar = connect(api_client, microsoft, "microsoft", email="m@example.com")
    broken = google_calendar if broken_is_the_booking_calendar else microsoft_calendar
    CalendarConnection.objects.filter(pk=broken.pk).update(status="needs_reauth", last_error="revoked")
    agent = AgentFactory(user=user, booking_calendar=google_calendar)
    body = availability(api_client, agent)
    assert body["slots"] == []
    assert "needs to be connected again" in body["error"]


def test_a_revoked_token_fails_closed_instead_of_showing_everything_free(api_client, user, google):
    calendar = connect(api_client, google, "google", email="g@example.com")
    agent = AgentFactory(user=user, booking_calendar=calendar)
    google.revoke()
    google.expire_access_tokens()
    body = availability(api_client, agent)
    assert body["slots"] == [] and "connect the calendar again" in body["error"]
    assert CalendarConnection.objects.get().status == "needs_reauth"


def test_query_validation_and_scoping(api_client, user, other_user):
    mine, theirs = AgentFactory(user=user), AgentFactory(user=other_user)
    assert api_client.get("/api/calendar/availability").status_code == 400
    assert api_client.get("/api/calendar/availability", {"agent_id": theirs.pk}).status_code == 400
    assert api_client.get("/api/calendar/availability/", {"agent_id": mine.pk}).status_code == 200
    for bad in (
        {"duration_minutes": 0},
        {"duration_minutes": "x"},
        {"start": "later"},
        {"start": day_at(10).isoformat(), "end": day_at(9).isoformat()},
    ):
        assert api_client.get("/api/calendar/availability", {"agent_id": mine.pk, **bad}).status_code == 400


def test_default_window_runs_from_now_to_the_horizon(user):
    agent = AgentFactory(user=user, booking_horizon_days=3, min_notice_minutes=120)
    result = agent_free_slots(user=user, agent=agent)
    now = timezone.now()
    assert result.error is None and result.slots
    assert result.slots[0].start >= now + timedelta(minutes=120)
    assert result.slots[-1].end <= now + timedelta(days=3)
