"""In Chromium: a 150-character name keeps the top bar on one line (cut with an ellipsis, the
whole name in its title); a viewing booked from the try panel appears in the agent page's
"Upcoming viewings" without a reload; the booking form's summary links to each field; a viewing
the renter confirmed is marked on the dashboard and in the week; a scrape a restart interrupted
reads as stopped; the try panel names the fields a booking misses.

Screenshots at 1280 and 390 px are written to test-output/polish/.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from agents.tests.factories import AgentFactory
from calendars.tests.factories import AppointmentFactory
from notifications.links import renter_url
from rentals.models import RentalSource, ScrapeRun
from rentals.recovery import HEARTBEAT_LOST_AFTER

from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = SCREENSHOTS / "polish"
LONG_NAME = ("Maximiliana Bartholomew-Featherstonehaugh " * 4)[:150]


def _shot(page, name, full_page=False):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.viewport_size['width']}.png"), full_page=full_page)


def _settled(page):
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_long_name_is_cut_in_the_top_bar_and_whole_in_its_title(page, user, sign_in, width):
    user.name = LONG_NAME
    user.save(update_fields=["name"])
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, user)
    page.goto("/")
    name = page.locator(".topbar .who-name")
    expect(name).to_have_attribute("title", LONG_NAME)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing sideways
    sign_out = page.locator(".topbar").get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    assert sign_out.bounding_box()["x"] + sign_out.bounding_box()["width"] <= width
    if width == 1280:
        expect(name).to_be_visible()
        assert name.evaluate("el => el.scrollWidth > el.clientWidth")  # cut, with the ellipsis
        assert name.bounding_box()["width"] <= 16 * 16 + 1
        bar = page.locator(".topbar").bounding_box()
        assert bar["height"] < 70, bar  # one row: the menu is not pushed onto a second line
    else:
        expect(name).to_be_hidden()  # on a phone the bar shows the menu, not the name
    _shot(page, "long-name")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_viewing_booked_in_the_try_panel_shows_in_upcoming_at_once(page, user, sign_in, width):
    page.set_viewport_size({"width": width, "height": 900})
    agent = AgentFactory(user=user, agent_name="Cedar line", min_notice_minutes=0)
    sign_in(page, user)
    page.goto(f"/agents/{agent.pk}/")
    upcoming = page.locator("#upcoming-viewings")
    expect(upcoming).to_contain_text("No upcoming viewings")

    panel = page.locator("#try-tool")
    panel.get_by_label("Request").select_option(label="Book a viewing")
    _settled(page)
    picker = panel.locator(".slot-picker")
    if picker.locator("input[type=radio]").count() == 0:
        picker.get_by_role("link", name="Next free times").click()
        _settled(page)
    picker.locator("label.slot").first.click()
    panel.get_by_label("Caller's name").fill("Jordan Renter")
    panel.get_by_label("Caller's phone").fill("(512) 555-0142")
    panel.get_by_role("button", name="Ask the agent").click()
    expect(panel.locator("#tool-answer")).to_contain_text("Booked: Jordan Renter")
    expect(upcoming).to_contain_text("Jordan Renter")  # no reload
    expect(upcoming.locator(".badge-test")).to_have_text("Test")
    _settled(page)
    page.add_style_tag(content=".topbar { position: static !important; }")
    upcoming.scroll_into_view_if_needed()
    upcoming.screenshot(path=str(SHOTS / f"upcoming-after-booking-{width}.png"))

    panel.get_by_label("Request").select_option(label="Cancel a viewing")
    _settled(page)
    panel.get_by_label("Caller's phone").fill("(512) 555-0142")
    panel.get_by_role("button", name="Ask the agent").click()
    expect(panel.locator("#tool-answer")).to_contain_text("Cancelled")
    expect(upcoming).to_contain_text("No upcoming viewings")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_booking_form_lists_every_problem_and_links_to_each(page, user, sign_in, width):
    page.set_viewport_size({"width": width, "height": 900})
    AgentFactory(user=user, agent_name="Cedar line")
    sign_in(page, user)
    page.goto("/calendar/appointments/new/")
    page.get_by_label("Email").fill("avery@")
    page.get_by_role("button", name="Book").click()
    summary = page.locator("#form-errors")
    expect(summary).to_contain_text("Not saved yet: 3 things to fix.")
    expect(summary.get_by_role("link", name="Choose one of the free times.")).to_have_attribute("href", "#when")
    expect(summary.get_by_role("link", name="Name is required.")).to_have_attribute("href", "#id_attendee_name")
    expect(summary).to_contain_text("Enter an email address such as name@example.com.")
    expect(page.locator("#id_attendee_name_error")).to_have_text("Name is required.")
    page.add_style_tag(content=".topbar { position: static !important; }")
    _shot(page, "booking-form-errors", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_confirmed_viewing_is_marked_on_the_dashboard_and_in_the_week(page, user, sign_in, width):
    page.set_viewport_size({"width": width, "height": 900})
    agent = AgentFactory(user=user, agent_name="Cedar line")
    start = (timezone.now() + timedelta(days=1)).replace(hour=16, minute=0, second=0, microsecond=0)
    viewing = AppointmentFactory(
        user=user, agent=agent, attendee_name="Avery Renter", start=start, end=start + timedelta(minutes=30)
    )
    AppointmentFactory(
        user=user, agent=agent, attendee_name="Blake Renter", start=start + timedelta(hours=1),
        end=start + timedelta(hours=1, minutes=30),
    )  # fmt: skip
    assert Client().post(urlsplit(renter_url(viewing)).path, {"action": "confirm"}).status_code in (200, 302)
    sign_in(page, user)
    page.goto("/")
    upcoming = page.locator("#upcoming")
    expect(upcoming.locator("li", has_text="Avery Renter")).to_contain_text("Confirmed by the renter")
    expect(upcoming.locator("li", has_text="Blake Renter")).not_to_contain_text("Confirmed by the renter")
    page.add_style_tag(content=".topbar { position: static !important; }")
    upcoming.screenshot(path=str(SHOTS / f"dashboard-confirmed-{width}.png"))
    page.goto(f"/calendar/?week={start.date().isoformat()}")
    entry = page.locator(".week-viewing", has_text="Avery Renter").first
    expect(entry.get_by_role("img", name="Confirmed by the renter")).to_be_visible()
    page.add_style_tag(content=".topbar { position: static !important; }")
    _shot(page, "calendar-confirmed", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_scrape_a_restart_interrupted_reads_as_stopped(page, user, sign_in, settings, width):
    settings.CELERY_BROKER_URL = None  # scrapes run in a thread of the web process
    page.set_viewport_size({"width": width, "height": 900})
    source = RentalSource.objects.create(
        user=user, name="Maple Leasing", website_url="https://maple.example", scrape_interval_minutes=720
    )
    beat = timezone.now() - HEARTBEAT_LOST_AFTER - timedelta(minutes=1)
    ScrapeRun.objects.create(
        user=user, source=source, status="running", started_at=beat, heartbeat_at=beat, pages_fetched=3
    )
    sign_in(page, user)
    page.goto(f"/sources/{source.pk}/")
    expect(page.get_by_text("Stopped: LeaseLine restarted while it ran").first).to_be_visible()
    expect(page.get_by_text("Reading pages")).to_have_count(0)
    expect(page.get_by_text("Twice a day").first).to_be_visible()
    expect(page.get_by_role("button", name="Scrape now")).to_be_enabled()
    page.add_style_tag(content=".topbar { position: static !important; }")
    _shot(page, "source-interrupted", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_try_panel_names_the_fields_a_booking_misses(page, user, sign_in, width):
    page.set_viewport_size({"width": width, "height": 900})
    agent = AgentFactory(user=user, agent_name="Cedar line")
    sign_in(page, user)
    page.goto(f"/agents/{agent.pk}/")
    panel = page.locator("#try-tool")
    panel.get_by_label("Request").select_option(label="Book a viewing")
    _settled(page)
    panel.get_by_label("Caller's email").fill("avery@")
    panel.get_by_role("button", name="Ask the agent").click()
    expect(panel).to_contain_text("Pick one of the free times.")
    expect(panel).to_contain_text("Caller's name is required.")
    expect(panel).to_contain_text("Enter an email address such as name@example.com.")
    _settled(page)
    page.add_style_tag(content=".topbar { position: static !important; }")
    panel.screenshot(path=str(SHOTS / f"try-panel-errors-{width}.png"))
