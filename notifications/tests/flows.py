"""Booking, cancelling and moving viewings through the real endpoints, and reading what was sent."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar

CHICAGO = ZoneInfo("America/Chicago")


def day_at(hour, minute=0, days=2):
    day = timezone.now().astimezone(CHICAGO).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHICAGO)


def book(client, agent, start, **extra):
    body = {
        "agent_id": agent.pk,
        "start": start.isoformat(),
        "attendee_name": "Casey Renter",
        "attendee_phone": "+15125550123",
        "attendee_email": "casey@example.com",
        **extra,
    }
    response = client.post("/api/appointments", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def cancel(client, appointment_id):
    response = client.patch(f"/api/appointments/{appointment_id}", {"status": "cancelled"}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def notifications(client, **query):
    response = client.get("/api/notifications", query)
    assert response.status_code == 200, response.content
    return response.json()["notifications"]


def parts(message):
    """(text, html, ics bytes, the ics part) of a received email."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    invites = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    ics = invites[0].get_payload(decode=True) if invites else None
    return text, html, ics, (invites[0] if invites else None)


def invite_event(ics):
    calendar = Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def renter_path(text):
    """The renter's link in a message, as a path for the test client."""
    for word in text.split():
        if "/v/" in word:
            return urlsplit(word.strip(".,")).path
    raise AssertionError(f"No renter link in {text!r}")
