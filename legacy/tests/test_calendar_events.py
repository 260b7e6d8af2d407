"""C6-C8: events, free slots and booking from the appointments page."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from calendars.models import Appointment
from calendars.tests.factories import AgentFactory, AppointmentFactory, RentalFactory

from .flows import connect

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
SLOTS = "/legacy/calendar/availability"
EVENTS = "/legacy/calendar/events"


def tomorrow_at(hour):
    day = timezone.now().astimezone(CHICAGO).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=CHICAGO)


def booking(slot, *, address="12 Elm St", name="Casey Caller", email="casey@example.com"):
    """The appointments page's call: everything in the query string (FE:src/app/appointments/page.tsx:L68-74)."""
    return {
        "subject": f"Property Viewing - {address}",
        "start_time": slot["start_time"],
        "end_time": slot["end_time"],
        "body": f"Property viewing appointment for {address}\n\nAttendee: {name} ({email})",
        "attendee_email": email,
    }


def test_events_have_the_fields_the_events_page_reads(frontend, manager, rival, microsoft):
    connect(frontend, microsoft, "microsoft", email="morgan@example.com")
    microsoft.add_event("morgan@example.com", start=tomorrow_at(10), end=tomorrow_at(11), subject="Showing at 12 Elm")
    mine = AppointmentFactory(user=manager, start=tomorrow_at(14), end=tomorrow_at(14) + timedelta(minutes=30))
    AppointmentFactory(user=rival, start=tomorrow_at(15), end=tomorrow_at(15) + timedelta(minutes=30))

    response = frontend.get(EVENTS, {"days_ahead": 14})
    assert response.status_code == 200, response.content
    events = response.json()["events"]
    assert [event["subject"] for event in events] == ["Showing at 12 Elm", f"Viewing: {mine.attendee_name}"]
    for event in events:
        assert event["attendees"] == []  # read unguarded: .length
        assert datetime.fromisoformat(event["start_time"]) < datetime.fromisoformat(event["end_time"])
        assert {"id", "location", "body", "is_online_meeting", "web_link"} <= set(event)
    assert datetime.fromisoformat(events[0]["start_time"]) == tomorrow_at(10)


def test_events_window_follows_days_ahead(frontend, manager):
    AppointmentFactory(user=manager, start=timezone.now() + timedelta(days=20))
    assert frontend.get(EVENTS, {"days_ahead": 14}).json()["events"] == []
    assert len(frontend.get(EVENTS, {"days_ahead": 30}).json()["events"]) == 1
    assert frontend.get(EVENTS, {"days_ahead": "lots"}).status_code == 400


def test_slots_use_my_first_active_agent_without_an_agent_id(frontend, manager):
    AgentFactory(
        user=manager, is_active=False, working_hours={d: [] for d in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}
    )
    agent = AgentFactory(user=manager)
    response = frontend.get(SLOTS, {"days_ahead": 7, "start_hour": 9, "end_hour": 17})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["agent_id"] == agent.pk
    slots = body["available_slots"]
    assert slots
    for slot in slots:
        start, end = datetime.fromisoformat(slot["start_time"]), datetime.fromisoformat(slot["end_time"])
        assert start.astimezone(CHICAGO).hour >= 9 and end.astimezone(CHICAGO).hour <= 17
        assert slot["formatted_time"] and slot["day"] == f"{start.astimezone(CHICAGO):%A}"


def test_slots_are_narrowed_to_the_hours_asked(frontend, manager):
    AgentFactory(user=manager)
    slots = frontend.get(SLOTS, {"days_ahead": 7, "start_hour": 13, "end_hour": 15}).json()["available_slots"]
    assert slots
    assert all(13 <= datetime.fromisoformat(slot["start_time"]).astimezone(CHICAGO).hour < 15 for slot in slots)


def test_no_slots_without_an_agent_of_my_own(frontend, rival):
    AgentFactory(user=rival)
    body = frontend.get(SLOTS, {"days_ahead": 7}).json()
    assert body["available_slots"] == [] and body["message"]


def test_booking_from_the_query_string_books_through_the_booking_service(frontend, manager, rival):
    agent = AgentFactory(user=manager)
    rental = RentalFactory(user=manager, address="12 Elm St")
    RentalFactory(user=rival, address="12 Elm St")
    slot = frontend.get(SLOTS, {"days_ahead": 7, "start_hour": 9, "end_hour": 17}).json()["available_slots"][0]

    response = frontend.post(EVENTS, query=booking(slot))
    assert response.status_code == 201, response.content
    appointment = Appointment.objects.get()
    assert (appointment.user, appointment.agent, appointment.rental) == (manager, agent, rental)
    assert appointment.attendee_name == "Casey Caller" and appointment.attendee_email == "casey@example.com"
    assert appointment.start == datetime.fromisoformat(slot["start_time"])
    assert appointment.source == Appointment.Source.API

    again = frontend.post(EVENTS, query=booking(slot, name="Other Person"))
    assert again.status_code == 409 and again.json()["message"]
    assert Appointment.objects.count() == 1
    later = frontend.get(SLOTS, {"days_ahead": 7}).json()["available_slots"]
    assert slot["start_time"] not in [s["start_time"] for s in later]


def test_booking_outside_the_agents_slots_is_refused(frontend, manager):
    AgentFactory(user=manager)
    night = tomorrow_at(3)
    slot = {"start_time": night.isoformat(), "end_time": (night + timedelta(minutes=30)).isoformat()}
    response = frontend.post(EVENTS, query=booking(slot))
    assert response.status_code == 409
    assert not Appointment.objects.exists()


def test_booking_without_an_agent_or_with_bad_input_is_400(frontend, manager):
    slot = {"start_time": tomorrow_at(10).isoformat(), "end_time": tomorrow_at(11).isoformat()}
    assert frontend.post(EVENTS, query=booking(slot)).status_code == 400
    AgentFactory(user=manager)
    assert frontend.post(EVENTS, query={**booking(slot), "start_time": "tomorrow"}).status_code == 400
    assert frontend.post(EVENTS, query={**booking(slot), "attendee_email": "not-an-email"}).status_code == 400
    assert not Appointment.objects.exists()


def test_calendar_reads_and_writes_need_a_token(anonymous):
    assert anonymous.get(EVENTS, {"days_ahead": 14}).status_code == 401
    assert anonymous.get(SLOTS, {"days_ahead": 7}).status_code == 401
    assert anonymous.post(EVENTS, query={"subject": "x", "start_time": "2030-01-01T10:00:00Z"}).status_code == 401
