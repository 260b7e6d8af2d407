"""Reads of calendars, availability and appointments. Every selector takes the user.

Nothing here writes. Reading a connected calendar may refresh its tokens or find its grant
revoked; the provider keeps that through the services in tokens.py, and busy time is cached.
"""

import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .availability import BookingRules, Slot, free_slots
from .clients.http import ProviderError, with_call_budget
from .models import Appointment, CalendarConnection
from .providers import provider_for

logger = logging.getLogger(__name__)

BUSY_CACHE_VERSION_KEY = "calendars:busy-version:{user_id}"


@dataclass
class AvailabilityResult:
    """Free slots in the agent's timezone, or no slots and the reason a calendar could not be read."""

    timezone: str
    slots: list[Slot] = field(default_factory=list)
    error: str | None = None

    def as_dict(self):
        answer = {"timezone": self.timezone, "slots": [slot.as_dict() for slot in self.slots]}
        if self.error:
            answer["error"] = self.error
        return answer


class BusyUnavailable(Exception):
    """A calendar the user relies on cannot be read; `str()` says which and why (no secrets)."""


def connection_label(connection):
    name = connection.get_provider_display()
    return f"{name} calendar {connection.account_email}".strip()


def _hour_floor(moment):
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _connection_read(*, connection, kind, start, end, tz, use_cache):
    """A connection's busy pairs or events over [start, end) widened to whole hours.

    Cached up to CALENDAR_BUSY_CACHE_SECONDS per connection, window and zone; the widening
    lets calls a few seconds apart share an entry. Booking, cancelling and (re)connecting
    change the user's cache version, which makes every older entry unreachable. Raises
    ProviderError when the calendar cannot be read (failures are never cached).
    """
    start, end = _hour_floor(start), _hour_floor(end) + timedelta(hours=1)
    version = cache.get(BUSY_CACHE_VERSION_KEY.format(user_id=connection.user_id)) or 0
    key = (
        f"calendars:{kind}:{connection.user_id}:{version}:{connection.pk}:"
        f"{int(start.timestamp())}:{int(end.timestamp())}:{tz.key}"
    )
    if use_cache:
        cached = cache.get(key)
        if cached is not None:
            return cached
    provider = provider_for(connection, user=connection.user)
    read = provider.busy if kind == "busy" else provider.events
    value = read(start=start, end=end, tz=tz)
    cache.set(key, value, settings.CALENDAR_BUSY_CACHE_SECONDS)
    return value


def connection_busy(*, connection, start, end, tz, use_cache=True):
    """Busy (start, end) pairs of one connection around [start, end); raises ProviderError."""
    return _connection_read(connection=connection, kind="busy", start=start, end=end, tz=tz, use_cache=use_cache)


def connection_events(*, connection, start, end, tz, use_cache=True):
    """Events of one connection overlapping [start, end); raises ProviderError."""
    events = _connection_read(connection=connection, kind="events", start=start, end=end, tz=tz, use_cache=use_cache)
    return [event for event in events if event.start < end and event.end > start]


def user_busy(*, user, start, end, tz, use_cache=True):
    """Everything that makes the manager busy in [start, end): every connection plus booked appointments.

    One manager, one diary: a connection that needs re-connecting or cannot be read raises
    BusyUnavailable, because its events would otherwise silently look free.
    """
    busy = []
    for connection in CalendarConnection.objects.for_user(user).select_related("user"):
        label = connection_label(connection)
        if connection.status != CalendarConnection.Status.ACTIVE:
            raise BusyUnavailable(f"The {label} needs to be connected again.")
        try:
            busy += connection_busy(connection=connection, start=start, end=end, tz=tz, use_cache=use_cache)
        except ProviderError as exc:
            logger.warning("Busy time of connection %s unreadable: %s", connection.pk, exc)
            raise BusyUnavailable(f"The {label} cannot be read right now: {exc}.") from exc
    appointments = Appointment.objects.for_user(user).filter(
        status=Appointment.Status.BOOKED, start__lt=end, end__gt=start
    )
    busy += list(appointments.values_list("start", "end"))
    return busy


