"""The calendar pages, driven like a browser: a signed-in manager's real session and CSRF-free test client."""

import re

import pytest
from django.test import Client

from calendars.models import Appointment, CalendarConnection, PendingCalendarConnection
from testsupport.clients import signed_in

from .factories import AgentFactory, RentalFactory
from .flows import query_of

pytestmark = pytest.mark.django_db

HUGE = "9" * 40


@pytest.fixture
def browser(user):
    return signed_in(user, Client)


@pytest.mark.parametrize("zone", ["America/Chicago", "Asia/Tokyo"])
@pytest.mark.parametrize(
    "start", ["9999-12-31T23:59", "9999-12-31 23:59", "0001-01-01T00:00", "2200-01-02T00:00", "1969-06-01T00:00"]
)
def test_a_far_date_on_the_booking_page_is_a_form_error(browser, user, zone, start):
    user.timezone = zone
    user.save(update_fields=["timezone"])
    agent = AgentFactory(user=user, timezone=zone)

    response = browser.post("/calendar/appointments/new/", {"agent": agent.pk, "start": start, "attendee_name": "A"})

    assert response.status_code == 200
    assert "Use a date between 1970 and 2199." in response.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("field", ["agent", "rental"])
@pytest.mark.parametrize("value", [HUGE, f"-{HUGE}", "1e400", "1.5"])
def test_a_huge_or_odd_number_on_the_booking_page_is_a_form_error(browser, user, field, value):
    form = {
        "agent": AgentFactory(user=user).pk,
        "rental": RentalFactory(user=user).pk,
        "start": "2030-01-07T10:00",
        "attendee_name": "A",
        field: value,
    }

    response = browser.post("/calendar/appointments/new/", form)

    assert response.status_code == 200
    assert f"{field.capitalize()}: choose one of the options listed." in response.content.decode()
    assert not Appointment.objects.exists()


def _consent_in_a_browser_without_a_session(fake, browser):
    """The manager starts on the calendar page; the consent comes back in a browser signed in to nothing."""
    started = browser.post("/calendar/connect/google/")
    assert started.status_code == 302
    callback = fake.consent(started["Location"], email="a@example.com")
    landing = Client().get("/api/calendar/auth/callback", callback)["Location"]
    assert set(query_of(landing)) == {"pending"}
    return landing


def test_a_manager_who_signs_in_after_consenting_finishes_on_the_calendar_page(browser, user, google):
    page = browser.get(_consent_in_a_browser_without_a_session(google, browser))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Finish connecting your calendar" in html
    finish = html[html.index("Finish connecting") :]
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', finish, re.S)
    assert "csrfmiddlewaretoken" in form.group(2)
    code = re.search(r'name="code" value="([^"]+)"', form.group(2)).group(1)
    assert not CalendarConnection.objects.exists()

    finished = browser.post(form.group(1), {"code": code}, follow=True)

    assert finished.redirect_chain[-1][0] == "/calendar/"
    assert "Your Google calendar is connected." in finished.content.decode()
    assert CalendarConnection.objects.get().user == user
    assert not PendingCalendarConnection.objects.exists()


def test_another_managers_pending_code_reveals_nothing_and_is_erased(browser, other_user, google):
    landing = _consent_in_a_browser_without_a_session(google, browser)
    rival = signed_in(other_user, Client)

    page = rival.get(landing).content.decode()
    assert "Finish connecting your calendar" in page and "a@example.com" not in page
    finished = rival.post("/calendar/connections/finish/", {"code": query_of(landing)["pending"]}, follow=True)

    assert finished.status_code == 200
    assert "could not be finished" in finished.content.decode() and "a@example.com" not in finished.content.decode()
    assert not PendingCalendarConnection.objects.exists()
    assert not CalendarConnection.objects.exists()


def test_the_connected_banner_names_only_a_known_provider(user):
    """A link anyone can send a manager: its text never becomes LeaseLine's own message."""
    browser = signed_in(user, Client)
    page = browser.get("/calendar/", {"connected": "support line +1 900 555 0100. Your google"}, follow=True)
    assert page.status_code == 200
    html = page.content.decode().lower()
    assert "900 555" not in html and "support line" not in html
    page = browser.get("/calendar/", {"connected": "google"}, follow=True)
    assert "Your Google calendar is connected." in page.content.decode()
