"""The calendar in a real browser: the week view and booking a viewing by clicking a free slot."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from calendars.models import Appointment
from calendars.slots import day_words
from calendars.tests.factories import AgentFactory, AppointmentFactory
from calendars.week import week_start_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _settled(page):
    """Wait until htmx has finished swapping what it loaded."""
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


def test_book_a_viewing_by_clicking_a_free_slot_and_see_it_in_the_week(page, user, sign_in):
    agent = AgentFactory(user=user, agent_name="Maple line", min_notice_minutes=0)
    existing = AppointmentFactory(user=user, agent=agent, attendee_name="Jordan Lee", source="voice")
    sign_in(page, user)

    page.goto("/calendar/")
    week = page.locator("#week")
    expect(week.get_by_role("heading", name=re.compile("^Week of"))).to_be_visible()
    # Week by week with htmx: forward, then back to this week with Today.
    this_week = page.locator("#week h2").inner_text()
    week.get_by_role("link", name="Next week ›").click()
    _settled(page)
    expect(page).to_have_url(re.compile(r"/calendar/\?week=\d{4}-\d\d-\d\d"))
    expect(page.locator("#week h2")).not_to_have_text(this_week)
    page.locator("#week").get_by_role("link", name="Today").click()
    _settled(page)
    expect(page.locator("#week h2")).to_have_text(this_week)

    page.get_by_role("link", name="Book a viewing").click()
    picker = page.locator("#slot-picker-start")
    first_day = picker.locator(".slot-picker-day").inner_text()
    picker.get_by_role("link", name="Next day").click()
    _settled(page)
    expect(page.locator("#slot-picker-start .slot-picker-day")).not_to_have_text(first_day)
    picker = page.locator("#slot-picker-start")
    day_text = picker.locator(".slot-picker-day").inner_text()
    button = picker.locator("label.slot").nth(2)
    time_text = button.inner_text().strip()
    assert re.fullmatch(r"\d{1,2}:\d\d [AP]M", time_text)
    button.click()
    expect(button.locator("input")).to_be_checked()
    page.get_by_label("Name").fill("Avery Renter")
    page.get_by_role("button", name="Book").click()

    expect(page.locator(".flash")).to_have_text(f"Booked Avery Renter on {day_text} at {time_text}.")
    booked = Appointment.objects.get(attendee_name="Avery Renter")
    assert booked.source == "web" and booked.agent == agent and booked.pk != existing.pk
    column = page.locator(f'#week [data-day="{booked.start.astimezone(ZoneInfo(user.timezone)).date().isoformat()}"]')
    expect(column.locator(".week-viewing", has_text="Avery Renter")).to_contain_text(time_text.split()[0] + "–")
    expect(column).to_contain_text(day_text)


def test_the_week_view_at_phone_width_lists_the_days(page, user, sign_in):
    AgentFactory(user=user, agent_name="Maple line")
    AppointmentFactory(user=user, attendee_name="Jordan Lee", source="voice")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, user)

    page.goto("/calendar/")

    monday = week_start_of(page_today(user))
    days = page.locator("#week .week-day-head").filter(has_text=re.compile(r"\d"))
    expect(days).to_have_count(7)
    expect(days.first).to_have_text(re.compile(f"^{day_words(monday)}"))
    expect(page.locator("#week .week-axis")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("#week").evaluate("el => getComputedStyle(el.querySelector('.week-grid')).display") == "block"
    assert monday + timedelta(days=6) >= page_today(user)


def page_today(user):
    return timezone.now().astimezone(ZoneInfo(user.timezone)).date()


def test_choosing_another_agent_shows_its_free_times_on_the_same_day(page, user, sign_in):
    AgentFactory(user=user, agent_name="Alder line", min_notice_minutes=0)
    AgentFactory(
        user=user,
        agent_name="Birch line",
        min_notice_minutes=0,
        working_hours={day: [["06:00", "07:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    )
    sign_in(page, user)

    page.goto("/calendar/appointments/new/")
    picker = page.locator("#slot-picker-start")
    picker.get_by_role("link", name="Next day").click()
    _settled(page)
    day_text = page.locator("#slot-picker-start .slot-picker-day").inner_text()
    expect(page.locator("#slot-picker-start")).to_contain_text("Free times for Alder line")
    page.get_by_label("Agent").select_option(label="Birch line")
    _settled(page)

    expect(page.locator("#slot-picker-start")).to_contain_text("Free times for Birch line")
    expect(page.locator("#slot-picker-start .slot-picker-day")).to_have_text(day_text)
    expect(page.locator("#slot-picker-start label.slot")).to_have_text(["6:00 AM", "6:30 AM"])
