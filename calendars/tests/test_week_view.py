"""The calendar page's week view: viewings and busy time in their day, scoping, failures and navigation."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from calendars.models import Appointment
from calendars.slots import day_words
from calendars.week import week_start_of
from testsupport.clients import signed_in

from .factories import AgentFactory, AppointmentFactory, ConnectionFactory, RentalFactory
from .flows import book, connect, day_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(user):
    return signed_in(user, Client)


def week_page(client, day, **headers):
    response = client.get("/calendar/", {"week": day.isoformat()}, **headers)
    assert response.status_code == 200, response.content
    return response.content.decode()


def day_column(html, day):
    """The HTML of one day's column of the week grid."""
    match = re.search(
        rf'<div class="week-day[^"]*" data-day="{day.isoformat()}">(.*?)(?=<div class="week-day|</section>)', html, re.S
    )
    assert match, f"no column for {day}"
    return match.group(1)


def week_section(html):
    return html[html.index('<section class="card week"') : html.index("</section>", html.index('id="week"'))]


def test_viewings_and_busy_time_of_a_connected_calendar_appear_in_their_day(
    browser, api_client, user, other_user, google
):
    connect(api_client, google, "google", email="g@example.com")
    agent = AgentFactory(user=user, agent_name="Maple line")
    rental = RentalFactory(user=user, title="Maple flat")
    AppointmentFactory(
        user=user,
        agent=agent,
        rental=rental,
        start=day_at(10),
        end=day_at(10, 30),
        attendee_name="Avery Renter",
        source="voice",
    )
    google.add_event("g@example.com", start=day_at(14), end=day_at(15, 30), summary="Dentist")
    AppointmentFactory(user=other_user, start=day_at(11), end=day_at(11, 30), attendee_name="Rival Renter")
    AppointmentFactory(user=user, start=day_at(12), end=day_at(12, 30), attendee_name="Gone Renter", status="cancelled")
    tomorrow = day_at(0).date()

    html = week_page(browser, tomorrow)

    column = day_column(html, tomorrow)
    assert "Avery Renter" in column and "10:00–10:30 AM" in column and "Maple flat" in column and "Phone call" in column
    assert f'href="/rentals/{rental.pk}/"' in column
    assert re.search(r"2:00–3:30 PM</span> Busy", column) and "Google calendar g@example.com" in column
    assert "Dentist" not in html, "busy time is shown without the event's title"
    for other_day in (tomorrow - timedelta(days=1), tomorrow + timedelta(days=1)):
        if week_start_of(other_day) == week_start_of(tomorrow):
            assert "Avery Renter" not in day_column(html, other_day)
    assert "Rival Renter" not in html and "Gone Renter" not in week_section(html)
    assert day_words(tomorrow) in html and "Maple line" in html
    assert not re.search(r">[^<]*\d{4}-\d\d-\d\dT", html), "no ISO time is shown"


def test_a_viewing_with_a_lead_links_to_the_lead_and_a_coming_one_to_its_entry(browser, user):
    lead = Appointment.lead.field.related_model.objects.create(user=user, phone="+15125550111", name="Avery Renter")
    AppointmentFactory(user=user, lead=lead, start=day_at(10), end=day_at(10, 30), attendee_name="Avery")
    without = AppointmentFactory(user=user, start=day_at(11), end=day_at(11, 30), attendee_name="Blake")

    column = day_column(week_page(browser, day_at(0).date()), day_at(0).date())

    assert f'<a href="/leads/{lead.pk}/"><b>Avery</b></a>' in column
    assert f'<a href="#appointment-{without.pk}"><b>Blake</b></a>' in column


def test_times_are_in_the_managers_timezone(browser, user):
    user.timezone = "Asia/Tokyo"
    user.save(update_fields=["timezone"])
    # 10:00 in Chicago is 01:00 (or 00:00 in summer) the next day in Tokyo.
    appointment = AppointmentFactory(user=user, start=day_at(10), end=day_at(10, 30), attendee_name="Avery Renter")
    tokyo_day = appointment.start.astimezone(ZoneInfo("Asia/Tokyo"))

    html = week_page(browser, tokyo_day.date())

    column = day_column(html, tokyo_day.date())
    assert "Avery Renter" in column and f"{tokyo_day.hour}:{tokyo_day:%M}–" in column and "times in Tokyo time" in html


