"""Every page form shows every problem of one submit at once, each beside its field and in the
summary at the top, in words a property manager reads; the list filters explain what they
cannot use instead of pretending nothing matches."""

import re
from datetime import UTC, datetime

import pytest

from agents.models import Agent
from calendars.tests.factories import RentalFactory
from rentals.models import Rental, RentalSource
from voice.models import Call

pytestmark = pytest.mark.django_db

# Django's and DRF's own phrases, and the database's integer limits, never reach a page.
RAW_PHRASES = (
    "This field is required",
    "Ensure this value",
    "Ensure that there are no more than",
    "Enter a valid",
    "Enter a whole number",
    "Null characters",
    "Select a valid choice",
    "is not one of the available choices",
    "9223372036854775807",
    "2147483647",
    "{&quot;",  # a JSON example in a message (messages are escaped)
)
AGENT_DEFAULTS = {
    "agent_name": "Maple line",
    "timezone": "America/Chicago",
    "slot_minutes": 30,
    "buffer_minutes": 0,
    "min_notice_minutes": 60,
    "booking_horizon_days": 14,
}


def text_of(response):
    return response.content.decode().replace("&#x27;", "'")


def summary_of(page):
    """The messages listed in the form's summary at the top."""
    box = re.search(r'<div class="alert alert-bad form-errors"[^>]*>(.*?)</div>', page, re.S)
    assert box, "no error summary on the page"
    return [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", box.group(1))]


def beside_fields(page):
    return {name: message for name, message in re.findall(r'<p class="error" id="id_(\w+)_error">([^<]*)</p>', page)}


def assert_plain(page):
    for phrase in RAW_PHRASES:
        assert phrase not in page, phrase


def test_a_careless_rental_shows_every_problem_in_one_submit(web, user):
    response = web.post(
        "/rentals/new/",
        {
            "title": "Loft",
            "url": "ftp://listings.example/1",
            "price": "-5",
            "currency": "us",
            "bedrooms": "-1",
            "bathrooms": "99",
            "square_feet": "99999999999999999999",
            "available_from": "someday",
            "status": "available",
        },
    )
    assert response.status_code == 200
    page = text_of(response)
    expected = {
        "url": "Listing link must be a web address starting with http:// or https://.",
        "price": "Rent can't be negative.",
        "currency": "Use a 3-letter currency code such as USD.",
        "bedrooms": "Bedrooms can't be negative.",
        "bathrooms": "Bathrooms can be at most 50.",
        "square_feet": "Square feet can be at most 1,000,000.",
        "available_from": "Available from must be a date.",
    }
    assert beside_fields(page) == expected
    assert summary_of(page) == list(expected.values())
    assert "Not saved yet: 7 things to fix." in page
    assert_plain(page)
    assert not Rental.objects.exists()


def test_a_huge_rent_and_too_many_decimals_are_said_plainly(web):
    page = text_of(web.post("/rentals/new/", {"title": "Lo\x00ft", "price": "1" * 30, "bathrooms": "1.25"}))
    assert beside_fields(page)["title"] == "Title holds a hidden character that can't be saved."
    assert beside_fields(page)["price"] == "Rent can't be that large."
    assert beside_fields(page)["bathrooms"] == "Bathrooms can have at most 1 digits after the decimal point."
    assert_plain(page)


def test_a_careless_agent_shows_every_problem_in_one_submit(web, user):
    response = web.post(
        "/agents/new/",
        {
            **AGENT_DEFAULTS,
            "agent_name": "",
            "timezone": "Factory",
            "slot_minutes": "2",
            "buffer_minutes": "-1",
            "min_notice_minutes": "soon",
            "booking_horizon_days": "999",
            "voice_id": "burt",
            "vapi_assistant_id": "not an id!",
            "mon_open": "on",
            "mon_start": "17:00",
            "mon_end": "09:00",
            "tue_open": "on",
            "wed_open": "on",
            "wed_start": "09:00",
            "wed_end": "late",
        },
    )
    assert response.status_code == 200
    page = text_of(response)
    expected = [
        "Give the agent a name.",
        "The voice provider is a name such as 11labs or vapi.",
        "Time zone: choose one of the options listed.",
        "A viewing lasts at least 5 minutes.",
        "The buffer between viewings can't be negative.",
        "Minimum notice (minutes) must be a whole number.",
        "Agents book at most 365 days ahead.",
        "This isn't a VAPI assistant ID; copy it from Assistants in the VAPI dashboard.",
        "Monday: 17:00–09:00 must end after it starts.",
        "Tuesday is open: give its hours, or untick it.",
        "Wednesday to: enter a time such as 09:30.",
    ]
    assert summary_of(page) == expected
    for message in expected:
        assert page.count(message) == 2, message  # in the summary and beside its field
    assert_plain(page)
    assert not Agent.objects.exists()


def test_a_careless_source_shows_the_forms_and_the_models_problems_together(web, user):
    response = web.post(
        "/sources/new/",
        {
            "website_url": "ftp://listings.example",
            "name": "n" * 201,
            "scrape_interval_minutes": "7",
            "strategy": "css",
            "field_price": "[[[",
            "max_pages": "999",
        },
    )
    assert response.status_code == 200
    page = text_of(response)
    errors = beside_fields(page)
    assert errors["website_url"] == "Only http:// and https:// addresses can be scraped."
    assert errors["name"] == "Name can be at most 200 characters (this has 201)."
    assert errors["scrape_interval_minutes"] == "How often: choose one of the options listed."
    assert errors["max_pages"] == "Most pages per scrape can be at most 200."
    assert errors["item"] == "Listing item: Enter a CSS selector."
    assert errors["field_price"].startswith("Price: Not a valid CSS selector")
    assert len(summary_of(page)) == 6
    assert_plain(page)
    assert not RentalSource.objects.exists()


def test_a_source_with_only_model_problems_names_them_all(web, user):
    page = text_of(web.post("/sources/new/", {"website_url": "", "scrape_interval_minutes": 1440, "strategy": "css"}))
    assert beside_fields(page)["website_url"] == "Give the address of the page that lists your rentals."
    assert beside_fields(page)["item"] == (
        "Listing item: The css strategy needs the element around each listing and at least one field selector."
    )
    assert_plain(page)


def test_an_unknown_sort_on_the_rentals_list_shows_the_rentals_newest_first(web, user):
    rentals = [RentalFactory(user=user, title=f"Flat {number}") for number in range(18)]
    response = web.get("/rentals/", {"ordering": "hack"})
    page = text_of(response)
    assert "No rentals yet" not in page
    assert "Unknown sort order — showing newest first." in page
    assert page.count('<a href="/rentals/') - page.count('<a href="/rentals/new/') >= 18
    assert page.index(rentals[-1].title + "<") < page.index(rentals[0].title + "<")
    assert_plain(page)


def test_a_filter_the_list_cannot_read_is_left_out_and_said_so(web, user):
    RentalFactory(user=user, title="Two beds", bedrooms=2, price=1800)
    RentalFactory(user=user, title="Pricey", bedrooms=2, price=4000)
    page = text_of(web.get("/rentals/", {"min_bedrooms": "lots", "max_price": "2000", "status": "gone"}))
    assert "Min beds must be a whole number. This filter is left out." in page
    assert "Status: choose one of the options listed. This filter is left out." in page
    assert "Two beds" in page and "Pricey" not in page  # the readable filter still applies
    assert_plain(page)


def test_no_rentals_at_all_and_none_matching_are_different_pages(web, user):
    assert "No rentals yet" in text_of(web.get("/rentals/", {"ordering": "hack"}))
    RentalFactory(user=user, title="Cheap", price=900)
    page = text_of(web.get("/rentals/", {"min_price": "5000"}))
    assert "No rentals yet" not in page and "No rentals match these filters" in page


def test_calls_from_after_to_says_so_instead_of_no_calls_match(web, user, owned):
    Call.objects.create(user=user, vapi_call_id="c-1", started_at=datetime(2026, 3, 2, 15, tzinfo=UTC))
    page = text_of(web.get("/calls/", {"date_from": "2026-03-05", "date_to": "2026-03-01"}))
    assert page.count("From must be on or before To.") == 2  # beside To and where the list would be
    assert "No calls match" not in page
    assert_plain(page)
    page = text_of(web.get("/calls/", {"number": "5" * 40, "date_from": "tomorrow"}))
    assert "Caller number can be at most 32 characters (this has 40)." in page
    assert "From must be a date." in page
    assert_plain(page)


def test_the_sign_in_page_asks_for_both_in_one_line(client):
    page = text_of(client.post("/login/", {"username": "", "password": ""}))
    assert page.count("Enter your email and password.") == 1
    assert_plain(page)
