"""LeaseLine on a 390 px phone screen: the menu and wide tables stay usable, unknown pages are
LeaseLine's own, and every page a manager or a renter can reach fits the screen and reads in
plain words. Debian's Chromium through Playwright, like test_browser.py."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agents.models import Agent, PhoneNumber
from calendars.models import Appointment
from demo.services import DEMO_PASSWORD, demo_load
from leads.models import Lead
from notifications.links import renter_token
from rentals.models import RentalSource, ScrapeRun
from rentals.tests.factories import RentalFactory
from voice.models import Call

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


# Every page, at phone width ------------------------------------------------------------------

PHONE_PASS = Path(__file__).resolve().parents[2] / "test-output" / "phone-pass"
# What a manager must never read: a timestamp as a machine writes it, a code, a Python value.
MACHINE_WORDS = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?!\d)|(?<![\d:A-Z])[+-]\d{2}:\d{2}\b|\b(customer|assistant)-ended-call\b"
    r"|\bbuiltin\b|\bNone\b(?!\s+[a-z])|\{'|\bTrue\b|\bFalse\b|\bsearch_rentals\b|\bneeds_reauth\b"
)


def _the_managers_world():
    """The demo manager's data (calls, viewings, leads, a source), plus rentals and a number."""
    (user, _password), _staff = demo_load()
    source = RentalSource.objects.get(user=user)
    ScrapeRun.objects.create(
        user=user,
        source=source,
        status="succeeded",
        started_at=timezone.now() - timedelta(hours=2),
        finished_at=timezone.now() - timedelta(hours=2) + timedelta(seconds=40),
        pages_fetched=3,
        listings_found=2,
        created_count=2,
    )
    rental = RentalFactory(
        user=user,
        source=source,
        title="Two-bed by Shoal Creek",
        address="1200 Lamar Blvd",
        price=1875,
        bedrooms=2,
        url="https://prairie.example/listings/shoal-creek",
    )
    RentalFactory(user=user, title="Cedar townhouse", status="unavailable", price=2400, bedrooms=3)
    agent = Agent.objects.get(user=user)
    PhoneNumber.objects.create(user=user, number="+15125550177", name="Front desk", agent=agent)
    coming = Appointment.objects.filter(user=user, start__gt=timezone.now()).order_by("start").first()
    return user, {
        "agent": agent,
        "rental": rental,
        "source": source,
        "call": Call.objects.filter(user=user).order_by("-started_at").first(),
        "lead": Lead.objects.filter(user=user).order_by("-last_contact_at").first(),
        "renter_token": renter_token(coming),
    }


def _manager_pages(world):
    return {
        "dashboard": "/",
        "agents": "/agents/",
        "agent": f"/agents/{world['agent'].pk}/",
        "agent-new": "/agents/new/",
        "agent-edit": f"/agents/{world['agent'].pk}/edit/",
        "phone-numbers": "/phone-numbers/",
        "calendar-week": "/calendar/",
        "calendar-slots": f"/calendar/slots/?agent={world['agent'].pk}",
        "booking": "/calendar/appointments/new/",
        "rentals": "/rentals/",
        "rental": f"/rentals/{world['rental'].pk}/",
        "rental-new": "/rentals/new/",
        "rental-edit": f"/rentals/{world['rental'].pk}/edit/",
        "sources": "/sources/",
        "source": f"/sources/{world['source'].pk}/",
        "source-new": "/sources/new/",
        "source-edit": f"/sources/{world['source'].pk}/edit/",
        "calls": "/calls/",
        "call": f"/calls/{world['call'].pk}/",
        "leads": "/leads/",
        "lead": f"/leads/{world['lead'].pk}/",
        "account": "/account/",
        "vapi-account": "/account/vapi/",
        "not-found": "/no-such-page/",
    }


def _check(page, name, problems):
    """Fits the phone, reads in plain words; the screenshot is kept for a person to look at."""
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(PHONE_PASS / f"{name}-390.png"), full_page=True)
    if not page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"):
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-wrap'))
                .slice(0, 3).map(el => el.tagName + '.' + el.className)"""
        )
        problems.append(f"{name}: wider than the phone ({wide})")
    for match in MACHINE_WORDS.finditer(page.inner_text("body")):
        problems.append(f"{name}: shows {match.group(0)!r}")


def test_every_page_fits_a_phone_and_reads_in_plain_words(browser, browser_context, live_server, page, sign_in):
    PHONE_PASS.mkdir(parents=True, exist_ok=True)
    user, world = _the_managers_world()
    problems = []
    page.set_viewport_size(PHONE)

    page.goto("/login/")
    _check(page, "login", problems)
    renter = browser.new_context(base_url=live_server.url, viewport=PHONE)
    renters_page = renter.new_page()
    assert renters_page.goto(f"/v/{world['renter_token']}").status == 200
    _check(renters_page, "renter", problems)
    renter.close()

    sign_in(page, user, DEMO_PASSWORD)
    for name, path in _manager_pages(world).items():
        response = page.goto(path)
        assert response.status == (404 if name == "not-found" else 200), f"{name}: {response.status}"
        _check(page, name, problems)

    # A form sent after the browser lost its cookies: LeaseLine's own page, not Django's.
    page.goto("/rentals/new/")
    browser_context.clear_cookies()
    page.get_by_role("button", name=re.compile("Save|Add|Create")).first.click()
    expect(page.get_by_role("heading", name="This form expired — reload the page and try again")).to_be_visible()
    _check(page, "form-expired", problems)
    # Its button goes back to the form, through signing in again: the cookies went with the session.
    page.get_by_role("link", name="Reload the page").click()
    page.wait_for_url(re.compile(r"/login/\?next=/rentals/new/$"))
    assert problems == []
