"""However many calendars hang, an availability read or a booking gives up within one budget."""

import time

import pytest

from agents.tests.factories import AgentFactory
from calendars.selectors import agent_free_slots
from calendars.services import CalendarUnavailable, appointment_book

from .flows import connect


@pytest.fixture
def three_hanging_calendars(api_client, user, google, calendar_settings):
    connections = [connect(api_client, google, "google", email=f"cal{n}@example.com") for n in range(3)]
    calendar_settings.CALENDAR_HTTP_TIMEOUT_SECONDS = 1.0
    calendar_settings.CALENDAR_HTTP_MAX_ATTEMPTS = 3
    calendar_settings.CALENDAR_CALL_BUDGET_SECONDS = 1.5
    # Each attempt would take 1 s; unbounded, three calendars x three attempts is 9 s.
    google.fail_next("/calendar/v3/", delay=2.0, times=50)
    return connections


@pytest.mark.django_db
def test_availability_fails_closed_within_the_budget(user, three_hanging_calendars):
    agent = AgentFactory(user=user, booking_calendar=three_hanging_calendars[0])
    began = time.monotonic()
    result = agent_free_slots(user=user, agent=agent, use_cache=False)
    assert time.monotonic() - began < 2.5
    assert result.slots == [] and "cannot be read" in result.error


@pytest.mark.django_db
def test_booking_gives_up_within_the_budget(user, three_hanging_calendars):
    from datetime import timedelta

    from django.utils import timezone

    agent = AgentFactory(user=user, booking_calendar=three_hanging_calendars[0])
    began = time.monotonic()
    with pytest.raises(CalendarUnavailable):
        appointment_book(
            user=user,
            agent=agent,
            start=timezone.now() + timedelta(days=2),
            attendee_name="Jamie",
        )
    assert time.monotonic() - began < 2.5
