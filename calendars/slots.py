"""One day of an agent's free slots, as a person picks them: the slot picker's reads.

The slots come from the availability engine through `agent_free_slots`, the read the voice
tools and the booking service use, so the picker offers exactly what a booking accepts
(working hours, notice, horizon, duration, buffers, busy time of every connected calendar).
What is added here is for people: the day's bounds in a timezone, the times in words, why a
day has no times, and which days are before or after it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from core import clock
from core.values import CALENDAR_YEARS

from .availability import WEEKDAYS, BookingRules, Slot, free_slots
from .selectors import agent_free_slots

DAY_NAMES = {
    "mon": "Mondays",
    "tue": "Tuesdays",
    "wed": "Wednesdays",
    "thu": "Thursdays",
    "fri": "Fridays",
    "sat": "Saturdays",
    "sun": "Sundays",
}


def day_words(day, style=None):
    """A day with its date, "Tue, Dec 3" or "Tue 3 Dec" by the manager's clock style (with the year if not this one)."""
    return clock.date_words(day, style=style)


def clock_words(moment, tz, style=None):
    """A time, "10:00 AM" or "10:00": `moment`'s time in `tz`, by the manager's clock style."""
    return clock.time_words(moment, tz=tz, style=style)


def parse_day(value):
    """A YYYY-MM-DD from a query string within CALENDAR_YEARS, or None for anything else (never an exception)."""
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value or "")[:10])
        except ValueError:
            return None
    # A day past these years would overflow when its week or its next day is worked out.
    return value if CALENDAR_YEARS[0] <= value.year <= CALENDAR_YEARS[1] else None


@dataclass(frozen=True)
class SlotChoice:
    """One free slot as the picker shows it: `value` is sent (ISO 8601), `label` is read."""

    slot: Slot
    value: str
    label: str
    end_label: str
    span_label: str = ""  # "10:00–10:30 AM" or "10:00–10:30"


@dataclass
class SlotDay:
    """An agent's free slots on one day in `tz`, and when there are none, why (`note`)."""

    agent: object
    day: date
    tz: ZoneInfo
    choices: list[SlotChoice] = field(default_factory=list)
    note: str = ""
    error: str = ""
    previous_day: date | None = None
    next_day: date | None = None
    next_free_day: date | None = None
    style: str | None = None  # core.clock's style; None: the active zone's

    @property
    def day_label(self):
        return day_words(self.day, self.style)

    @property
    def next_free_label(self):
        return day_words(self.next_free_day, self.style) if self.next_free_day else ""

    @property
    def slots(self):
        return [choice.slot for choice in self.choices]


def _day_bounds(day, tz):
    start = datetime.combine(day, time(0), tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)


def _empty_note(agent, rules, day, day_start, day_end, now, style=None):
    """Why a day with no free slots has none, in words."""
    earliest, latest = rules.booking_window(now)
    agent_tz = ZoneInfo(rules.timezone)
    if day_end <= now:
        return "That day has passed."
    if day_start >= latest:
        return f"That day is too far ahead: viewings can be booked up to {agent.booking_horizon_days} days ahead."
    if free_slots(rules, [], now=now, start=day_start, end=day_end):
        return f"Fully booked on {day_words(day, style)}."
    weekday = WEEKDAYS[day_start.astimezone(agent_tz).weekday()]
    if not (agent.working_hours or {}).get(weekday):
        return f"Closed on {DAY_NAMES[weekday]}: {agent.agent_name} takes no viewings that day."
    if day_end > earliest and day_start < earliest:
        return f"No times left on {day_words(day, style)}: viewings need {agent.min_notice_minutes} minutes' notice."
    return f"No free times on {day_words(day, style)}."


def agent_day_slots(*, user, agent, day=None, tz=None, use_cache=True, style=None):
    """The agent's free slots on `day` (default: today) in `tz` (default: the agent's timezone),
    in words of `style` (core.clock's; default: the active zone's, the manager's on their pages).

    `user` is the agent's owner (a page without a signed-in user passes `agent.user`); another
    user's agent gets no slots. Never raises for a calendar that cannot be read: `error` says
    which, and no slots are offered (the engine fails closed).
    """
    tz = ZoneInfo(str(tz)) if tz else ZoneInfo(agent.timezone or "UTC")
    now = timezone.now()
    today = now.astimezone(tz).date()
    day = parse_day(day) or today
    rules = BookingRules.for_agent(agent)
    _, latest = rules.booking_window(now)
    day_start, day_end = _day_bounds(day, tz)
    style = style or clock.clock_style()
    result = SlotDay(agent=agent, day=day, tz=tz, style=style)
    result.previous_day = day - timedelta(days=1) if day > today else None
    result.next_day = day + timedelta(days=1) if day_end < latest else None
    if agent.user_id != getattr(user, "pk", None):
        result.note = "These times are not available."
        return result
    if day_end > now and day_start < latest:
        availability = agent_free_slots(user=user, agent=agent, start=day_start, end=day_end, use_cache=use_cache)
        if availability.error:
            result.error = availability.error
            result.note = f"No free times can be offered until every calendar can be read. {availability.error}"
            return result
        result.choices = [
            SlotChoice(
                slot=slot,
                value=slot.start.isoformat(),
                label=clock_words(slot.start, tz, style),
                end_label=clock_words(slot.end, tz, style),
                span_label=clock.range_words(slot.start, slot.end, tz=tz, style=style),
            )
            for slot in availability.slots
        ]
    if not result.choices:
        result.note = _empty_note(agent, rules, day, day_start, day_end, now, style)
        result.next_free_day = _next_free_day(user=user, agent=agent, after=max(day_end, now), tz=tz)
    return result


def _next_free_day(*, user, agent, after, tz):
    availability = agent_free_slots(user=user, agent=agent, start=after, use_cache=True)
    if availability.error or not availability.slots:
        return None
    return availability.slots[0].start.astimezone(tz).date()


def agent_first_free_day(*, user, agent, tz=None):
    """The first day (in `tz`, default the agent's) with a free slot, or today when there is none."""
    tz = ZoneInfo(str(tz)) if tz else ZoneInfo(agent.timezone or "UTC")
    now = timezone.now()
    return _next_free_day(user=user, agent=agent, after=now, tz=tz) or now.astimezone(tz).date()
