"""The booking page books a slot picked from the agent's free times, and offers the next ones when it was taken."""

import re
from datetime import datetime, time
from html import unescape

import pytest
from django.test import Client

from calendars.models import Appointment
from calendars.selectors import agent_free_slots
from calendars.slots import day_words
from testsupport.clients import signed_in

from .factories import AgentFactory, AppointmentFactory, RentalFactory
from .flows import CHICAGO, day_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(user):
    return signed_in(user, Client)


def slot_values(html):
    return re.findall(r'type="radio" name="start" value="([^"]+)"', html)


def test_the_booking_page_shows_the_first_free_day_as_buttons(browser, user):
    agent = AgentFactory(user=user, agent_name="Maple line")

    html = browser.get("/calendar/appointments/new/").content.decode()

    first = agent_free_slots(user=user, agent=agent).slots[0].start
    day = first.astimezone(CHICAGO).date()
    engine = agent_free_slots(
        user=user, agent=agent, start=datetime.combine(day, time(0), tzinfo=CHICAGO), end=day_at(0, days=2)
    )
    values = slot_values(html)
    assert values and values[0] == first.isoformat()
    assert set(values) <= {slot.start.isoformat() for slot in engine.slots}
    assert day_words(day) in html and 'type="datetime-local"' not in html
    assert 'id="slot-picker-start"' in html and 'hx-get="/calendar/slots/?tz=America/Chicago"' in html


def test_booking_a_picked_slot_goes_through_the_booking_service(browser, user):
    agent = AgentFactory(user=user)
    rental = RentalFactory(user=user, title="Maple flat")
    html = browser.get("/calendar/appointments/new/", {"agent": agent.pk, "day": day_at(0).date().isoformat()})
    chosen = [value for value in slot_values(html.content.decode()) if value == day_at(10).isoformat()]
    assert chosen

    response = browser.post(
        "/calendar/appointments/new/",
        {"agent": agent.pk, "start": chosen[0], "attendee_name": "Avery Renter", "rental": rental.pk},
        follow=True,
    )

    appointment = Appointment.objects.get()
    assert appointment.user == user and appointment.agent == agent and appointment.rental == rental
    assert appointment.start == day_at(10) and appointment.source == "web"
    page = response.content.decode()
    assert f"Booked Avery Renter on {day_words(day_at(0).date())} at 10:00 AM." in page
    assert "week=" in response.redirect_chain[-1][0]
    assert re.search(r"10:00–10:30 AM</span>.*?Avery Renter", page, re.S)


def test_a_slot_taken_meanwhile_offers_the_next_free_times_in_words(browser, user):
    agent = AgentFactory(user=user)
    html = browser.get("/calendar/appointments/new/", {"agent": agent.pk, "day": day_at(0).date().isoformat()})
    assert day_at(10).isoformat() in slot_values(html.content.decode())
    # Another booking (a call) takes 10:00 while the manager fills in the form.
    AppointmentFactory(user=user, agent=agent, start=day_at(10), end=day_at(10, 30), source="voice")

    response = browser.post(
        "/calendar/appointments/new/",
        {
            "agent": agent.pk,
            "start": day_at(10).isoformat(),
            "start_day": day_at(0).date().isoformat(),
            "attendee_name": "Avery",
        },
    )

    assert response.status_code == 200 and Appointment.objects.count() == 1
    page = response.content.decode()
    assert "That time is not available. Someone may have just booked it. Choose one of the next free times." in page
    suggestions = page[page.index("Next free times") : page.index('id="slot-picker-start"')]
    assert re.findall(r'value="([^"]+)"', suggestions)[0] == day_at(10, 30).isoformat()
    assert f"{day_words(day_at(0).date())}, 10:30 AM" in unescape(suggestions)
    assert day_at(10).isoformat() not in slot_values(page[page.index('id="slot-picker-start"') :])

    booked = browser.post(
        "/calendar/appointments/new/",
        {"agent": agent.pk, "start": day_at(10, 30).isoformat(), "attendee_name": "Avery"},
    )
    assert booked.status_code == 302 and Appointment.objects.filter(start=day_at(10, 30), source="web").exists()


def test_no_time_chosen_is_a_form_error_in_words_and_keeps_the_day(browser, user):
    agent = AgentFactory(user=user)
    later = day_at(0, days=3).date()

    response = browser.post(
        "/calendar/appointments/new/", {"agent": agent.pk, "attendee_name": "Avery", "start_day": later.isoformat()}
    )

    page = response.content.decode()
    assert response.status_code == 200 and "Choose one of the free times." in page
    assert day_words(later) in page and not Appointment.objects.exists()


def test_the_picker_follows_the_chosen_agent_and_never_another_managers(browser, user, other_user):
    AgentFactory(user=user, agent_name="Alder line")
    birch = AgentFactory(user=user, agent_name="Birch line")
    rival = AgentFactory(user=other_user, agent_name="Rival line")

    picked = browser.get("/calendar/appointments/new/", {"agent": birch.pk}).content.decode()
    foreign = browser.get("/calendar/appointments/new/", {"agent": rival.pk}).content.decode()

    assert "Free times for Birch line" in picked
    assert "Rival line" not in foreign and "Free times for Alder line" in foreign
    refused = browser.post(
        "/calendar/appointments/new/", {"agent": rival.pk, "start": day_at(10).isoformat(), "attendee_name": "A"}
    )
    assert "Agent: choose one of the options listed." in refused.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("wanted", ["²", "9" * 30])
def test_an_agent_that_is_no_plain_number_is_a_form_error_and_books_nothing(browser, user, wanted):
    AgentFactory(user=user, agent_name="Alder line")
    assert browser.get("/calendar/appointments/new/", {"agent": wanted}).status_code == 200
    response = browser.post(
        "/calendar/appointments/new/", {"agent": wanted, "start": day_at(10).isoformat(), "attendee_name": "Casey"}
    )
    assert response.status_code in (200, 400) and 'class="error"' in response.content.decode()
    assert not Appointment.objects.exists()
