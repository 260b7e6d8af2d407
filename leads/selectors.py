"""Reads of leads. Every selector takes the user.

Calls, viewings and messages sit in apps above leads; they are read here through the
reverse relations they declare on Lead (`calls`, `appointments`, `notifications`), so leads
never imports them.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist

from .models import Lead


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened with a lead: a call, a viewing booked, a message."""

    kind: str  # "call" | "appointment" | "message"
    at: datetime
    item: object


def lead_list(*, user):
    return Lead.objects.for_user(user).prefetch_related("rentals")


def lead_get(*, user, lead_id):
    return lead_list(user=user).filter(pk=lead_id).first()


def _related(lead, name):
    """The lead's rows of a reverse relation another app declares, or [] when it has none."""
    try:
        Lead._meta.get_field(name)
    except FieldDoesNotExist:
        return []
    return list(getattr(lead, name).filter(user_id=lead.user_id))


def _message_time(message):
    return message.sent_at or getattr(message, "due_at", None) or message.created_at


def lead_timeline(*, user, lead):
    """Calls, viewings and messages to the renter (not the manager's own emails), oldest first."""
    if lead.user_id != user.pk:
        return []
    entries = [TimelineEntry("call", call.started_at or call.created_at, call) for call in _related(lead, "calls")]
    entries += [TimelineEntry("appointment", item.created_at, item) for item in _related(lead, "appointments")]
    entries += [
        TimelineEntry("message", _message_time(message), message)
        for message in _related(lead, "notifications")
        if getattr(message, "kind", "") != "manager"
    ]
    return sorted(entries, key=lambda entry: (entry.at, entry.kind, entry.item.pk))
