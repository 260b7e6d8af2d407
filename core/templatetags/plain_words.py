"""Template filters that put stored values in a manager's words (see `core.words`).

`{% load plain_words %}`, then `{{ call.customer_number|phone }}`, `{{ call.ended_reason|ended_reason }}`,
`{{ agent.working_hours|schedule }}`, `{{ call.started_at|when }}`, ...

Dates and times follow the clock style of the manager's country (`core.clock`):
`{{ t|when }}` "Today, 2:00 PM" / "Today, 14:00", `{{ t|clock }}` "2:00 PM" / "14:00",
`{{ t|day_words }}` "Tomorrow", `{{ t|date_words }}` "Wed, Dec 2" / "Wed 2 Dec",
`{{ t|short_date }}` "Dec 2" / "2 Dec", `{{ t|moment }}` "Wed, Dec 2, 2:00 PM",
`{{ start|time_range:end }}` "2:00–2:30 PM" / "14:00–14:30".
"""

from datetime import datetime

from django import template

from core import call_words, clock, words

register = template.Library()

register.filter("phone", words.phone_words)
register.filter("duration_words", words.duration_words)
register.filter("minutes_words", words.minutes_words)
register.filter("interval_words", words.interval_words)
register.filter("milliseconds_words", words.milliseconds_words)
register.filter("provider", words.provider_words)
register.filter("when", words.when_words)
register.filter("day_words", words.day_words)


@register.filter("clock")
def clock_filter(value):
    """A time of day in the active zone: "2:00 PM" or "14:00"; "" for no value."""
    moment = clock.as_moment(value)
    return clock.time_words(moment) if isinstance(moment, datetime) else ""


@register.filter("date_words")
def date_words_filter(value):
    """A day with its date, never Today/Tomorrow: "Wed, Dec 2" or "Wed 2 Dec"; "—" for no value."""
    moment = clock.as_moment(value)
    if moment is None:
        return "—"
    return clock.date_words(moment.date() if isinstance(moment, datetime) else moment)


@register.filter("short_date")
def short_date_filter(value, year=False):
    """A date without its weekday: "Dec 2" or "2 Dec" (`|short_date:True`: always with the year); "—" for none."""
    moment = clock.as_moment(value)
    if moment is None:
        return "—"
    return clock.short_date_words(moment.date() if isinstance(moment, datetime) else moment, year=bool(year))


@register.filter("moment")
def moment_filter(value):
    """A date and time with its date: "Wed, Dec 2, 2:00 PM" or "Wed 2 Dec, 14:00"; "—" for no value."""
    moment = clock.as_moment(value)
    return clock.moment_words(moment) if isinstance(moment, datetime) else date_words_filter(value)


@register.filter("time_range")
def time_range_filter(start, end):
    """From start to end in the active zone: "2:00–2:30 PM" or "14:00–14:30"."""
    start, end = clock.as_moment(start), clock.as_moment(end)
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        return ""
    return clock.range_words(start, end)


register.filter("timezone_words", words.timezone_words)


@register.filter("zone_words")
def zone_words_filter(zone_name):
    """A zone by its city alone ("Chicago time"): for times on days whose offset may not be today's."""
    return words.timezone_words(zone_name, with_offset=False)


register.filter("schedule", words.schedule_words)
register.filter("schedule_lines", words.schedule_lines)
register.filter("ended_reason", call_words.ended_reason_words)
register.filter("call_status", call_words.call_status_words)
