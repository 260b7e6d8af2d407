"""What each message says: subjects, the email's text and HTML, the text message.

Times are in the agent's timezone (else the manager's), in words in the clock style of that
zone's country ("Tuesday, December 3 at 10:00 AM, America/Chicago time"; "Tuesday 3 December
at 10:00, Europe/London time"), never as ISO timestamps.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string

from core import clock
from core.words import timezone_words

SMS_PREFIX = "LeaseLine"


def viewing_zone(appointment):
    name = (appointment.agent.timezone if appointment.agent_id and appointment.agent else "") or ""
    name = name or getattr(appointment.user, "timezone", "") or "UTC"
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def when_words(moment, tz, *, with_zone=True):
    """Wednesday, December 2 at 2:00 PM (Wednesday 2 December at 14:00 in a country of the 24-hour clock)."""
    words = clock.moment_words(moment, tz=tz, style=clock.clock_style(tz), long=True, joiner=" at ")
    return f"{words}, {timezone_words(tz.key, with_offset=False)}" if with_zone else words


def span_words(start, end, tz):
    """Wednesday, December 2, 2:00–2:30 PM (or Wednesday 2 December, 14:00–14:30)"""
    return clock.span_words(start, end, tz=tz, style=clock.clock_style(tz), long=True)


def short_when(moment, tz):
    """Wed, Dec 2 at 2:00 PM (or Wed 2 Dec at 14:00)"""
    return clock.moment_words(moment, tz=tz, style=clock.clock_style(tz), joiner=" at ")


def rental_words(appointment):
    rental = appointment.rental if appointment.rental_id else None
    if rental is None:
        return ""
    return rental.address or rental.title or ""


def viewing_title(appointment):
    place = rental_words(appointment)
    return f"Viewing: {place}" if place else "Viewing"


def _offset_words(minutes):
    if minutes % 1440 == 0:
        days = minutes // 1440
        return "tomorrow" if days == 1 else f"in {days} days"
    if minutes % 60 == 0:
        hours = minutes // 60
        return "in 1 hour" if hours == 1 else f"in {hours} hours"
    return f"in {minutes} minutes"


@dataclass(frozen=True)
class Wording:
    subject: str
    headline: str
    lines: tuple
    sms: str


BY_WORDS = {"voice": "by phone with your assistant", "renter": "by the renter on their page"}


def _renter_wording(notification, appointment, tz, link):
    when = when_words(appointment.start, tz)
    place = rental_words(appointment)
    of_place = f" of {place}" if place else ""
    short = short_when(appointment.start, tz)
    kind = notification.kind
    if kind == "cancellation":
        return Wording(
            subject=f"Your viewing{of_place} on {short} is cancelled",
            headline="Your viewing is cancelled",
            lines=(f"The viewing{of_place} on {when} is cancelled.",),
            sms=f"{SMS_PREFIX}: your viewing{of_place} on {short} is cancelled. {link}",
        )
    if kind == "reschedule":
        return Wording(
            subject=f"Your viewing{of_place} has moved to {short}",
            headline="Your viewing has a new time",
            lines=(f"Your viewing{of_place} is now on {when}.",),
            sms=f"{SMS_PREFIX}: your viewing{of_place} has moved to {short}. See or change it: {link}",
        )
    if kind == "reminder":
        soon = _offset_words(notification.offset_minutes)
        return Wording(
            subject=f"Reminder: your viewing{of_place} is {soon}",
            headline=f"Your viewing is {soon}",
            lines=(f"Your viewing{of_place} is on {when}.",),
            sms=f"{SMS_PREFIX} reminder: your viewing{of_place} is {short}. Confirm, cancel or move it: {link}",
        )
    return Wording(
        subject=f"Your viewing{of_place} on {short}",
        headline="Your viewing is booked",
        lines=(f"Your viewing{of_place} is booked for {when}.",),
        sms=f"{SMS_PREFIX}: your viewing{of_place} is booked for {short}. Confirm, cancel or move it: {link}",
    )


def _manager_wording(notification, appointment, tz, by):
    who = appointment.attendee_name
    when = when_words(appointment.start, tz)
    place = rental_words(appointment)
    of_place = f" of {place}" if place else ""
    how = BY_WORDS.get(by, "")
    what = {"booked": "booked", "cancelled": "cancelled", "rescheduled": "moved"}.get(notification.event, "booked")
    first = {
        "booked": f"{who} booked a viewing{of_place} for {when}",
        "cancelled": f"{who}'s viewing{of_place} on {when} was cancelled",
        "rescheduled": f"{who}'s viewing{of_place} was moved to {when}",
    }.get(notification.event, f"{who} booked a viewing{of_place} for {when}")
    contact = [f"Phone: {appointment.attendee_phone}"] if appointment.attendee_phone else []
    contact += [f"Email: {appointment.attendee_email}"] if appointment.attendee_email else []
    return Wording(
        subject=f"Viewing {what}: {who}, {short_when(appointment.start, tz)}",
        headline=f"Viewing {what}",
        lines=(first + (f", {how}." if how else "."), *contact),
        sms="",
    )


def wording(notification, *, link, by=""):
    appointment = notification.appointment
    tz = viewing_zone(appointment)
    if notification.kind == "manager":
        return _manager_wording(notification, appointment, tz, by)
    return _renter_wording(notification, appointment, tz, link)


def email_bodies(notification, *, link, manager_link="", by=""):
    """(subject, text, html) of an email notification."""
    words = wording(notification, link=link, by=by)
    appointment = notification.appointment
    context = {
        "words": words,
        "appointment": appointment,
        "is_manager": notification.kind == "manager",
        "link": manager_link if notification.kind == "manager" else link,
        "cancelled": notification.kind == "cancellation",
        "agent_name": appointment.agent.agent_name if appointment.agent_id and appointment.agent else "",
        "manager_name": getattr(appointment.user, "name", "") or "",
    }
    text = render_to_string("notifications/email.txt", context)
    html = render_to_string("notifications/email.html", context)
    return words.subject, text, html
