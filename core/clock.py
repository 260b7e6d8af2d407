"""Dates and times in the words of the manager's country: one clock style on every page.

The style follows the country of a time zone (the one phone numbers are formatted for,
`region_for_zone`): a country that writes a 12-hour clock reads "2:00 PM", "Wed, Dec 2",
"2:00–2:30 PM", "Mon–Fri 9 AM–5 PM"; every other one reads "14:00", "Wed 2 Dec",
"14:00–14:30", "Mon–Fri 9:00–17:00". A zone that names no country (UTC) falls back to the
default phone region, as phone numbers do.

Every function takes `style` (TWELVE_HOUR or TWENTY_FOUR_HOUR); without it, the style of the
active time zone (the manager's on every signed-in page). A renter's page and a renter's
messages pass the style of the agent's zone, where the viewing is.
"""

import functools
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.values import DEFAULT_PHONE_REGION

DASH = "–"  # an en dash, for ranges of days and times
TWELVE_HOUR, TWENTY_FOUR_HOUR = "12-hour", "24-hour"
# Countries whose people write times on a 12-hour clock with AM and PM.
TWELVE_HOUR_COUNTRIES = frozenset(
    {
        *("US", "PR", "GU", "VI", "AS", "MP", "UM"),  # the United States and its territories
        *("CA", "AU", "NZ", "PH", "IN", "PK", "BD", "MY", "EG", "SA", "JO", "CO", "HN", "SV", "NI"),
    }
)
SYSTEM_ZONE_TABLES = (Path("/usr/share/zoneinfo/zone1970.tab"), Path("/usr/share/zoneinfo/zone.tab"))


# The country of a zone


@functools.cache
def _zone_countries():
    """{"America/Chicago": "US", ...} from the IANA zone table (tzdata's, else the system's)."""
    text = ""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        for path in SYSTEM_ZONE_TABLES:
            if path.exists():
                text = path.read_text(encoding="utf-8")
                break
    countries = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and not line.startswith("#"):
            codes = fields[0].split(",")
            countries[fields[2]] = codes[0]
    return countries


def region_for_zone(zone_name):
    """The country of a time zone ("US" for America/Chicago); the default region otherwise."""
    return _zone_countries().get(str(getattr(zone_name, "key", zone_name) or ""), DEFAULT_PHONE_REGION)


def clock_style(zone=None):
    """TWELVE_HOUR or TWENTY_FOUR_HOUR for a zone (a name or a ZoneInfo; default: the active one)."""
    zone = zone or timezone.get_current_timezone_name()
    return TWELVE_HOUR if region_for_zone(zone) in TWELVE_HOUR_COUNTRIES else TWENTY_FOUR_HOUR


def _twelve(style):
    return (style or clock_style()) == TWELVE_HOUR


# Times of day


def clock_text(hour, minute, style=None, *, meridiem=True, short=False):
    """A time of day: (14, 0) → "2:00 PM" or "14:00"; `short` drops ":00" on the 12-hour clock ("2 PM");
    `meridiem=False` leaves AM/PM off (the first time of a range in one half of the day)."""
    if not _twelve(style):
        return f"{hour}:{minute:02d}"
    text = f"{hour % 12 or 12}" if short and not minute else f"{hour % 12 or 12}:{minute:02d}"
    return f"{text} {'AM' if hour < 12 else 'PM'}" if meridiem else text


def _local(moment, tz):
    if isinstance(moment, datetime) and timezone.is_aware(moment):
        return moment.astimezone(ZoneInfo(str(tz))) if tz else timezone.localtime(moment)
    return moment


def time_words(moment, *, tz=None, style=None):
    """A moment's time of day in `tz` (default: the active zone): "2:00 PM" or "14:00"."""
    local = _local(moment, tz)
    return clock_text(local.hour, local.minute, style)


def hour_words(hour, style=None):
    """A whole hour, as on a day's axis: 8 → "8 AM" or "8:00"."""
    return clock_text(hour % 24, 0, style, short=True)


def _range(start, end, style, *, short=False):
    """((14, 0), (14, 30)) → "2:00–2:30 PM" / "14:00–14:30"; an end of None reads "midnight"."""
    twelve = _twelve(style)
    if end is None:
        return f"{clock_text(*start, style, short=short)}{DASH}midnight"
    same_half = twelve and (start[0] < 12) == (end[0] < 12) and start < end
    first = clock_text(*start, style, meridiem=not same_half, short=short)
    return f"{first}{DASH}{clock_text(*end, style, short=short)}"


