"""LeaseLine in a real browser: Debian's Chromium through Playwright, against the live server.

Each test is one thing a property manager does, start to finish, through the pages only.
"""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agents.models import Agent
from agents.tests.factories import AgentFactory
from agents.validators import WEEKDAYS
from calendars.models import Appointment
from calendars.tests.factories import AppointmentFactory, RentalFactory
from rentals.models import RentalSource, ScrapeRun
from voice.models import Call

from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _settled(page):
    """Wait until htmx has finished swapping and wiring up what it loaded."""
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


def _stat(page, name):
    return page.locator(f'[data-stat="{name}"]').first.inner_text().strip()


def test_sign_in_wrong_password_then_right_then_sign_out(page, user):
    page.goto("/agents/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/agents/"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#signin-error")).to_contain_text("don't match an account")

    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/agents/$"))
    expect(page.get_by_role("heading", name="Agents", exact=True)).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login/"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/"))


def test_dashboard_numbers_match_the_api(page, user, other_user, sign_in):
    now = timezone.now()
    agent = AgentFactory(user=user, agent_name="Maple line")
    AgentFactory(user=user, is_active=False)
    AgentFactory(user=other_user)
    for n in range(3):
        RentalFactory(user=user, price=1000 + n)
    RentalFactory(user=user, status="unavailable")
    RentalFactory(user=other_user)
    AppointmentFactory(
        user=user, agent=agent, start=now + timedelta(days=2), attendee_name="Avery Renter", source="voice"
    )
    AppointmentFactory(user=user, agent=agent, start=now + timedelta(days=9))
    for n, hours in enumerate((1, 30, 100)):
        Call.objects.create(
            user=user,
            agent=agent,
            vapi_call_id=f"c{n}",
            started_at=now - timedelta(hours=hours),
            duration_seconds=60 * (n + 1),
        )
    Call.objects.create(user=other_user, vapi_call_id="other", started_at=now)

    sign_in(page, user)
    expect(page.get_by_role("heading", name=re.compile("Good to see you"))).to_be_visible()
    api = page.request.get("/api/dashboard/stats")
    assert api.status == 200
    stats = api.json()
    shown = {}
    for element in page.locator("[data-stat]").all():
        shown[element.get_attribute("data-stat")] = element.inner_text().strip()
    assert shown, "the dashboard shows its numbers"
    for key, text in shown.items():
        group, name = key.split(".")
        assert text == str(stats[group][name]), key
    assert stats["agents"] == {"total": 2, "active": 1, "inactive": 1}
    assert stats["rentals"]["total"] == 4 and stats["calls"]["total"] == 3
    expect(page.locator("#upcoming")).to_contain_text("Avery Renter")
    expect(page.locator(".chart svg rect.bar")).to_have_count(
        3 if (now - timedelta(hours=30)).date() != (now - timedelta(hours=1)).date() else 3
    )

    # On a phone the same page fits the screen: no sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Calls")).to_be_attached()


def test_create_an_agent_with_working_hours(page, user, other_user, sign_in):
    sign_in(page, user)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Agents").click()
    page.get_by_role("link", name="Create your first agent").click()

    page.get_by_label("Name", exact=True).fill("Maple Street line")
    page.get_by_label("Viewing length (minutes)").fill("45")
    # Monday: a lunch break; Friday closed; Saturday morning open.
    page.locator("#id_mon_end").fill("12:00")
    page.locator("#id_mon_start2").fill("13:00")
    page.locator("#id_mon_end2").fill("17:00")
    page.locator("#id_fri_open").uncheck()
    page.locator("#id_sat_open").check()
    page.locator("#id_sat_start").fill("10:00")
    page.locator("#id_sat_end").fill("09:00")  # ends before it starts: refused, beside the hours
    page.get_by_role("button", name="Create agent").click()
    expect(page.locator("#working-hours .error")).to_contain_text("must end after it starts")
    assert not Agent.objects.filter(agent_name="Maple Street line").exists()

    page.locator("#id_sat_end").fill("13:00")
    page.get_by_role("button", name="Create agent").click()
    expect(page.get_by_role("heading", name=re.compile("Maple Street line"))).to_be_visible()
    expect(page.locator(".flash")).to_contain_text("is saved")
    agent = Agent.objects.get(agent_name="Maple Street line")
    assert agent.user == user and agent.slot_minutes == 45
    assert agent.working_hours["mon"] == [["09:00", "12:00"], ["13:00", "17:00"]]
    assert agent.working_hours["fri"] == [] and agent.working_hours["sat"] == [["10:00", "13:00"]]
    # The webhook secret is shown with a copy button; rotating it changes it.
    secret = page.locator("#webhook-secret").inner_text().strip()
    assert secret == agent.webhook_secret
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Rotate secret").click()
    expect(page.locator(".flash")).to_contain_text("new webhook secret")
    assert page.locator("#webhook-secret").inner_text().strip() != secret


