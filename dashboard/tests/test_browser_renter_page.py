"""The renter's page at phone width in Chromium: the link from the confirmation email opens the
viewing without signing in, another free time is picked with a tap, and the new time shows.

Also saves what the closing note shows (test-output/renter-page/): the confirmation email as
text and HTML, its .ics invite, and the page at 390 and 1280 px.
"""

from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from agents.tests.factories import AgentFactory
from calendars.models import Appointment
from notifications.models import Notification
from rentals.tests.factories import RentalFactory
from testsupport.smtp import smtp_server  # noqa: F401  (fixture: a real SMTP server on loopback)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "renter-page"


def _confirmation(server, address):
    [message] = server.to(address)
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    [invite] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    return message, text, html, invite.get_payload(decode=True)


def _save(message, text, html, ics):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    headers = "".join(f"{name}: {message[name]}\n" for name in ("From", "To", "Subject", "Date"))
    (OUTPUT / "confirmation-email.txt").write_text(headers + "\n" + text)
    (OUTPUT / "confirmation-email.html").write_text(html)
    (OUTPUT / "viewing.ics").write_bytes(ics)


def test_a_renter_moves_their_viewing_from_the_link_at_phone_width(page, api_client, user, smtp_server):  # noqa: F811
    agent = AgentFactory(
        user=user, agent_name="Maple Street Leasing", timezone="America/Chicago", min_notice_minutes=60
    )
    rental = RentalFactory(user=user, title="Sunny two-bed by the park", address="1204 Maple Street, Austin, TX 78704")
    slots = api_client.get("/api/calendar/availability", {"agent_id": agent.pk}).json()["slots"]
    booked = api_client.post(
        "/api/appointments",
        {
            "agent_id": agent.pk,
            "rental_id": rental.pk,
            "start": slots[4]["start"],
            "attendee_name": "Casey Rivera",
            "attendee_phone": "+15125550123",
            "attendee_email": "casey@example.com",
        },
        format="json",
    )
    assert booked.status_code == 201, booked.content
    message, text, html, ics = _confirmation(smtp_server, "casey@example.com")
    _save(message, text, html, ics)
    link = next(word for word in text.split() if "/v/" in word)

    page.set_viewport_size(PHONE)
    page.goto(urlsplit(link).path)
    expect(page.get_by_role("heading", name="Viewing of 1204 Maple Street, Austin, TX 78704")).to_be_visible()
    before = page.get_by_test_id("viewing-time").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "renter-page-390.png"), full_page=True)

    # Another free time on the picker's day, a tap away.
    picker = page.locator(".slot-picker")
    choice = picker.locator("label.slot").nth(2)
    choice.scroll_into_view_if_needed()
    chosen_label = choice.inner_text().strip()
    chosen_value = choice.locator("input").get_attribute("value")
    choice.click()
    page.get_by_role("button", name="Move my viewing").click()
    expect(page.get_by_role("status")).to_contain_text("Your viewing has moved to")

    appointment = Appointment.objects.get(pk=booked.json()["id"])
    assert appointment.start == datetime.fromisoformat(chosen_value)
    assert appointment.sequence == 1
    after = page.get_by_test_id("viewing-time").inner_text()
    local = appointment.start.astimezone(ZoneInfo("America/Chicago"))
    assert after != before and local.strftime("%-I:%M") in after
    assert local.strftime("%-I:%M %p") == chosen_label
    assert Notification.objects.filter(appointment=appointment, kind="reschedule", status="sent").exists()
    page.screenshot(path=str(OUTPUT / "renter-page-moved-390.png"), full_page=True)

    # A link changed on the way is LeaseLine's own page, not an error.
    altered = urlsplit(link).path[:-1] + ("x" if not link.endswith("x") else "y")
    assert page.goto(altered).status == 404
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    page.screenshot(path=str(OUTPUT / "renter-link-gone-390.png"), full_page=True)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(urlsplit(link).path)
    page.screenshot(path=str(OUTPUT / "renter-page-1280.png"), full_page=True)
    page.set_content(html)
    page.screenshot(path=str(OUTPUT / "confirmation-email-1280.png"), full_page=True)
