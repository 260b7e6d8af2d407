"""Forms in a real browser: a careless submit shows every problem at once, and the time-zone
picker's search finds a zone that then saves."""

import re

import pytest
from playwright.sync_api import expect

from rentals.models import Rental

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_careless_rental_shows_all_its_problems_at_once_then_saves(page, user, sign_in):
    sign_in(page, user)
    page.goto("/rentals/new/")
    page.get_by_label("Rent").fill("-1850")
    page.get_by_label("Bedrooms").fill("-2")
    page.get_by_label("Square feet").fill("99999999999999999999")
    page.get_by_label("Listing link").fill("ftp://listings.example/7")
    page.get_by_role("button", name="Save").click()

    summary = page.locator("#form-errors")
    expect(summary).to_contain_text("Not saved yet: 4 things to fix.")
    expect(summary.locator("li")).to_have_text(
        [
            "Listing link must be a web address starting with http:// or https://.",
            "Rent can't be negative.",
            "Bedrooms can't be negative.",
            "Square feet can be at most 1,000,000.",
        ]
    )
    expect(page.locator("#id_price_error")).to_have_text("Rent can't be negative.")
    text = page.locator("main").inner_text()
    assert "9223372036854775807" not in text and "Ensure this value" not in text
    # A summary entry takes the manager to its field.
    summary.get_by_role("link", name="Rent can't be negative.").click()
    expect(page).to_have_url(re.compile(r"#id_price$"))

    page.get_by_label("Title").fill("Maple loft")
    page.get_by_label("Rent").fill("1850")
    page.get_by_label("Bedrooms").fill("2")
    page.get_by_label("Square feet").fill("900")
    page.get_by_label("Listing link").fill("https://listings.example/7")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Maple loft")).to_be_visible()
    assert Rental.objects.get(user=user).price == 1850


def test_signing_in_with_nothing_typed_asks_for_both(page, user):
    page.goto("/login/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#signin-error")).to_have_text("Enter your email and password.")
    expect(page.locator(".error")).to_have_count(0)


def test_search_the_time_zone_picker_and_save(page, user, sign_in):
    sign_in(page, user)
    page.goto("/account/")
    select = page.locator("#id_timezone")
    expect(select.locator("optgroup").first).to_have_attribute("label", "Common time zones")
    expect(select.locator("option").first).to_contain_text("Eastern Time (New York)")
    assert not select.locator('option[value="Factory"], option[value="localtime"]').count()

    search = page.get_by_role("searchbox", name="Search time zones")
    search.press_sequentially("eastern")  # as typed: each letter narrows, the first match is chosen
    expect(select).to_have_value("America/New_York")
    expect(page.locator(".tz-count")).to_have_text("7 time zones match.")
    search.fill("adelaide")
    expect(page.locator(".tz-count")).to_have_text("2 time zones match.")
    expect(select).to_have_value("Australia/Adelaide")
    search.fill("no such place")
    expect(page.locator(".tz-count")).to_contain_text("No time zone matches")
    assert select.locator("option").count() > 400  # nothing matches: every zone stays
    search.fill("kathmandu")
    expect(select).to_have_value("Asia/Kathmandu")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".flash, .alert").first).to_contain_text("Your account is saved.")
    user.refresh_from_db()
    assert user.timezone == "Asia/Kathmandu"
    expect(page.locator("#id_timezone")).to_have_value("Asia/Kathmandu")


def test_the_time_zone_picker_works_without_script(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill("correct horse battery staple")
        page.get_by_role("button", name="Sign in").click()
        page.goto("/account/")
        expect(page.locator(".tz-search")).to_be_hidden()
        page.locator("#id_timezone").select_option("Europe/Dublin")
        page.get_by_role("button", name="Save").click()
        user.refresh_from_db()
        assert user.timezone == "Europe/Dublin"
    finally:
        context.close()