def test_a_viewing_booked_into_a_connected_calendar_shows_once(browser, api_client, user, google_agent):
    assert book(api_client, google_agent, day_at(10)).status_code == 201

    column = day_column(week_page(browser, day_at(0).date()), day_at(0).date())

    assert column.count("<b>Casey Caller</b>") == 1 and "Busy" not in column


def test_a_calendar_that_cannot_be_read_leaves_a_note_and_the_rest_of_the_week(browser, api_client, user, google):
    connect(api_client, google, "google", email="g@example.com")
    ConnectionFactory(user=user, provider="microsoft", account_email="m@example.com", status="needs_reauth")
    AppointmentFactory(user=user, start=day_at(10), end=day_at(10, 30), attendee_name="Avery Renter")
    google.fail_next("/freeBusy", status=500, times=10)

    html = week_page(browser, day_at(0).date())

    assert "Couldn&#x27;t read the Google calendar g@example.com just now" in html
    assert "Couldn&#x27;t read the Microsoft calendar m@example.com just now: it needs to be connected again." in html
    assert "Avery Renter" in day_column(html, day_at(0).date())


def test_week_navigation_by_htmx_and_without(browser, user):
    AgentFactory(user=user)
    monday = week_start_of(day_at(0).date())
    # Wednesday of next week, whichever day this runs.
    ahead = (monday + timedelta(days=9) - day_at(0, days=0).date()).days
    AppointmentFactory(
        user=user, start=day_at(10, days=ahead), end=day_at(10, 30, days=ahead), attendee_name="Later Renter"
    )

    full = week_page(browser, monday + timedelta(days=3))
    assert "<html" in full and f"Week of {day_words(monday)} – {day_words(monday + timedelta(days=6))}" in full
    next_week = (monday + timedelta(days=7)).isoformat()
    assert re.search(rf'href="/calendar/\?week={next_week}[^"]*" hx-get="/calendar/\?week={next_week}', full)
    assert f"week={(monday - timedelta(days=7)).isoformat()}" in full and ">Today</a>" in full

    fragment = week_page(browser, monday + timedelta(days=7), HTTP_HX_REQUEST="true")
    assert "<html" not in fragment and fragment.lstrip().startswith('<section class="card week" id="week"')
    assert "Later Renter" in fragment and "Later Renter" not in week_section(full)
    assert "Upcoming viewings" not in fragment
    # A week no calendar handles shows this week.
    this_monday = week_start_of(day_at(0, days=0).date())
    for odd in ("9999-12-31", "0001-01-01", "soon"):
        odd_week = browser.get("/calendar/", {"week": odd})
        assert odd_week.status_code == 200 and f"Week of {day_words(this_monday)}" in odd_week.content.decode()


def test_the_shaded_working_hours_are_the_chosen_agents_and_only_the_managers_agents(browser, user, other_user):
    AgentFactory(user=user, agent_name="Alder line", working_hours={"mon": [["09:00", "17:00"]]})
    chosen = AgentFactory(user=user, agent_name="Birch line", working_hours={"mon": [["07:00", "12:00"]]})
    rival = AgentFactory(user=other_user, agent_name="Rival line", working_hours={"mon": [["01:00", "23:00"]]})
    monday = week_start_of(day_at(0).date())

    first = browser.get("/calendar/", {"week": monday.isoformat()}).content.decode()
    picked = browser.get("/calendar/", {"week": monday.isoformat(), "agent": chosen.pk}).content.decode()
    foreign = browser.get("/calendar/", {"week": monday.isoformat(), "agent": rival.pk}).content.decode()

    assert "Open 9:00 AM–5:00 PM" in day_column(first, monday) and "Alder line's working hours" in first
    assert "Open 7:00 AM–12:00 PM" in day_column(picked, monday) and "7 AM" in picked
    assert "Rival line" not in foreign and "Open 9:00 AM–5:00 PM" in day_column(foreign, monday)
    assert "Closed · nothing booked" in day_column(first, monday + timedelta(days=1))


@pytest.mark.parametrize("wanted", ["²", "9" * 30])
def test_an_agent_that_is_no_plain_number_shows_the_first_agent(browser, user, wanted):
    AgentFactory(user=user, agent_name="Alder line", working_hours={"mon": [["09:00", "17:00"]]})
    response = browser.get("/calendar/", {"agent": wanted})
    assert response.status_code == 200 and "Alder line's working hours" in response.content.decode()
