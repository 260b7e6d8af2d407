"""Voice tools on a connected Google calendar (the calendars app's loopback fake): booking
writes the event, and a hanging provider still gets an answer well inside VAPI's 20 s."""

import time

import pytest

from agents.tests.factories import AgentFactory
from calendars.models import Appointment
from calendars.selectors import agent_free_slots
from calendars.tests.conftest import calendar_settings, google  # noqa: F401  (fixtures)
from calendars.tests.flows import connect

from .payloads import CALL_ID


@pytest.fixture
def google_agent(api_client, user, google):  # noqa: F811
    calendar = connect(api_client, google, "google", email="g@example.com")
    return AgentFactory(user=user, booking_calendar=calendar, vapi_assistant_id="asst-google-0001")


@pytest.mark.django_db
def test_a_viewing_booked_by_voice_lands_in_the_google_calendar(vapi, google_agent, google):  # noqa: F811
    start = agent_free_slots(user=google_agent.user, agent=google_agent).slots[0].start
    entry = vapi.tool(
        google_agent,
        "book_appointment",
        {
            "start": start.isoformat(),
            "attendee_name": "Jamie Renter",
            "attendee_phone": "+15125550199",
        },
    )
    assert entry["result"].startswith("Booked a viewing for Jamie Renter")
    appointment = Appointment.objects.get()
    assert appointment.connection == google_agent.booking_calendar and appointment.vapi_call_id == CALL_ID
    [event] = google.all_events()
    assert "Jamie Renter" in event["summary"]


@pytest.mark.django_db
@pytest.mark.parametrize("tool", ["get_availability", "book_appointment"])
def test_a_hanging_calendar_gets_a_spoken_apology_in_time(vapi, google_agent, google, tool):  # noqa: F811
    arguments = {}
    if tool == "book_appointment":
        # Booking reads the calendar live, so a slot read a moment ago (and cached) does not help it.
        start = agent_free_slots(user=google_agent.user, agent=google_agent).slots[0].start
        arguments = {"start": start.isoformat(), "attendee_name": "Jamie", "attendee_phone": "5125550199"}
    google.fail_next("/calendar/v3/", delay=1.0, times=20)  # every attempt outlives the 0.5 s timeout
    began = time.monotonic()
    entry = vapi.tool(google_agent, tool, arguments)
    assert time.monotonic() - began < 5
    assert entry["result"].startswith("Sorry, the calendar cannot be")
    assert "T" not in entry["result"].split("right now")[1].split(".")[0]
    assert not Appointment.objects.exists()
