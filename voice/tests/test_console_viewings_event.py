"""A booking or cancellation from the try panel tells the agent page (htmx's HX-Trigger
`viewings-changed`) so its "Upcoming viewings" card reloads itself; nothing else does. Without
script the panel's form posts the whole page, whose card is already current."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from calendars.models import Appointment
from testsupport.clients import signed_in

from .tools_support import free_starts

pytestmark = pytest.mark.django_db

CALLER = {"attendee_name": "Jordan Renter", "attendee_phone": "(512) 555-0142"}


@pytest.fixture
def web(user):
    return signed_in(user, Client)


def _try(web, agent, tool, htmx=True, **arguments):
    data = {"tool": tool, **{f"arg_{name}": value for name, value in arguments.items()}}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = web.post(reverse("voice:agent-try", args=[agent.pk]), data, **headers)
    assert response.status_code == 200
    return response


def _upcoming_card(page):
    card = re.search(r'<section [^>]*id="upcoming-viewings"[^>]*>.*?</section>', page, re.S)
    assert card, "no upcoming viewings card"
    return card.group(0)


def test_the_card_reloads_itself_from_the_agent_page_on_the_event(web, agent):
    card = _upcoming_card(web.get(f"/agents/{agent.pk}/").content.decode())
    assert 'hx-trigger="viewings-changed from:body"' in card
    assert f'hx-get="/agents/{agent.pk}/"' in card and 'hx-select="#upcoming-viewings"' in card
    assert "No upcoming viewings" in card


def test_a_booking_and_a_cancellation_send_the_event_and_the_card_shows_them(web, user, agent):
    booked = _try(web, agent, "book_appointment", start=free_starts(agent)[0].isoformat(), **CALLER)
    assert booked["HX-Trigger"] == "viewings-changed"
    assert "Jordan Renter" in _upcoming_card(web.get(f"/agents/{agent.pk}/").content.decode())

    cancelled = _try(web, agent, "cancel_appointment", attendee_phone="512 555 0142")
    assert cancelled["HX-Trigger"] == "viewings-changed"
    assert Appointment.objects.get(user=user).status == Appointment.Status.CANCELLED
    assert "Jordan Renter" not in _upcoming_card(web.get(f"/agents/{agent.pk}/").content.decode())


def test_questions_and_refused_bookings_send_no_event(web, user, agent):
    start = free_starts(agent)[0].isoformat()
    assert "HX-Trigger" not in _try(web, agent, "get_availability")
    assert "HX-Trigger" not in _try(web, agent, "book_appointment", start=start)  # no name: a form error
    _try(web, agent, "book_appointment", start=start, **CALLER)
    taken = _try(web, agent, "book_appointment", start=start, **{**CALLER, "attendee_name": "Sam Other"})
    assert "That time is taken" in taken.content.decode() and "HX-Trigger" not in taken
    nobody = _try(web, agent, "cancel_appointment", attendee_phone="512 555 0100")
    assert "HX-Trigger" not in nobody
    assert Appointment.objects.filter(user=user).count() == 1


def test_without_script_the_page_after_a_booking_lists_it(web, agent):
    page = _try(web, agent, "book_appointment", htmx=False, start=free_starts(agent)[0].isoformat(), **CALLER)
    assert "HX-Trigger" not in page
    assert "Jordan Renter" in _upcoming_card(page.content.decode())
