"""The pure availability engine: rules, DST, 30-minute offsets, and hypothesis properties."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from calendars.availability import WEEKDAYS, BookingRules, free_slots

CHICAGO = ZoneInfo("America/Chicago")
EVERY_DAY = {day: [["09:00", "17:00"]] for day in WEEKDAYS}


def local(tz, *args):
    return datetime(*args, tzinfo=tz)


def rules(**overrides):
    values = {
        "timezone": "America/Chicago",
        "working_hours": EVERY_DAY,
        "slot_minutes": 30,
        "min_notice_minutes": 0,
        "horizon_days": 14,
    }
    return BookingRules(**{**values, **overrides})


def starts(slots, tz=CHICAGO):
    return [slot.start.astimezone(tz).strftime("%H:%M") for slot in slots]


def one_day(rule, day, busy=(), now=None):
    tz = ZoneInfo(rule.timezone)
    begin = datetime.combine(day, time(0), tzinfo=tz)
    return free_slots(rule, busy, now=now or begin - timedelta(days=1), start=begin, end=begin + timedelta(days=1))


def test_a_plain_day_is_cut_into_slots_in_the_agents_timezone():
    slots = one_day(rules(), date(2026, 3, 2))
    assert len(slots) == 16
    assert starts(slots)[:3] == ["09:00", "09:30", "10:00"] and starts(slots)[-1] == "16:30"
    assert slots[0].start.utcoffset() == timedelta(hours=-6)
    assert slots[0].as_dict() == {"start": "2026-03-02T09:00:00-06:00", "end": "2026-03-02T09:30:00-06:00"}


def test_busy_time_and_buffers_remove_slots():
    busy = [(local(CHICAGO, 2026, 3, 2, 10), local(CHICAGO, 2026, 3, 2, 11))]
    assert "10:00" not in starts(one_day(rules(), date(2026, 3, 2), busy))
    assert {"09:30", "11:00"} <= set(starts(one_day(rules(), date(2026, 3, 2), busy)))
    buffered = starts(one_day(rules(buffer_minutes=15), date(2026, 3, 2), busy))
    assert not {"09:30", "10:00", "10:30", "11:00"} & set(buffered)
    assert {"09:00", "11:30"} <= set(buffered)


def test_notice_and_horizon():
    now = local(CHICAGO, 2026, 3, 2, 10, 10)
    slots = free_slots(rules(min_notice_minutes=60, horizon_days=1), [], now=now)
    assert starts(slots)[0] == "11:30"
    assert slots[-1].end <= now + timedelta(days=1)
    assert starts(slots)[-1] == "09:30"  # next morning, ending 10:00 before the 10:10 horizon


def test_a_longer_duration_keeps_the_grid():
    slots = one_day(rules(slot_minutes=60, step_minutes=30), date(2026, 3, 2))
    assert starts(slots)[:2] == ["09:00", "09:30"] and starts(slots)[-1] == "16:00"
    assert all(slot.end - slot.start == timedelta(hours=1) for slot in slots)


def test_an_all_day_busy_event_blocks_the_day():
    day = date(2026, 3, 3)
    midnight = datetime.combine(day, time(0), tzinfo=CHICAGO)
    busy = [(midnight, datetime.combine(day + timedelta(1), time(0), tzinfo=CHICAGO))]
    assert one_day(rules(), day, busy) == []
    assert len(one_day(rules(), day + timedelta(1), busy)) == 16


def test_malformed_and_split_working_hours():
    hours = {"mon": [["13:00", "14:00"], ["09:00", "10:00"], ["11:00", "10:00"], ["bad"], ["25:00", "26:00"]]}
    assert starts(one_day(rules(working_hours=hours), date(2026, 3, 2))) == ["09:00", "09:30", "13:00", "13:30"]
    assert one_day(rules(working_hours=hours), date(2026, 3, 3)) == []
    late = {"mon": [["22:00", "24:00"]]}
    assert starts(one_day(rules(working_hours=late), date(2026, 3, 2))) == ["22:00", "22:30", "23:00", "23:30"]


def test_chicago_spring_forward_2026_03_08():
    hours = {"sun": [["00:00", "04:00"], ["09:00", "17:00"]]}
    slots = one_day(rules(working_hours=hours), date(2026, 3, 8))
    night = [slot for slot in slots if slot.start.astimezone(CHICAGO).hour < 9]
    # 02:00-03:00 does not exist that night: three real hours, six slots.
    assert starts(night) == ["00:00", "00:30", "01:00", "01:30", "03:00", "03:30"]
    assert [slot.end - slot.start for slot in night] == [timedelta(minutes=30)] * 6
    nine = next(slot for slot in slots if slot.start.astimezone(CHICAGO).hour == 9)
    assert nine.start == datetime(2026, 3, 8, 14, 0, tzinfo=UTC)  # 09:00 CDT
    assert len(slots) - len(night) == 16


def test_chicago_fall_back_2026_11_01():
    hours = {"sun": [["00:00", "04:00"], ["09:00", "17:00"]]}
    slots = one_day(rules(working_hours=hours), date(2026, 11, 1))
    night = [slot for slot in slots if slot.start.astimezone(CHICAGO).hour < 9]
    # 01:00-02:00 happens twice: five real hours, ten distinct slots.
    assert len(night) == 10
    assert len({slot.start for slot in night}) == 10
    assert starts(night) == ["00:00", "00:30", "01:00", "01:30", "01:00", "01:30", "02:00", "02:30", "03:00", "03:30"]
    nine = next(slot for slot in slots if slot.start.astimezone(CHICAGO).hour == 9)
    assert nine.start == datetime(2026, 11, 1, 15, 0, tzinfo=UTC)  # 09:00 CST


def test_a_week_across_the_change_keeps_local_hours():
    rule = rules(working_hours={day: [["09:00", "10:00"]] for day in WEEKDAYS}, horizon_days=10)
    slots = free_slots(rule, [], now=local(CHICAGO, 2026, 3, 5, 0))
    assert set(starts(slots)) == {"09:00", "09:30"}
    assert {slot.start.utcoffset() for slot in slots} == {timedelta(hours=-6), timedelta(hours=-5)}


def test_kolkata_half_hour_offset():
    kolkata = ZoneInfo("Asia/Kolkata")
    slots = one_day(rules(timezone="Asia/Kolkata"), date(2026, 3, 2))
    assert slots[0].start == datetime(2026, 3, 2, 3, 30, tzinfo=UTC)
    assert starts(slots, kolkata)[0] == "09:00" and len(slots) == 16


def test_adelaide_half_hour_offset_and_dst():
    adelaide = ZoneInfo("Australia/Adelaide")
    # Daylight saving ends on 2026-04-05 (+10:30 -> +9:30) and starts on 2026-10-04.
    before, after = (
        one_day(rules(timezone="Australia/Adelaide"), date(2026, 4, 4)),
        one_day(rules(timezone="Australia/Adelaide"), date(2026, 4, 6)),
    )
    assert before[0].start.utcoffset() == timedelta(hours=10, minutes=30)
    assert after[0].start.utcoffset() == timedelta(hours=9, minutes=30)
    assert starts(before, adelaide)[0] == starts(after, adelaide)[0] == "09:00"
    night_rules = rules(timezone="Australia/Adelaide", working_hours={"sun": [["01:00", "04:00"]]})
    night = one_day(night_rules, date(2026, 10, 4))
    assert len(night) == 4  # 02:00-03:00 skipped: two real hours


def test_nothing_when_the_window_is_empty_or_past_the_horizon():
    now = local(CHICAGO, 2026, 3, 2, 8)
    assert free_slots(rules(), [], now=now, start=now + timedelta(days=30), end=now + timedelta(days=31)) == []
    assert free_slots(rules(), [], now=now, start=now, end=now) == []
    assert free_slots(rules(working_hours={}), [], now=now) == []


# Properties ------------------------------------------------------------------------------

ZONES = ["America/Chicago", "Asia/Kolkata", "Australia/Adelaide", "Europe/London", "UTC", "America/St_Johns"]


def clock(half_hours):
    return f"{half_hours // 2:02d}:{half_hours % 2 * 30:02d}"


working_range = st.integers(min_value=0, max_value=47).flatmap(
    lambda begin: st.integers(min_value=begin + 1, max_value=48).map(lambda end: (clock(begin), clock(end)))
)
ranges = st.lists(working_range, max_size=3)
working_hours = st.fixed_dictionaries({day: ranges for day in WEEKDAYS})
moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC))
busy_lists = st.lists(
    st.tuples(moments, st.integers(min_value=1, max_value=600)).map(
        lambda item: (item[0], item[0] + timedelta(minutes=item[1]))
    ),
    max_size=30,
)
rule_sets = st.builds(
    BookingRules,
    timezone=st.sampled_from(ZONES),
    working_hours=working_hours,
    slot_minutes=st.sampled_from([15, 30, 45, 60]),
    step_minutes=st.sampled_from([None, 15, 30]),
    buffer_minutes=st.sampled_from([0, 5, 15, 30]),
    min_notice_minutes=st.sampled_from([0, 30, 60, 240]),
    horizon_days=st.integers(min_value=1, max_value=4),
)


def _joined(ranges):
    """Working ranges that overlap or touch are one stretch of working time."""
    joined = []
    for begin, end in sorted(ranges):
        if joined and begin <= joined[-1][1]:
            joined[-1][1] = max(joined[-1][1], end)
        else:
            joined.append([begin, end])
    return joined


def _instant(day, clock, tz):
    hours, minutes = map(int, clock.split(":"))
    if hours == 24:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return datetime.combine(day, time(hours, minutes), tzinfo=tz)


def _range_instants(rule, moment):
    """Every stretch of working time, as instants, on the local days around `moment`."""
    tz = ZoneInfo(rule.timezone)
    day = moment.astimezone(tz).date()
    for current in (day - timedelta(days=1), day):
        for begin, end in _joined(rule.working_hours.get(WEEKDAYS[current.weekday()], [])):
            yield _instant(current, begin, tz), _instant(current, end, tz)


def _brute_force(rule, busy, now):
    """Every grid start, checked against every busy interval: slow and obviously right."""
    tz = ZoneInfo(rule.timezone)
    earliest, latest = rule.booking_window(now)
    duration = timedelta(minutes=rule.slot_minutes)
    step = timedelta(minutes=rule.step_minutes or rule.slot_minutes)
    buffer = timedelta(minutes=rule.buffer_minutes)
    found = []
    day = earliest.astimezone(tz).date() - timedelta(days=1)
    while day <= latest.astimezone(tz).date():
        for begin, end in _joined(rule.working_hours.get(WEEKDAYS[day.weekday()], [])):
            # Step in absolute time from the stretch's first instant.
            start, stop = _instant(day, begin, tz).astimezone(UTC), _instant(day, end, tz).astimezone(UTC)
            while start + duration <= stop:
                if (
                    start >= earliest
                    and start + duration <= latest
                    and not any(b0 - buffer < start + duration and b1 + buffer > start for b0, b1 in busy)
                ):
                    found.append(start)
                start += step
        day += timedelta(days=1)
    return sorted(found)


@settings(max_examples=150, deadline=None)
@given(rule=rule_sets, busy=busy_lists, now=moments)
def test_slots_respect_busy_time_hours_notice_and_horizon(rule, busy, now):
    slots = free_slots(rule, busy, now=now)
    earliest, latest = rule.booking_window(now)
    buffer = timedelta(minutes=rule.buffer_minutes)
    for slot in slots:
        assert slot.end - slot.start == timedelta(minutes=rule.slot_minutes)
        assert earliest <= slot.start and slot.end <= latest
        assert not any(begin - buffer < slot.end and end + buffer > slot.start for begin, end in busy)
        assert any(begin <= slot.start and slot.end <= end for begin, end in _range_instants(rule, slot.start))
        assert slot.start.utcoffset() == slot.start.astimezone(ZoneInfo(rule.timezone)).utcoffset()
    assert [slot.start for slot in slots] == sorted({slot.start for slot in slots})


@settings(max_examples=150, deadline=None)
@given(rule=rule_sets, busy=busy_lists, now=moments)
def test_no_free_slot_is_missed(rule, busy, now):
    assert [slot.start for slot in free_slots(rule, busy, now=now)] == _brute_force(rule, busy, now)