@with_call_budget
def agent_free_slots(*, user, agent, start=None, end=None, duration_minutes=None, use_cache=True):
    """The agent's free slots in [start, end) (default: now to the booking horizon), failing closed."""
    rules = BookingRules.for_agent(agent, duration_minutes=duration_minutes)
    result = AvailabilityResult(timezone=rules.timezone)
    now = timezone.now()
    earliest, latest = rules.booking_window(now)
    window_start = max(start, earliest) if start else earliest
    window_end = min(end, latest) if end else latest
    if window_end <= window_start:
        return result
    booking_calendar = agent.booking_calendar
    if booking_calendar is not None and booking_calendar.status != CalendarConnection.Status.ACTIVE:
        result.error = f"The {connection_label(booking_calendar)} needs to be connected again."
        return result
    # Busy time is read a buffer's width around the window, so events just outside it still push slots away.
    margin = timedelta(minutes=rules.buffer_minutes)
    try:
        busy = user_busy(
            user=user,
            start=window_start - margin,
            end=window_end + margin,
            tz=ZoneInfo(rules.timezone),
            use_cache=use_cache,
        )
    except BusyUnavailable as exc:
        result.error = str(exc)
        return result
    result.slots = free_slots(rules, busy, now=now, start=window_start, end=window_end)
    return result


def appointment_filter(queryset, *, status=None, start=None, end=None, agent_id=None):
    """Inclusive filters on an appointment queryset: start <= appointment start <= end."""
    if status:
        queryset = queryset.filter(status=status)
    if start is not None:
        queryset = queryset.filter(start__gte=start)
    if end is not None:
        queryset = queryset.filter(start__lte=end)
    if agent_id is not None:
        queryset = queryset.filter(agent_id=agent_id)
    return queryset


def with_renter_confirmed(queryset):
    """Annotates `renter_confirmed`: the renter pressed Confirm on their page for this version of
    the viewing (a move asks again), read in the same query. The confirmation is notifications'
    (a layer above), reached through its reverse relation, never imported."""
    confirmations = Appointment._meta.get_field("renter_confirmation").related_model.objects
    return queryset.annotate(
        renter_confirmed=Exists(confirmations.filter(appointment=OuterRef("pk"), sequence=OuterRef("sequence")))
    )


def appointment_list(*, user, status=None, start=None, end=None, agent_id=None):
    queryset = with_renter_confirmed(Appointment.objects.for_user(user).select_related("agent", "rental", "connection"))
    return appointment_filter(queryset, status=status, start=start, end=end, agent_id=agent_id)


def connection_list(*, user):
    return CalendarConnection.objects.for_user(user)


@with_call_budget
def calendar_events(*, user, start, end, use_cache=True):
    """Events of every connection plus the built-in calendar, merged: (events, errors).

    A connection that cannot be read is reported in `errors` while the others still answer.
    """
    tz = ZoneInfo(user.timezone or "UTC")
    events, errors = [], []
    for connection in CalendarConnection.objects.for_user(user).select_related("user"):
        try:
            if connection.status != CalendarConnection.Status.ACTIVE:
                raise ProviderError(connection.last_error or "The calendar needs to be connected again")
            events += connection_events(connection=connection, start=start, end=end, tz=tz, use_cache=use_cache)
        except ProviderError as exc:
            errors.append({"connection_id": connection.pk, "provider": connection.provider, "error": str(exc)})
    events += provider_for(None, user=user).events(start=start, end=end, tz=tz)
    events = [replace(event, start=event.start.astimezone(tz), end=event.end.astimezone(tz)) for event in events]
    events.sort(key=lambda event: (event.start, event.end, event.id))
    return events, errors