def test_add_the_demo_source_scrape_and_see_rentals(page, user, sign_in, live_server, settings):
    settings.SCRAPER_POLITENESS_DELAY_SECONDS = 0.05
    sign_in(page, user)
    page.goto("/sources/")
    page.get_by_role("link", name="Add your first source").click()
    page.get_by_label("Website address").fill(f"{live_server.url}/demo/css/")
    page.get_by_label("Name").fill("Prairie Street")
    page.get_by_label("How to read the listings").select_option("css")
    page.get_by_label("Listing item").fill("div.listing")
    for field, selector in {
        "external_id": "::attr(data-id)",
        "title": "h2 a::text",
        "url": "h2 a::attr(href)",
        "price": ".rent::text",
        "bedrooms": ".beds::text",
        "city": ".city::text",
    }.items():
        page.locator(f"#id_field_{field}").fill(selector)
    page.get_by_label("Next page link").fill("a.next::attr(href)")

    # Test first: the first page's listings, nothing saved.
    page.get_by_role("button", name="Test this source").click()
    expect(page.locator("#preview-result")).to_contain_text("The first page gives 4 rentals")
    expect(page.locator("#preview-result")).to_contain_text("Sunny studio on Maple")
    assert not user.rentalsources.exists()

    page.get_by_role("button", name="Save source").click()
    expect(page.get_by_role("heading", name="Prairie Street")).to_be_visible()
    expect(page.locator("#run-rows")).to_contain_text("Not scraped yet")

    page.get_by_role("button", name="Scrape now").click()
    expect(page.locator('#run-progress[data-run-status="succeeded"]')).to_be_visible(timeout=30_000)
    expect(page.locator("#run-progress")).to_contain_text("3 pages read, 9 listings found: 9 new")
    expect(page.locator("#run-rows")).to_contain_text("Succeeded")
    expect(page.locator("#source-counts")).to_contain_text("9 available of 9")

    page.get_by_role("link", name="See the rentals").click()
    expect(page.locator("#rentals tbody tr")).to_have_count(9)
    # The API's filters and sorting work on the page.
    page.get_by_label("Max rent").fill("1500")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#rentals tbody tr")).to_have_count(4)
    page.locator("#rentals").get_by_role("link", name="Rent").click()  # sort by rent
    expect(page.locator("#rentals tbody tr").first).to_contain_text("Hill Country view studio")


def test_book_through_try_your_agent_and_see_it_on_the_dashboard(page, user, sign_in):
    agent = AgentFactory(user=user, agent_name="Cedar line", min_notice_minutes=0)
    sign_in(page, user)
    page.goto(f"/agents/{agent.pk}/")

    panel = page.locator("#try-tool")
    panel.get_by_label("Request").select_option(label="Check free times")
    _settled(page)
    panel.get_by_role("button", name="Ask the agent").click()
    expect(panel.locator("#tool-answer")).to_contain_text("The agent offers these times")
    _settled(page)
    panel.locator("#tool-answer .try-clocks button").first.click()  # opens "Book a viewing" on that time
    expect(panel.get_by_label("Caller's name")).to_be_visible()
    chosen = panel.locator(".slot-picker input[type=radio]:checked").get_attribute("value")
    panel.get_by_label("Caller's name").fill("Jordan Renter")
    panel.get_by_label("Caller's phone").fill("+1 512 555 0142")
    panel.get_by_role("button", name="Ask the agent").click()
    expect(panel.locator("#tool-answer")).to_contain_text("Booked: Jordan Renter")
    _settled(page)
    appointment = Appointment.objects.get(user=user)
    assert appointment.start == datetime.fromisoformat(chosen) and appointment.source == "test"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.locator("#upcoming")).to_contain_text("Jordan Renter")
    expect(page.locator('[data-stat="calendar.upcoming_appointments"]')).to_have_text("1")
    # A try-panel booking is not a call's booking.
    expect(page.locator('[data-stat="calls.bookings_last_7_days"]')).to_have_text("0")


