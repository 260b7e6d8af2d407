"""The booking page's form speaks like the other page forms: every problem named after its
field, beside it and in a summary at the top linking to it. The calendar page says only the
connect errors it knows, in words, and ignores any other text in ?error=."""

import re

import pytest
from django.test import Client

from calendars.models import Appointment
from testsupport.clients import signed_in

from .factories import AgentFactory, RentalFactory
from .flows import day_at

pytestmark = pytest.mark.django_db

RAW_PHRASES = ("This field is required", "Enter a valid", "Select a valid choice", "Please correct the fields")


@pytest.fixture
def browser(user):
    return signed_in(user, Client)


def summary_of(page):
    box = re.search(r'<div class="alert alert-bad form-errors"[^>]*>(.*?)</div>', page, re.S)
    assert box, "no error summary on the page"
    return re.findall(r'<li><a href="#([^"]+)">([^<]*)</a></li>', box.group(1))


def test_a_careless_booking_names_every_field_at_the_top_and_beside_it(browser, user):
    agent = AgentFactory(user=user)
    RentalFactory(user=user)
    response = browser.post(
        "/calendar/appointments/new/",
        {"agent": agent.pk, "attendee_name": "", "attendee_email": "avery@", "rental": "999999"},
    )
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'")
    assert summary_of(page) == [
        ("when", "Choose one of the free times."),
        ("id_attendee_name", "Name is required."),
        ("id_attendee_email", "Enter an email address such as name@example.com."),
        ("id_rental", "Rental: choose one of the options listed."),
    ]
    assert "Not saved yet: 4 things to fix." in page
    assert 'id="when"' in page and 'id="id_attendee_name"' in page and 'id="id_rental"' in page
    assert '<p class="error" id="id_attendee_name_error">Name is required.</p>' in page
    assert '<p class="error" id="start_error">Choose one of the free times.</p>' in page
    for phrase in RAW_PHRASES:
        assert phrase not in page, phrase
    assert not Appointment.objects.exists()


def test_a_taken_time_is_in_the_summary_too(browser, user):
    agent = AgentFactory(user=user)
    booked = {"agent": agent.pk, "start": day_at(10).isoformat(), "attendee_name": "Avery Renter"}
    assert browser.post("/calendar/appointments/new/", booked).status_code == 302
    page = browser.post("/calendar/appointments/new/", {**booked, "attendee_name": "Blake"}).content.decode()
    (anchor, message), *rest = summary_of(page)
    assert anchor == "when" and "Someone may have just booked it." in message and not rest
    assert Appointment.objects.count() == 1


def test_the_try_panel_names_its_fields_in_plain_words(browser, user):
    agent = AgentFactory(user=user)
    page = browser.post(
        f"/agents/{agent.pk}/try/",
        {"tool": "book_appointment", "arg_attendee_email": "avery@"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Pick one of the free times." in page
    assert "Caller&#x27;s name is required." in page
    assert "Enter an email address such as name@example.com." in page
    for phrase in RAW_PHRASES:
        assert phrase not in page, phrase
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("access_denied", "Access was not granted, so nothing was connected."),
        ("expired_state", "The sign-in took longer than ten minutes. Please start again."),
        ("exchange_failed", "The provider did not accept the sign-in. Please try again in a moment."),
        ("invalid_scope", "The provider stopped the sign-in, so nothing was connected. Please try again."),
    ],
)
def test_a_known_connect_error_is_said_in_words(browser, code, words):
    response = browser.get("/calendar/", {"error": code}, follow=True)
    assert response.redirect_chain == [("/calendar/", 302)]
    assert words in response.content.decode()


@pytest.mark.parametrize(
    "text", ["Your account is locked, call 555-0100", "<b>bold</b>", "x" * 500, "ACCESS_DENIED", " "]
)
def test_any_other_error_text_is_ignored(browser, text):
    response = browser.get("/calendar/", {"error": text}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [("/calendar/", 302)]
    assert "555-0100" not in page and "bold" not in page and "x" * 20 not in page
    assert "was not connected" not in page and 'class="alert alert-bad"' not in page
