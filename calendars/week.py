"""The calendar page's week: booked viewings, busy time of every connected calendar and an
agent's working hours, laid out as seven days in the manager's timezone.

Busy time is the read the availability engine uses (`connection_busy`, cached the same way),
so what looks busy here is what keeps agents from offering a time. A calendar that cannot be
read leaves a note and the rest of the week still shows.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from core import clock

from .availability import _day_ranges, _instant
from .clients.http import ProviderError, with_call_budget
from .models import Appointment, CalendarConnection
from .selectors import connection_busy, connection_label, with_renter_confirmed
from .slots import day_words

logger = logging.getLogger(__name__)

DAYS_IN_WEEK = 7
# The hours always shown; earlier or later items widen the view.
FIRST_HOUR, LAST_HOUR = 8, 19
# For a narrow day column.
SOURCE_SHORT_WORDS = {"voice": "Call", "api": "API", "web": "Web", "test": "Test"}


def week_start_of(day):
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


@dataclass
class WeekItem:
    """A viewing, a busy block or open hours, cut to one day."""

    kind: str  # "viewing", "busy" or "open"
    start: datetime
    end: datetime
    label: str = ""
    all_day: bool = False
    appointment: Appointment | None = None
    calendar: str = ""
    top: float = 0.0
    height: float = 0.0

    @property
    def source_words(self):
        return self.appointment.get_source_display() if self.appointment else ""

    @property
    def source_short_words(self):
        return SOURCE_SHORT_WORDS.get(self.appointment.source, "") if self.appointment else ""

    @property
    def style(self):
        return f"top:{self.top:.3f}%;height:{self.height:.3f}%"


@dataclass
class WeekDay:
    day: date
    is_today: bool
    is_past: bool = False
    items: list[WeekItem] = field(default_factory=list)
    open_hours: list[WeekItem] = field(default_factory=list)

    @property
    def label(self):
        return day_words(self.day)

    @property
    def all_day(self):
        return [item for item in self.items if item.all_day]

    @property
    def timed(self):
        return [item for item in self.items if not item.all_day]


@dataclass
class Week:
    start: date
    tz: ZoneInfo
    days: list[WeekDay]
    first_hour: int = FIRST_HOUR
    last_hour: int = LAST_HOUR
    notes: list[str] = field(default_factory=list)
    agent: object = None

    @property
    def now(self):
        return timezone.now()

    @property
    def previous(self):
        return self.start - timedelta(days=DAYS_IN_WEEK)

    @property
    def next(self):
        return self.start + timedelta(days=DAYS_IN_WEEK)

    @property
    def this_week(self):
        return week_start_of(timezone.now().astimezone(self.tz).date())

    @property
    def label(self):
        last = self.start + timedelta(days=DAYS_IN_WEEK - 1)
        return f"{day_words(self.start)} – {day_words(last)}"

    @property
    def hours(self):
        return [clock.hour_words(hour) for hour in range(self.first_hour, self.last_hour)]

    @property
    def hour_count(self):
        return self.last_hour - self.first_hour

    @property
    def is_empty(self):
        return not any(day.items for day in self.days)


def _midnight(day, tz):
    return datetime.combine(day, time(0), tzinfo=tz)


def _cut(item, day, tz):
    """The part of `item` inside `day` (in tz), or None."""
    day_start, day_end = _midnight(day, tz), _midnight(day + timedelta(days=1), tz)
    start, end = max(item.start, day_start), min(item.end, day_end)
    if end <= start:
        return None
    piece = WeekItem(**{**item.__dict__, "start": start.astimezone(tz), "end": end.astimezone(tz)})
    piece.all_day = start == day_start and end == day_end
    if not piece.all_day:
        # A piece that ends at midnight reads "24:00" (or "midnight") rather than "0:00".
        piece.label = clock.range_words(start, end, tz=tz)
    else:
        piece.label = "All day"
    return piece


def _viewings(user, start, end):
    appointments = (
        with_renter_confirmed(Appointment.objects.for_user(user))
        .filter(start__lt=end, end__gt=start)
        # Every viewing that was not cancelled (booked, and once it happened, attended or not).
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("agent", "rental", "connection")
        .order_by("start", "id")
    )
    return [
        WeekItem(kind="viewing", start=appointment.start, end=appointment.end, appointment=appointment)
        for appointment in appointments
    ]


def _busy(user, start, end, tz, viewings, notes):
    """Busy blocks of every connected calendar; a viewing's own event is shown once, as the viewing."""
    own = {(item.appointment.connection_id, item.start, item.end) for item in viewings}
    items = []
    for connection in CalendarConnection.objects.for_user(user).select_related("user"):
        label = connection_label(connection)
        if connection.status != CalendarConnection.Status.ACTIVE:
            notes.append(f"Couldn't read the {label} just now: it needs to be connected again.")
            continue
        try:
            pairs = connection_busy(connection=connection, start=start, end=end, tz=tz)
        except ProviderError as exc:
            logger.warning("Week view: busy time of connection %s unreadable: %s", connection.pk, exc)
            notes.append(f"Couldn't read the {label} just now, so its busy time is missing here.")
            continue
        for busy_start, busy_end in pairs:
            if (connection.pk, busy_start, busy_end) in own or busy_end <= start or busy_start >= end:
                continue
            items.append(WeekItem(kind="busy", start=busy_start, end=busy_end, calendar=label))
    return items


