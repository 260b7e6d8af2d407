"""The availability engine: busy time + an agent's booking rules + now -> free slots.

A pure function with no database, cache or network, so it can be tested with hypothesis and
timed on its own. Times are handled as POSIX seconds internally (one comparison per check),
working hours are turned into absolute instants day by day through zoneinfo, so a day
that is 23 or 25 hours long (DST) and zones with 30-minute offsets come out right.
"""

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from math import ceil
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Slot:
    start: datetime
    end: datetime

    def as_dict(self):
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass(frozen=True)
class BookingRules:
    """An agent's booking rules. `step_minutes` None means one slot length."""

    timezone: str
    working_hours: Mapping[str, Sequence[Sequence[str]]] = field(default_factory=dict)
    slot_minutes: int = 30
    step_minutes: int | None = None
    buffer_minutes: int = 0
    min_notice_minutes: int = 0
    horizon_days: int = 14

    @classmethod
    def for_agent(cls, agent, *, duration_minutes=None):
        """The agent's rules; a different duration keeps the agent's slot grid as the step."""
        return cls(
            timezone=agent.timezone,
            working_hours=agent.working_hours or {},
            slot_minutes=duration_minutes or agent.slot_minutes,
            step_minutes=agent.slot_minutes,
            buffer_minutes=agent.buffer_minutes,
            min_notice_minutes=agent.min_notice_minutes,
            horizon_days=agent.booking_horizon_days,
        )

    def booking_window(self, now):
        """The earliest start and latest end the rules allow, seen from `now`."""
        return (
            now + timedelta(minutes=self.min_notice_minutes),
            now + timedelta(days=self.horizon_days),
        )


def _parse_clock(value):
    """ "09:30" -> (9, 30); "24:00" is the end of the day."""
    hours, minutes = str(value).split(":")[:2]
    hours, minutes = int(hours), int(minutes)
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or (hours == 24 and minutes):
        raise ValueError(f"{value!r} is not a time of day")
    return hours, minutes


def _day_ranges(working_hours):
    """Per weekday index, sorted (start, end) clock pairs, overlapping or touching ones joined.

    Malformed or empty ranges are skipped: the engine never fails on stored rules.
    """
    per_day = []
    for day in WEEKDAYS:
        ranges = []
        for item in working_hours.get(day) or ():
            try:
                start, end = _parse_clock(item[0]), _parse_clock(item[1])
            except (ValueError, TypeError, IndexError):
                continue
            if start < end:
                ranges.append((start, end))
        per_day.append([tuple(pair) for pair in merge_intervals(ranges)])
    return per_day


def _instant(day: date, clock, tz):
    hours, minutes = clock
    if hours == 24:
        day, hours = day + timedelta(days=1), 0
    # zoneinfo resolves a wall time that does not exist (spring forward) with the offset in
    # force before the change, and an ambiguous one (fall back) to its first occurrence.
    return datetime.combine(day, time(hours, minutes), tzinfo=tz).timestamp()


def _fixed_zone(timestamp, tz):
    """The zone's UTC offset at that instant, as a fixed-offset tzinfo.

    Slots carry fixed offsets: Python compares and subtracts two datetimes that share a
    tzinfo by wall time, which is wrong across a DST change (01:30 CDT would equal 01:30
    CST); a fixed offset keeps every comparison exact and prints the same local ISO time.
    """
    return dt_timezone(datetime.fromtimestamp(timestamp, tz).utcoffset())


def merge_intervals(intervals):
    """Sorted, non-overlapping (start, end) pairs covering the same time."""
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return merged


def free_slots(
    rules: BookingRules,
    busy: Iterable[tuple[datetime, datetime]],
    *,
    now: datetime,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Slot]:
    """Every slot inside working hours, notice and horizon that keeps `buffer_minutes` clear of busy time.

    `busy` holds aware (start, end) pairs; slots come back in order, in the rules' timezone's
    local time (as fixed UTC offsets, see `_fixed_zone`).
    """
    tz = ZoneInfo(rules.timezone)
    earliest, latest = rules.booking_window(now)
    window_start = max(earliest, start) if start is not None else earliest
    window_end = min(latest, end) if end is not None else latest
    if window_end <= window_start or rules.slot_minutes <= 0:
        return []
    low, high = window_start.timestamp(), window_end.timestamp()
    duration = rules.slot_minutes * 60
    step = (rules.step_minutes or rules.slot_minutes) * 60
    buffer = rules.buffer_minutes * 60

    blocked = merge_intervals(
        (busy_start.timestamp() - buffer, busy_end.timestamp() + buffer)
        for busy_start, busy_end in busy
        if busy_end > busy_start
    )
    blocked_starts = [interval[0] for interval in blocked]
    blocked_ends = [interval[1] for interval in blocked]
    blocked_count = len(blocked)

    ranges_by_weekday = _day_ranges(rules.working_hours)
    fromtimestamp = datetime.fromtimestamp
    slots = []
    day = window_start.astimezone(tz).date() - timedelta(days=1)
    last_day = window_end.astimezone(tz).date()
    while day <= last_day:
        for clock_start, clock_end in ranges_by_weekday[day.weekday()]:
            range_start, range_end = _instant(day, clock_start, tz), _instant(day, clock_end, tz)
            limit = min(range_end, high)
            # One offset for the whole range unless a DST change falls inside it.
            zone = _fixed_zone(range_start, tz)
            single_offset = zone == _fixed_zone(range_end, tz)
            slot_start = range_start
            if slot_start < low:
                slot_start += ceil((low - slot_start) / step) * step
            while slot_start + duration <= limit:
                slot_end = slot_start + duration
                # The first blocked interval ending after the slot starts is the only one
                # that can overlap it (the intervals are merged and sorted).
                index = bisect_right(blocked_ends, slot_start)
                if index == blocked_count or blocked_starts[index] >= slot_end:
                    if single_offset:
                        slots.append(Slot(fromtimestamp(slot_start, zone), fromtimestamp(slot_end, zone)))
                    else:
                        slots.append(
                            Slot(
                                fromtimestamp(slot_start, _fixed_zone(slot_start, tz)),
                                fromtimestamp(slot_end, _fixed_zone(slot_end, tz)),
                            )
                        )
                slot_start += step
        day += timedelta(days=1)
    return slots
