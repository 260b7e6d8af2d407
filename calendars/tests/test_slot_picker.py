"""The slot picker: its endpoint (scoping, the engine's slots, day navigation, closed days) and its tag."""

import re
from datetime import datetime, time, timedelta
from html import unescape

import pytest
from django.template import Context, Template
from django.test import Client

from calendars.selectors import agent_free_slots
from calendars.slots import day_words
from testsupport.clients import signed_in

from .factories import AgentFactory, AppointmentFactory
from .flows import CHICAGO, day_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(user):
    return signed_in(user, Client)


def picker(client, agent, **params):
    response = client.get("/calendar/slots/", {"agent": agent.pk, **params})
    assert response.status_code == 200, response.content
    return response.content.decode()


def values(html, name="start"):
    return re.findall(rf'type="radio" name="{name}" value="([^"]+)"', html)


def labels(html):
    return re.findall(r'<span title="[^"]+">([^<]+)</span>', html)


def links(html):
    return [unescape(url) for url in re.findall(r'hx-get="([^"]+)"', html)]


def test_the_picker_offers_the_availability_engines_slots_as_times_of_day(browser, user):
    agent = AgentFactory(user=user, buffer_minutes=15)
    AppointmentFactory(user=user, agent=agent, start=day_at(10), end=day_at(10, 30))
    day = day_at(0).date()

    html = picker(browser, agent, day=day.isoformat())

    engine = agent_free_slots(
        user=user, agent=agent, start=datetime.combine(day, time(0), tzinfo=CHICAGO), end=day_at(0, days=2)
    )
    assert values(html) == [slot.start.isoformat() for slot in engine.slots]
    assert values(html)[0] == day_at(9).isoformat() and day_at(10).isoformat() not in values(html)
    # The 15-minute buffer around 10:00–10:30 also takes 09:30 and 10:30.
    assert labels(html)[:2] == ["9:00 AM", "11:00 AM"]
    assert (
        day_words(day) in html
        and re.search(r"\d{4}-\d\d-\d\dT", re.sub(r'(value|hx-get|href)="[^"]*"', "", html)) is None
    )


def test_another_managers_agent_is_not_found_and_a_visitor_must_sign_in(browser, other_user):
    rival_agent = AgentFactory(user=other_user)

    assert browser.get("/calendar/slots/", {"agent": rival_agent.pk}).status_code == 404
    assert browser.get("/calendar/slots/", {"agent": "nine"}).status_code == 404
    anonymous = Client().get("/calendar/slots/", {"agent": rival_agent.pk})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_day_navigation_moves_one_day_and_stops_at_today_and_the_horizon(browser, user):
    agent = AgentFactory(user=user, booking_horizon_days=3)
    today = day_at(0, days=0).date()

    first = picker(browser, agent)
    assert day_words(today) in first and 'aria-disabled="true" aria-label="Previous day"' in first
    forward = [url for url in links(first) if f"day={today + timedelta(days=1)}" in url]
    assert forward and "agent=" in forward[0] and "name=start" in forward[0]

    second = browser.get(forward[0]).content.decode()
    assert day_words(today + timedelta(days=1)) in second
    assert values(second)[0] == day_at(9).isoformat()
    assert any(f"day={today}" in url for url in links(second))

    last = picker(browser, agent, day=(today + timedelta(days=3)).isoformat())
    assert 'aria-disabled="true" aria-label="Next day"' in last
    # A day no calendar handles (or no day at all) shows today.
    for odd in ("9999-12-31", "0001-01-01", "tomorrow"):
        assert day_words(today) in picker(browser, agent, day=odd)


def test_a_closed_day_says_so_in_words_and_points_to_the_next_free_day(browser, user):
    tomorrow = day_at(0).date()
    open_day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[(tomorrow + timedelta(days=1)).weekday()]
    agent = AgentFactory(user=user, working_hours={open_day: [["09:00", "12:00"]]}, agent_name="Maple line")

    html = picker(browser, agent, day=tomorrow.isoformat())

    weekday = f"{tomorrow:%A}s"
    assert values(html) == []
    assert f"Closed on {weekday}: Maple line takes no viewings that day." in html
    assert f"Next free times: {day_words(tomorrow + timedelta(days=1))}" in html


def test_a_fully_booked_day_and_a_day_past_the_horizon_say_so(browser, user):
    agent = AgentFactory(
        user=user,
        working_hours={day: [["09:00", "10:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    )
    AppointmentFactory(user=user, agent=agent, start=day_at(9), end=day_at(10))

    assert f"Fully booked on {day_words(day_at(0).date())}." in picker(browser, agent, day=day_at(0).date().isoformat())
    far = picker(browser, agent, day=(day_at(0).date() + timedelta(days=60)).isoformat())
    assert "too far ahead: viewings can be booked up to 14 days ahead" in far


def test_a_calendar_that_cannot_be_read_offers_no_times_and_says_why(browser, api_client, user, google):
    from .flows import connect

    calendar = connect(api_client, google, "google", email="g@example.com")
    agent = AgentFactory(user=user, booking_calendar=calendar)
    google.fail_next("/freeBusy", status=500, times=10)

    html = picker(browser, agent, day=day_at(0).date().isoformat())

    assert values(html) == [] and "No free times can be offered until every calendar can be read." in html
    assert "The Google calendar g@example.com cannot be read right now" in html


def test_the_tag_renders_for_a_page_without_a_session_with_its_own_day_url(user):
    agent = AgentFactory(user=user)
    template = Template(
        '{% load slot_picker %}{% slot_picker agent=agent name="new_start" day=day day_url="/r/tok/slots/" '
        'page_url="/r/tok/?x=1" selected=chosen %}'
    )
    chosen = day_at(11).isoformat()

    html = template.render(Context({"agent": agent, "day": day_at(0).date(), "chosen": chosen}))

    assert values(html, "new_start")[0] == day_at(9).isoformat()
    assert f'value="{chosen}" checked' in html and 'name="new_start_day"' in html
    navigation = links(html)
    assert navigation and all(url.startswith("/r/tok/slots/?") and "agent=" not in url for url in navigation)
    assert all(
        unescape(href).startswith("/r/tok/?x=1&day=") for href in re.findall(r'href="([^"]+)"', html) if "tok" in href
    )


def test_without_an_agent_the_picker_is_the_first_agents_or_asks_for_one(browser, user, other_user):
    assert "Create an agent first" in browser.get("/calendar/slots/").content.decode()
    AgentFactory(user=other_user, agent_name="Aaron rival line")
    birch = AgentFactory(user=user, agent_name="Birch line")
    cedar = AgentFactory(user=user, agent_name="Cedar line")

    html = browser.get("/calendar/slots/").content.decode()

    assert f"agent={birch.pk}&" in html and f"agent={cedar.pk}&" not in html and "rival" not in html
