"""Faults: calendar providers throttling, failing and hanging, and the database dropped while a
booking waits on the calendar. The caller hears a clear answer in time, nothing is booked
half-way, and the next try books once."""

import threading
import time

import pytest
from django.db import connection

from agents.tests.factories import AgentFactory
from calendars.models import Appointment
from calendars.selectors import agent_free_slots
from calendars.tests.conftest import calendar_settings, google, microsoft  # noqa: F401  (fixtures)
from calendars.tests.flows import connect
from testsupport.outages import database_sessions, terminate_sessions
from testsupport.waiting import wait_until
from voice.models import ToolInvocation
from voice.tests.conftest import Vapi
from voice.tests.payloads import tool_calls

from .faults_support import VAPI_BUDGET_SECONDS

SORRY_UNREADABLE = "Sorry, the calendar cannot be"
LEASELINE_FAILED = "Something went wrong on LeaseLine's side."


def tool_entry(response):
    assert response.status_code == 200, response.content
    [entry] = response.json()["results"]
    return entry


FAULTS = {
    "429": {"status": 429, "retry_after": 0},
    "500": {"status": 500},
    "503": {"status": 503},
    # Each attempt outlives CALENDAR_HTTP_TIMEOUT_SECONDS (0.5 s in calendar_settings).
    "timeout": {"delay": 1.0},
}
BUSY_READ = {"google": "/freeBusy", "microsoft": "/calendarView"}


def provider_events(fake):
    return [event for events in fake.events.values() for event in events.values()]


@pytest.fixture(params=["google", "microsoft"])
def provider_agent(request, user, api_client, calendar_settings):  # noqa: F811
    """An agent booking into a connected Google or Microsoft calendar, and that provider's fake."""
    fake = request.getfixturevalue(request.param)
    calendar = connect(api_client, fake, request.param, email=f"{request.param}@example.com")
    agent = AgentFactory(user=user, booking_calendar=calendar, vapi_assistant_id=f"asst-{request.param}")
    return agent, fake, request.param


def _booking(agent):
    start = agent_free_slots(user=agent.user, agent=agent, use_cache=False).slots[0].start
    return {"start": start.isoformat(), "attendee_name": "Jamie Renter", "attendee_phone": "+15125550199"}


@pytest.mark.django_db
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("tool", ["get_availability", "book_appointment"])
def test_a_calendar_that_cannot_be_read_gets_a_spoken_apology_and_books_nothing(provider_agent, fault, tool):
    agent, fake, provider = provider_agent
    arguments = _booking(agent) if tool == "book_appointment" else {}
    fake.fail_next(BUSY_READ[provider], times=10, **FAULTS[fault])

    began = time.monotonic()
    entry = Vapi().tool(agent, tool, arguments, tool_call_id=f"fault-{tool}")
    assert time.monotonic() - began < VAPI_BUDGET_SECONDS

    assert entry["result"].startswith(SORRY_UNREADABLE), entry
    assert not Appointment.objects.exists() and provider_events(fake) == []
    invocation = ToolInvocation.objects.get(tool_call_id=f"fault-{tool}")
    assert (invocation.result, invocation.error) == (entry["result"], "")


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["429", "500", "503", "403"])
def test_a_calendar_that_refuses_the_booking_leaves_nothing_and_the_next_try_books(provider_agent, fault):
    agent, fake, provider = provider_agent
    arguments = _booking(agent)
    fake.fail_next("/events", method="POST", times=10, **FAULTS.get(fault, {"status": int(fault)}))

    entry = Vapi().tool(agent, "book_appointment", arguments, tool_call_id="refused")

    assert entry["result"].startswith("Sorry, the calendar cannot be reached right now, so the viewing was not booked")
    assert not Appointment.objects.exists() and provider_events(fake) == []
    fake.faults.clear()
    retried = Vapi().tool(agent, "book_appointment", arguments, tool_call_id="retried")
    assert retried["result"].startswith("Booked a viewing for Jamie Renter"), retried
    assert Appointment.objects.count() == 1 and len(provider_events(fake)) == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_dropped_while_a_booking_waits_on_the_calendar(
    user,
    api_client,
    google,  # noqa: F811 (a fixture)
    calendar_settings,  # noqa: F811
):
    calendar_settings.CALENDAR_HTTP_TIMEOUT_SECONDS = 5
    calendar = connect(api_client, google, "google", email="g@example.com")
    agent = AgentFactory(user=user, booking_calendar=calendar, vapi_assistant_id="asst-db-drop")
    payload = tool_calls(agent.vapi_assistant_id, [("drop-1", "book_appointment", _booking(agent))])
    # The insert is answered late, so the booking sits inside its transaction, holding its locks.
    google.fail_next("/events", method="POST", delay=2)
    answers = []

    def vapi_posts():
        try:
            answers.append(Vapi().post(payload, secret=agent.webhook_secret))
        finally:
            connection.close()

    request = threading.Thread(target=vapi_posts)
    request.start()
    wait_until(lambda: google.seen("/events", "POST"), timeout=10, message="the calendar insert")
    [pid] = wait_until(
        lambda: database_sessions(state="idle in transaction"), timeout=5, message="the booking's database session"
    )
    terminate_sessions([pid])
    request.join(timeout=30)

    entry = tool_entry(answers[0])
    assert entry["error"].startswith(LEASELINE_FAILED), entry
    # Nothing half-written: no appointment, no record of the call, no event left in the calendar.
    assert not Appointment.objects.exists()
    assert not ToolInvocation.objects.exists()
    assert provider_events(google) == []

    # VAPI's assistant asks again with the same tool call: it is done now, once.
    entry = tool_entry(Vapi().post(payload, secret=agent.webhook_secret))
    assert entry["result"].startswith("Booked a viewing for Jamie Renter"), entry
    assert Appointment.objects.count() == 1 and len(provider_events(google)) == 1
    assert ToolInvocation.objects.get().tool_call_id == "drop-1"
