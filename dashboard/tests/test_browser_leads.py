"""A manager in Chromium: finds a renter in the lead list, marks a viewing that has started as a
no-show, then as attended, and keeps their own budget through a later call."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from calendars.tests.factories import AppointmentFactory
from leads.services import lead_note_search
from leads.tests.factories import LeadFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_manager_works_a_lead_from_the_list(page, user, sign_in, width):
    page.set_viewport_size({"width": width, "height": 900})
    lead = LeadFactory(user=user, name="Jamie Fox", phone="+15125550199", status="viewing_booked")
    LeadFactory(user=user, name="Sam Lee", phone="+15125550142")
    started = timezone.now() - timedelta(minutes=20)
    AppointmentFactory(
        user=user, lead=lead, attendee_name="Jamie Fox", start=started, end=started + timedelta(minutes=30)
    )
    sign_in(page, user)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Leads", exact=True).click()
    if width < 600:
        page.locator("summary", has_text="Filter").click()
    page.get_by_label("Search").fill("555-0199")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Sam Lee")).to_have_count(0)
    page.get_by_role("link", name="Jamie Fox").click()
    expect(page.get_by_role("heading", name="Jamie Fox")).to_be_visible()
    expect(page.get_by_text("(512) 555-0199").first).to_be_visible()

    page.get_by_role("button", name="No-show").click()
    expect(page.get_by_text("Jamie Fox did not come to the viewing.")).to_be_visible()
    expect(page.locator("[data-lead-status]")).to_have_text("Viewing booked")
    page.get_by_role("button", name="Attended").click()
    expect(page.locator("[data-lead-status]")).to_have_text("Viewed")

    page.get_by_label("Budget (most a month)").fill("1500")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved. Calls will not change what you typed.")).to_be_visible()
    lead_note_search(user=user, phone=lead.phone, max_price=Decimal("2500"))
    page.reload()
    expect(page.get_by_text("Up to $1,500 a month")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
