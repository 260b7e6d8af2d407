"""A viewing the renter confirmed on their page says "Confirmed by the renter" wherever the
manager sees it in a list: the dashboard's and the agent page's upcoming viewings, the calendar's
upcoming list and its week entry. It is read in the same query as the viewings."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agents.tests.factories import AgentFactory
from calendars.models import Appointment
from calendars.tests.factories import AppointmentFactory
from notifications.links import renter_url

pytestmark = pytest.mark.django_db

CONFIRMED = "Confirmed by the renter"


def _viewing(user, agent, name, days=1):
    start = (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)
    return AppointmentFactory(
        user=user, agent=agent, attendee_name=name, start=start, end=start + timedelta(minutes=30)
    )


def _renter_confirms(appointment):
    path = urlsplit(renter_url(appointment)).path
    response = Client().post(path, {"action": "confirm"}, follow=True)
    assert "your viewing is confirmed" in response.content.decode()


def _row(page, name):
    """The list entry (or week entry) that names `name`."""
    rows = re.findall(r"<li\b.*?</li>|<div class=\"week-item.*?</div>", page, re.S)
    found = [row for row in rows if name in row]
    assert found, f"{name} is not listed"
    return " ".join(found)


def test_a_confirmed_viewing_says_so_in_every_list_and_an_unconfirmed_one_does_not(web, user):
    agent = AgentFactory(user=user, agent_name="Maple line")
    confirmed = _viewing(user, agent, "Avery Renter")
    _viewing(user, agent, "Blake Renter")
    _renter_confirms(confirmed)

    dashboard = web.get("/").content.decode()
    agent_page = web.get(f"/agents/{agent.pk}/").content.decode()
    calendar = web.get("/calendar/", {"week": confirmed.start.date().isoformat()}).content.decode()
    for page in (dashboard, agent_page, calendar):
        assert CONFIRMED in _row(page, "Avery Renter")
        assert CONFIRMED not in _row(page, "Blake Renter")
    week_entry = re.search(r'<div class="week-item week-viewing"[^>]*title="([^"]*Avery Renter[^"]*)"', calendar)
    assert week_entry and week_entry.group(1).endswith(" · Confirmed by the renter")
    assert 'aria-label="Confirmed by the renter"' in calendar


def test_a_viewing_moved_after_the_renter_confirmed_is_no_longer_confirmed(web, user):
    agent = AgentFactory(user=user)
    viewing = _viewing(user, agent, "Avery Renter")
    _renter_confirms(viewing)
    assert CONFIRMED in _row(web.get("/").content.decode(), "Avery Renter")
    Appointment.objects.filter(pk=viewing.pk).update(sequence=viewing.sequence + 1)  # a move asks again
    assert CONFIRMED not in _row(web.get("/").content.decode(), "Avery Renter")
    assert CONFIRMED not in _row(web.get(f"/agents/{agent.pk}/").content.decode(), "Avery Renter")


def _queries(web, path):
    web.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert web.get(path).status_code == 200
    return len(captured)


def test_the_confirmations_cost_no_query_per_viewing(web, user):
    agent = AgentFactory(user=user)
    first = _viewing(user, agent, "Renter 0")
    _renter_confirms(first)
    week = {"week": first.start.date().isoformat()}
    one = (_queries(web, "/"), _queries(web, f"/agents/{agent.pk}/"), _queries(web, f"/calendar/?week={week['week']}"))
    for n in range(1, 5):
        _renter_confirms(_viewing(user, agent, f"Renter {n}", days=1))
    five = (_queries(web, "/"), _queries(web, f"/agents/{agent.pk}/"), _queries(web, f"/calendar/?week={week['week']}"))
    assert five == one
    assert web.get("/").content.decode().count(CONFIRMED) == 5
