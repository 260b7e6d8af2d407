"""The agent page's "Try your agent" panel in Chromium: ask for free times, book one from the
slot picker, and see the viewing tagged Test on the agent page and in the calendar's week.

Screenshots of the panel before and after each run, at 1280 and 390 px, are written to
test-output/try-panel/.
"""

from datetime import datetime

import pytest
from playwright.sync_api import expect

from agents.tests.factories import AgentFactory
from calendars.models import Appointment
from calendars.tests.factories import RentalFactory

from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = SCREENSHOTS / "try-panel"


def _settled(page):
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


def _shot(page, name):
    """The panel alone; the sticky top bar is let go so it does not cover the panel's top."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.add_style_tag(content=".topbar { position: static !important; }")
    width = page.viewport_size["width"]
    page.locator("#try-tool").screenshot(path=str(SHOTS / f"{name}-{width}.png"))


@pytest.mark.parametrize("width", [1280, 390])
def test_check_free_times_then_book_one_and_see_it_tagged_test(page, user, sign_in, width):
    page.set_viewport_size({"width": width, "height": 900})
    agent = AgentFactory(user=user, agent_name="Cedar line", min_notice_minutes=0)
    RentalFactory(user=user, title="Cedar loft", address="12 Elm Street", city="Austin", price=1300, bedrooms=1)
    RentalFactory(user=user, title="Oak house", address="4 Oak Lane", city="Austin", price=2150, bedrooms=3)
    sign_in(page, user)
    page.goto(f"/agents/{agent.pk}/")
    panel = page.locator("#try-tool")
    expect(panel.get_by_role("heading", name="What the caller asks")).to_be_visible()
    _shot(page, "1-before")

    panel.get_by_label("Request").select_option(label="Check free times")
    _settled(page)
    expect(panel.get_by_label("From")).to_have_attribute("type", "date")
    panel.get_by_role("button", name="Ask the agent").click()
    answer = panel.locator("#tool-answer")
    expect(answer).to_contain_text("The agent offers these times")
    _settled(page)
    expect(answer.locator("details")).not_to_have_attribute("open", "")
    answer.get_by_text("What the AI receives").click()
    expect(answer.locator("details pre").last).to_contain_text("To book, pass the exact ISO time")
    _shot(page, "2-free-times")

    # Book from the slot picker, as a caller picks one of the times offered.
    panel.get_by_label("Request").select_option(label="Book a viewing")
    _settled(page)
    picker = panel.locator(".slot-picker")
    if picker.locator("input[type=radio]").count() == 0:  # late in the day: the next day with free times
        picker.get_by_role("link", name="Next free times").click()
        _settled(page)
    picker.locator("label.slot").first.click()
    chosen = picker.locator("input[type=radio]:checked").get_attribute("value")
    panel.get_by_label("Caller's name").fill("Jordan Renter")
    panel.get_by_label("Caller's phone").fill("(512) 555-0142")
    panel.get_by_label("Rental to see").select_option(label="Cedar loft — 12 Elm Street, Austin")
    panel.get_by_role("button", name="Ask the agent").click()
    expect(answer).to_contain_text("Booked: Jordan Renter to see Cedar loft")
    expect(answer.locator(".badge-test")).to_have_text("Test")
    _settled(page)
    _shot(page, "3-booked")
    appointment = Appointment.objects.get(user=user)
    assert appointment.source == "test" and appointment.start == datetime.fromisoformat(chosen)

    panel.get_by_label("Request").select_option(label="Find rentals")
    _settled(page)
    panel.get_by_label("Highest rent").fill("1500")
    panel.get_by_role("button", name="Ask the agent").click()
    expect(answer).to_contain_text("1 rental to suggest")
    expect(answer).to_contain_text("Cedar loft")
    expect(answer).not_to_contain_text("Oak house")
    _settled(page)
    _shot(page, "4-rentals")

    # Tagged Test wherever the booking's source is shown.
    page.reload()
    upcoming = page.locator("section", has=page.get_by_role("heading", name="Upcoming viewings"))
    expect(upcoming).to_contain_text("Jordan Renter")
    expect(upcoming.locator(".badge-test")).to_have_text("Test")
    page.goto(f"/calendar/?week={appointment.start.date().isoformat()}")
    expect(page.locator(".week-viewing", has_text="Jordan Renter").locator(".badge-test").first).to_be_attached()
