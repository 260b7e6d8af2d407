"""Values in the words a property manager reads: phone numbers, lengths of time, schedules,
calendar providers, dates and time zones.

Plain functions, so pages (through the `plain_words` template filters), emails and the voice
panels all say a thing the same way. Each takes what is stored and never fails on odd input:
what it cannot read it gives back as text, never as a Python repr.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from django.utils import timezone

from core import clock

DASH = clock.DASH  # an en dash, for ranges of days and times
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_ABBREVIATIONS = dict(zip(WEEKDAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))
PROVIDERS = {
    "microsoft": "Microsoft 365",
    "google": "Google Calendar",
    "builtin": "Built-in calendar",
}


def readable_code(code):
    """A code made readable, "some-new_value" → "Some new value": a code LeaseLine has no words for, made readable."""
    text = re.sub(r"[-_.]+", " ", str(code or "")).strip()
    text = re.sub(r"\s+", " ", text)
    return text[:1].upper() + text[1:]


# Phone numbers


def phone_words(value, region=None):
    """A phone number in words, "+15125550142" → "(512) 555-0142" for a manager in the same country, "+44 20 7946 0958"
    for one abroad. `region` defaults to the country of the active time zone (the manager's on
    every page). Text that is no phone number comes back as it was written."""
    text = str(value or "").strip()
    if not text:
        return ""
    home = region or region_for_zone(timezone.get_current_timezone_name())
    try:
        number = phonenumbers.parse(text, home)
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_possible_number(number):
        return text
    same_country = number.country_code == phonenumbers.country_code_for_region(home)
    style = phonenumbers.PhoneNumberFormat.NATIONAL if same_country else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


# Lengths of time


def _number(value):
    if value in (None, "") or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def duration_words(seconds):
    """252 → "4 min 12 s", 45 → "45 s", 3900 → "1 h 5 min": how long a call lasted."""
    amount = _number(seconds)
    if amount is None or amount < 0:
        return "—"
    total = round(amount)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


def _count(amount, unit):
    return f"{amount} {unit}{'' if amount == 1 else 's'}"


def minutes_words(minutes):
    """30 → "30 minutes", 90 → "1 hour 30 minutes", 1440 → "1 day", 10080 → "1 week"."""
    amount = _number(minutes)
    if amount is None or amount < 0:
        return "—"
    total = round(amount)
    if total and total % 10080 == 0:
        return _count(total // 10080, "week")
    days, rest = divmod(total, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return _count(days, "day") + (f" {_count(hours, 'hour')}" if hours else "")
    if hours:
        return _count(hours, "hour") + (f" {_count(mins, 'minute')}" if mins else "")
    return _count(mins, "minute")


# Intervals said by a name rather than counted (the rentals source form offers these words).
NAMED_INTERVALS = {720: "Twice a day"}
_INTERVAL_UNITS = ((10080, "week"), (1440, "day"), (60, "hour"), (1, "minute"))


def interval_words(minutes):
    """How often something repeats, in the largest whole unit: 60 → "Every hour", 360 → "Every 6
    hours", 720 → "Twice a day", 1440 → "Every day", 90 → "Every 90 minutes". The source form's
    schedule choices are labelled with these words (rentals.forms.INTERVAL_CHOICES)."""
    amount = _number(minutes)
    if amount is None or amount <= 0:
        return "—"
    total = round(amount)
    if total in NAMED_INTERVALS:
        return NAMED_INTERVALS[total]
    size, unit = next((size, unit) for size, unit in _INTERVAL_UNITS if total % size == 0)
    count = total // size
    return f"Every {unit}" if count == 1 else f"Every {count} {unit}s"


def milliseconds_words(milliseconds):
    """How long a tool took: 230 → "0.2 s", 1850 → "1.9 s", 12 → "under 0.1 s"."""
    amount = _number(milliseconds)
    if amount is None or amount < 0:
        return ""
    if amount < 50:
        return "under 0.1 s"
    return f"{amount / 1000:.1f} s"


# Providers


def provider_words(provider):
    """A calendar provider by name: "microsoft" → "Microsoft 365", "google" → "Google Calendar",
    "builtin" → "Built-in calendar"."""
    key = str(provider or "").strip().lower()
    if not key:
        return ""
    return PROVIDERS.get(key) or readable_code(provider)


# Dates, times and zones: days and moments are `core.clock`'s (kept here for the callers of words)

clock_words = clock.time_words
day_words = clock.day_words
when_words = clock.when_words
region_for_zone = clock.region_for_zone


def timezone_words(zone_name, *, with_offset=True):
    """A time zone by its city and today's offset: "America/Chicago" → "Chicago time (UTC−6)";
    UTC stays "UTC". Without the offset ("Chicago time") for times on other days, whose offset
    may differ from today's (daylight saving)."""
    name = str(zone_name or "").strip()
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return name or "UTC"
    if name.upper() in ("UTC", "ETC/UTC", "GMT", "ETC/GMT", "UCT", "ZULU", "UNIVERSAL"):
        return "UTC"
    offset = datetime.now(zone).utcoffset() or timedelta()
    minutes = round(offset.total_seconds() / 60)
    hours, rest = divmod(abs(minutes), 60)
    sign = "+" if minutes >= 0 else "−"
    utc = "UTC" if not minutes else f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    if "/" not in name or name.startswith("Etc/"):
        return utc
    city = name.rsplit("/", 1)[1].replace("_", " ")
    return f"{city} time ({utc})" if with_offset else f"{city} time"