def _open_hours(agent, first_day, last_day):
    """The agent's working hours around [first_day, last_day], as instants."""
    if agent is None:
        return []
    agent_tz = ZoneInfo(agent.timezone or "UTC")
    ranges = _day_ranges(agent.working_hours or {})
    items = []
    day = first_day - timedelta(days=1)
    while day <= last_day + timedelta(days=1):
        for clock_start, clock_end in ranges[day.weekday()]:
            items.append(
                WeekItem(
                    kind="open",
                    start=datetime.fromtimestamp(_instant(day, clock_start, agent_tz), agent_tz),
                    end=datetime.fromtimestamp(_instant(day, clock_end, agent_tz), agent_tz),
                )
            )
        day += timedelta(days=1)
    return items


def _hour_window(days):
    """The hours to draw: FIRST_HOUR to LAST_HOUR, widened to every timed item."""
    first, last = FIRST_HOUR, LAST_HOUR
    for day in days:
        for item in day.timed + day.open_hours:
            first = min(first, item.start.hour)
            ends_at_midnight = item.end.date() > day.day
            last = max(last, 24 if ends_at_midnight else item.end.hour + (1 if item.end.minute else 0))
    return first, last


def _place(days, first_hour, last_hour):
    span = (last_hour - first_hour) * 60
    for day in days:
        for item in day.timed + day.open_hours:
            start_minute = item.start.hour * 60 + item.start.minute
            end_minute = 24 * 60 if item.end.date() > day.day else item.end.hour * 60 + item.end.minute
            item.top = max(0.0, (start_minute - first_hour * 60) * 100 / span)
            item.height = max(1.5, (end_minute - start_minute) * 100 / span)


@with_call_budget
def week_calendar(*, user, week_start, tz, agent=None):
    """The week from `week_start` (a date) in `tz`: viewings, busy time and `agent`'s open hours."""
    tz = ZoneInfo(str(tz))
    start = _midnight(week_start, tz)
    end = _midnight(week_start + timedelta(days=DAYS_IN_WEEK), tz)
    today = timezone.now().astimezone(tz).date()
    week = Week(start=week_start, tz=tz, days=[], agent=agent)
    viewings = _viewings(user, start, end)
    busy = _busy(user, start, end, tz, viewings, week.notes)
    open_hours = _open_hours(agent, week_start, week_start + timedelta(days=DAYS_IN_WEEK - 1))
    for offset in range(DAYS_IN_WEEK):
        day = week_start + timedelta(days=offset)
        week_day = WeekDay(day=day, is_today=day == today, is_past=day < today)
        for item in busy + viewings:
            piece = _cut(item, day, tz)
            if piece is not None:
                week_day.items.append(piece)
        week_day.items.sort(key=lambda item: (item.start, item.kind != "viewing", item.end))
        week_day.open_hours = [piece for item in open_hours if (piece := _cut(item, day, tz)) is not None]
        week.days.append(week_day)
    week.first_hour, week.last_hour = _hour_window(week.days)
    _place(week.days, week.first_hour, week.last_hour)
    return week
