"""The calendar invite (.ics, RFC 5546 iTIP) sent with a viewing's emails.

METHOD:REQUEST for a booked or moved viewing, METHOD:CANCEL (STATUS:CANCELLED) for a
cancelled one. The UID is the appointment's for good and SEQUENCE is the appointment's, so a
moved viewing replaces the invite in the renter's calendar and a cancel removes it.
"""

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .messages import viewing_title

PRODID = "-//LeaseLine//Viewings//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def invite_uid(appointment):
    host = urlsplit(settings.PUBLIC_BASE_URL).hostname or "leaseline"
    return f"viewing-{appointment.pk}@{host}"


def _address(email, name, **params):
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def invite_ics(*, appointment, method, renter_email, link):
    """The invite as bytes (text/calendar; method=`method`)."""
    manager = appointment.user
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", invite_uid(appointment))
    event.add("sequence", appointment.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", appointment.start.astimezone(UTC))
    event.add("dtend", appointment.end.astimezone(UTC))
    event.add("summary", viewing_title(appointment))
    if appointment.rental_id and appointment.rental and appointment.rental.address:
        event.add("location", appointment.rental.address)
    event.add("description", f"Your viewing. See it, confirm, cancel or pick another time: {link}")
    event.add("url", link)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event["organizer"] = _address(manager.email, getattr(manager, "name", "") or "")
    if renter_email:
        event.add(
            "attendee",
            _address(
                renter_email,
                appointment.attendee_name,
                ROLE="REQ-PARTICIPANT",
                PARTSTAT="NEEDS-ACTION",
                RSVP="TRUE",
            ),
        )
    calendar.add_component(event)
    return calendar.to_ical()