def range_words(start, end, *, tz=None, style=None):
    """From `start` to `end` in `tz`: "2:00–2:30 PM", "11:30 AM–12:00 PM", "14:00–14:30".
    An end at the following midnight reads "midnight" on the 12-hour clock and "24:00" on the other."""
    local_start, local_end = _local(start, tz), _local(end, tz)
    begins = (local_start.hour, local_start.minute)
    if local_end.date() > local_start.date() and (local_end.hour, local_end.minute) == (0, 0):
        if not _twelve(style):
            return f"{clock_text(*begins, style)}{DASH}24:00"
        return _range(begins, None, style)
    return _range(begins, (local_end.hour, local_end.minute), style)


def window_text(start, end, style=None):
    """A window of opening hours, as (hour, minute) pairs with an end of None for midnight:
    "9 AM–5 PM", "9–11:30 AM", "9:00–17:00"."""
    if not _twelve(style):
        until = "midnight" if end is None else clock_text(*end, style)
        return f"{clock_text(*start, style)}{DASH}{until}"
    if start == (0, 0):
        return f"midnight{DASH}{clock_text(*end, style, short=True)}"
    return _range(start, end, style, short=True)


# Days


def date_words(day, *, style=None, today=None, long=False):
    """A day with its date: "Wed, Dec 2" or "Wed 2 Dec", with the year when it is not this year's
    ("Wed, Dec 2, 2025", "Wed 2 Dec 2025"). `long` writes the names out ("Wednesday, December 2")."""
    this_year = (today or timezone.localdate()).year
    weekday, month = (f"{day:%A}", f"{day:%B}") if long else (f"{day:%a}", f"{day:%b}")
    if _twelve(style):
        text = f"{weekday}, {month} {day.day}"
        return text if day.year == this_year else f"{text}, {day.year}"
    text = f"{weekday} {day.day} {month}"
    return text if day.year == this_year else f"{text} {day.year}"


def short_date_words(day, *, style=None, year=None):
    """A date without its weekday: "Dec 2" or "2 Dec"; with the year ("Dec 2, 2025", "2 Dec 2025")
    when it is not this year's, or always when `year` is True."""
    with_year = year or day.year != timezone.localdate().year
    if _twelve(style):
        return f"{day:%b} {day.day}, {day.year}" if with_year else f"{day:%b} {day.day}"
    return f"{day.day} {day:%b} {day.year}" if with_year else f"{day.day} {day:%b}"


def as_moment(value):
    """A datetime (in the active zone when aware), a date, or None for what is neither; an ISO string is read first."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value if isinstance(value, date) else None


def day_words(day, today=None, *, style=None):
    """A day in words: Today, Yesterday, Tomorrow, else its date ("Wed, Dec 2" / "Wed 2 Dec").
    A date and time is read in the active time zone first."""
    today = today or timezone.localdate()
    moment = as_moment(day)
    if moment is None:
        return "—" if day in (None, "") else str(day)
    day = moment.date() if isinstance(moment, datetime) else moment
    named = {today: "Today", today - timedelta(days=1): "Yesterday", today + timedelta(days=1): "Tomorrow"}
    return named.get(day) or date_words(day, style=style, today=today)


def when_words(value, today=None, *, style=None):
    """A moment in words in the active (the manager's) time zone: "Today, 3:05 PM" or "Today, 15:05",
    "Tue, Dec 1, 9:00 AM" or "Tue 1 Dec, 9:00"; a date alone: "Tomorrow". An ISO string is read first."""
    if value in (None, ""):
        return "—"
    moment = as_moment(value)
    if moment is None:
        return str(value)
    if not isinstance(moment, datetime):
        return day_words(moment, today, style=style)
    return f"{day_words(moment.date(), today, style=style)}, {clock_text(moment.hour, moment.minute, style)}"


def moment_words(moment, *, tz=None, style=None, long=False, joiner=", ", today=None):
    """A moment with its date (never Today/Tomorrow), in `tz`: "Wed, Dec 2, 2:00 PM", "Wed 2 Dec, 14:00";
    `long`: "Wednesday, December 2"; `joiner` " at " gives "Wed, Dec 2 at 2:00 PM"."""
    local = _local(moment, tz)
    day = date_words(local.date(), style=style, long=long, today=today)
    return f"{day}{joiner}{clock_text(local.hour, local.minute, style)}"


def span_words(start, end, *, tz=None, style=None, long=False, today=None):
    """A viewing's day and times: "Wed, Dec 2, 2:00–2:30 PM", "Wednesday 2 December, 14:00–14:30"."""
    local = _local(start, tz)
    day = date_words(local.date(), style=style, long=long, today=today)
    return f"{day}, {range_words(start, end, tz=tz, style=style)}"