# Weekly schedules


def _clock(text):
    """A clock time: "09:00" → (9, 0); "24:00" → "midnight"; a bad value → None."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", str(text))
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if (hours, minutes) == (24, 0):
        return "midnight"
    if hours > 23 or minutes > 59:
        return None
    return (hours, minutes)


def window_words(window, style=None):
    """["09:00", "17:00"] → "9 AM–5 PM" or "9:00–17:00" (the clock style of the manager's country, see
    `core.clock`); an overnight ["22:00", "06:00"] → "10 PM–6 AM next day" or "22:00–6:00 next day"."""
    try:
        start, end = window
    except (TypeError, ValueError):
        return None
    begins, ends = _clock(start), _clock(end)
    if begins is None or ends is None:
        return None
    if begins == "midnight":
        begins = (0, 0)
    if ends in ("midnight", (0, 0)):
        return "all day" if begins == (0, 0) else clock.window_text(begins, None, style)
    text = clock.window_text(begins, ends, style)
    return f"{text} next day" if ends <= begins else text


def _day_text(windows, style):
    if not isinstance(windows, (list, tuple)):
        return "closed"
    texts = [text for text in (window_words(window, style) for window in windows) if text]
    return ", ".join(texts) or "closed"


def _days_label(days):
    if len(days) == 7:
        return "Every day"
    first, last = DAY_ABBREVIATIONS[days[0]], DAY_ABBREVIATIONS[days[-1]]
    if len(days) == 1:
        return first
    if len(days) == 2:
        return f"{first}, {last}"
    return f"{first}{DASH}{last}"


def schedule_lines(hours, style=None):
    """A week of opening hours as lines, consecutive days alike joined:
    ["Mon–Fri 9 AM–5 PM", "Sat 10 AM–2 PM", "Sun closed"] or ["Mon–Fri 9:00–17:00", ...]."""
    hours = hours if isinstance(hours, dict) else {}
    style = style or clock.clock_style()
    groups = []
    for day in WEEKDAYS:
        text = _day_text(hours.get(day) or [], style)
        if groups and groups[-1][1] == text:
            groups[-1][0].append(day)
        else:
            groups.append(([day], text))
    if len(groups) == 1 and groups[0][1] == "closed":
        return ["Closed every day"]
    return [f"{_days_label(days)} {text}" for days, text in groups]


def schedule_words(hours, style=None):
    """A week of opening hours on one line: "Mon–Fri 9 AM–5 PM, Sat 10 AM–2 PM, Sun closed"
    (or "Mon–Fri 9:00–17:00, ...")."""
    return ", ".join(schedule_lines(hours, style))