def test_another_user_sees_none_of_it(page, user, other_user, sign_in):
    agent = AgentFactory(user=user, agent_name="Private line")
    rental = RentalFactory(user=user, title="Private loft")
    AppointmentFactory(user=user, agent=agent, start=timezone.now() + timedelta(days=1), attendee_name="Hidden Renter")
    call = Call.objects.create(
        user=user, agent=agent, vapi_call_id="private", started_at=timezone.now(), customer_number="+15125550999"
    )

    sign_in(page, other_user)
    for key in ("agents.total", "rentals.total", "calendar.upcoming_appointments", "calls.total"):
        assert _stat(page, key) == "0", key
    for path in ("/", "/agents/", "/rentals/", "/calendar/", "/calls/", "/sources/"):
        page.goto(path)
        text = page.locator("main").inner_text()
        for secret in ("Private line", "Private loft", "Hidden Renter", "+15125550999"):
            assert secret not in text, (path, secret)
    for path in (f"/agents/{agent.pk}/", f"/rentals/{rental.pk}/", f"/calls/{call.pk}/", f"/agents/{agent.pk}/edit/"):
        response = page.goto(path)
        assert response.status == 404, path
    stats = json.loads(page.request.get("/api/dashboard/stats").text())
    assert stats["agents"]["total"] == 0 and stats["calls"]["total"] == 0


def _shoot(page, name):
    """The dashboard at desktop and phone width, for people to look at under test-output/."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (name, width)
        page.screenshot(path=str(SCREENSHOTS / f"dashboard-checklist-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_first_run_checklist_from_a_fresh_account_to_all_done(page, user, sign_in, settings):
    settings.VAPI_API_KEY = ""
    sign_in(page, user)
    checklist = page.locator("#checklist")
    expect(checklist).to_contain_text("0 of 5 done")
    expect(page.locator(".stats")).to_contain_text("built-in calendar in use")
    _shoot(page, "fresh")

    # Each open step links to the page that does it.
    for step, url in (
        ("hours", r"/agents/new/$"),
        ("calendar", r"/calendar/$"),
        ("source", r"/sources/new/$"),
        ("sync", r"/account/$"),
        ("call", r"/agents/new/$"),
    ):
        page.locator(f'[data-step="{step}"] a.button').click()
        expect(page).to_have_url(re.compile(url))
        page.go_back()
        expect(checklist).to_be_visible()

    # Half done: an agent with hours but no open day for another, and a source not yet scraped.
    AgentFactory(user=user, agent_name="Maple line")
    AgentFactory(user=user, agent_name="Riley", working_hours={day: [] for day in WEEKDAYS})
    source = RentalSource.objects.create(user=user, name="Demo listings", website_url="https://demo.example")
    page.reload()
    expect(checklist).to_contain_text("1 of 5 done")
    expect(page.locator('[data-step="hours"]')).to_have_attribute("data-done", "true")
    expect(page.locator('[data-alert="unbookable"]')).to_contain_text(
        "Riley can't be booked: every day is closed. Set working hours."
    )
    expect(page.locator('[data-alert="scrape"]')).to_contain_text("Demo listings has not been scraped yet")
    expect(page.get_by_role("button", name="Scrape now")).to_be_visible()
    _shoot(page, "half-done")

    # All done: the checklist goes, the warning for Riley stays until its hours are set.
    agent = Agent.objects.get(user=user, agent_name="Maple line")
    Agent.objects.filter(pk=agent.pk).update(sync_status=Agent.SyncStatus.SYNCED, vapi_assistant_id="asst-maple")
    ScrapeRun.objects.create(user=user, source=source, status="succeeded", listings_found=3)
    RentalFactory(user=user, source=source)
    AppointmentFactory(user=user, agent=agent, start=timezone.now() + timedelta(days=1), connection=None)
    Call.objects.create(user=user, agent=agent, vapi_call_id="first-call", started_at=timezone.now())
    page.reload()
    expect(checklist).to_have_count(0)
    expect(page.locator('[data-alert="scrape"]')).to_have_count(0)
    expect(page.locator('[data-alert="unbookable"]')).to_be_visible()
    _shoot(page, "all-done")
