"""Calendar answers in the shapes the existing frontend reads (FE:src/types/api.ts:L61-78,
FE:src/actions/calendar-actions.ts), built from LeaseLine's own connections, events and slots."""

import re
from zoneinfo import ZoneInfo

from calendars.models import CalendarConnection

PROVIDER_NAMES = dict(CalendarConnection.Provider.choices)

# What the frontend's /users banner says after a connect (C4), by LeaseLine's callback outcome.
CONNECT_ERRORS = {
    "access_denied": "The calendar was not connected: access was declined.",
    "expired_state": "The calendar connect took too long. Please try again.",
    "invalid_state": "This calendar connect link is no longer valid. Please try again.",
    "missing_code": "The calendar provider did not finish the connect. Please try again.",
    "exchange_failed": "The calendar provider did not confirm the connect. Please try again.",
}
CONNECT_PARKED = (
    "The calendar was not connected because this browser is not signed in to LeaseLine. "
    "Connect it again from LeaseLine's calendar page, signed in."
)
CONNECT_FAILED = "The calendar was not connected. Please try again."


def provider_name(provider):
    return PROVIDER_NAMES.get(provider, provider.title())


def connection_status(*, user, provider, connection):
    """C1/C2: `authorized` only for a connection that works now."""
    name = provider_name(provider)
    if connection is None:
        return {
            "authorized": False,
            "provider": provider,
            "user_email": user.email,
            "calendar_verified": False,
            "token_valid": False,
            "message": f"No {name} calendar is connected.",
        }
    active = connection.status == CalendarConnection.Status.ACTIVE
    return {
        "authorized": active,
        "provider": provider,
        "calendar_email": connection.account_email,
        "user_email": user.email,
        "calendar_name": f"{name} calendar",
        "calendar_id": connection.calendar_id,
        "calendar_link": None,
        "calendar_verified": active,
        "calendar_error": connection.last_error or None,
        "token_valid": active,
        "expires_at": None,
        "expires_at_formatted": None,
        "created_at": connection.created_at.isoformat(),
        "message": f"{name} calendar connected." if active else f"The {name} calendar needs to be connected again.",
    }


def connect_outcome(query):
    """(auth, message) for the frontend's /users page from LeaseLine's callback query."""
    if query.get("connected") in PROVIDER_NAMES:  # anyone can make this link: no text of theirs is shown
        return "success", f"Your {provider_name(query['connected'])} calendar is connected."
    if query.get("pending"):
        return "error", CONNECT_PARKED
    return "error", CONNECT_ERRORS.get(query.get("error", ""), CONNECT_FAILED)


def event_shape(event):
    """C6: `attendees` is read unguarded, so it is always a list."""
    return {
        "id": event.id,
        "subject": event.title,
        "start_time": event.start.isoformat(),
        "end_time": event.end.isoformat(),
        "location": event.location,
        "attendees": [],
        "body": "",
        "is_online_meeting": False,
        "web_link": "",
        "is_all_day": event.all_day,
        "show_as": event.show_as,
        "provider": event.provider,
    }


def slot_shape(slot, zone):
    start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
    return {
        "start_time": start.isoformat(),
        "end_time": end.isoformat(),
        "formatted_time": f"{start:%A, %B} {start.day} at {(start.hour % 12) or 12}:{start:%M %p}",
        "day": f"{start:%A}",
    }


def slots_within_hours(slots, zone_name, *, start_hour, end_hour):
    """The slots that start at or after `start_hour` and end by `end_hour`, local time."""
    zone = ZoneInfo(zone_name)
    kept = []
    for slot in slots:
        start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
        end_minutes = end.hour * 60 + end.minute if end.date() == start.date() else 24 * 60
        if start.hour >= start_hour and end_minutes <= end_hour * 60:
            kept.append(slot)
    return kept


ATTENDEE_IN_BODY = re.compile(r"Attendee:\s*([^\n(]{1,200}?)\s*\(")
ADDRESS_IN_SUBJECT = re.compile(r"^\s*Property Viewing\s*-\s*(.+?)\s*$")


def attendee_name_of(*, body, attendee_email, subject):
    """The appointments page writes "Attendee: <name> (<email>)" into the body (FE:src/app/appointments/page.tsx)."""
    match = ATTENDEE_IN_BODY.search(body or "")
    if match and match.group(1).strip():
        return match.group(1).strip()
    if attendee_email:
        return attendee_email.split("@", 1)[0]
    return (subject or "").strip()[:100] or "Viewing"


def address_of(subject):
    match = ADDRESS_IN_SUBJECT.match(subject or "")
    return match.group(1) if match else ""
