"""LeaseLine on a 390 px phone screen: the menu and wide tables stay usable, unknown pages are
LeaseLine's own. Debian's Chromium through Playwright, like test_browser.py."""

import pytest
from playwright.sync_api import expect

from rentals.models import RentalSource, ScrapeRun
from rentals.tests.factories import RentalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SECTIONS = ["Dashboard", "Agents", "Numbers", "Rentals", "Sources", "Calendar", "Calls", "Account"]


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_every_menu_entry_is_on_screen_and_works_at_phone_width(page, user, sign_in):
    page.set_viewport_size(PHONE)
    sign_in(page, user)
    menu = page.get_by_role("navigation", name="Main")
    for name in SECTIONS:
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_in_viewport(ratio=1)
    assert _fits_the_screen(page)
    menu.get_by_role("link", name="Calls", exact=True).click()
    expect(page.get_by_role("heading", name="Calls", exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="Calls", exact=True)).to_have_attribute("aria-current", "page")


def test_a_wide_table_scrolls_inside_its_card_to_the_status_column(page, user, sign_in):
    # A long unbreakable title makes the rentals table wider than the phone.
    RentalFactory(user=user, title="Sunnyside-Terrace-Apartments-Building-C-Unit-4B-Penthouse", price=1875)
    RentalFactory(user=user, title="Cedar flat", status="unavailable")
    page.set_viewport_size(PHONE)
    sign_in(page, user)
    page.goto("/rentals/")
    wrap = page.locator(".table-wrap").filter(has=page.locator("#rentals"))
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth"), "the table is wider than its card"
    assert _fits_the_screen(page), "the table scrolls, not the page"
    status = page.locator("#rentals thead th").last
    expect(status).to_have_text("Status")
    expect(status).not_to_be_in_viewport(ratio=1)
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    expect(status).to_be_in_viewport(ratio=1)
    expect(page.locator("#rentals").get_by_text("Unavailable")).to_be_in_viewport(ratio=1)


def test_a_source_page_with_its_run_history_fits_a_phone(page, user, sign_in):
    source = RentalSource.objects.create(user=user, name="Maple site", website_url="https://maple.example")
    ScrapeRun.objects.create(user=user, source=source, status="failed", error="The site answered 500.")
    page.set_viewport_size(PHONE)
    sign_in(page, user)
    page.goto(f"/sources/{source.pk}/")
    assert _fits_the_screen(page)
    expect(page.get_by_role("button", name="Scrape now")).to_be_in_viewport(ratio=1)


def test_an_unknown_page_is_leaselines_own_at_phone_width(page, user, sign_in):
    page.set_viewport_size(PHONE)
    sign_in(page, user)
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="This page does not exist")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert _fits_the_screen(page)
    page.get_by_role("link", name="Go to the dashboard").click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard")).to_have_attribute(
        "aria-current", "page"
    )
