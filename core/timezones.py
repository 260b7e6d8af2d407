"""Time zones a person picks from: the names LeaseLine accepts and how a picker shows them.

Every IANA name Python knows is accepted, except the few that are not places: "Factory"
(tzdata's placeholder), "localtime" (whatever the server's clock is set to) and "posixrules",
and the posix/ and right/ copies some systems carry. The picker puts the zones a property
manager most likely means first, with friendly names and their offset today, then every
place by region, then the other spellings (old aliases such as US/Eastern, fixed offsets
such as Etc/GMT+5) so a value set through the API can still be kept.
"""

import functools
import zoneinfo
from datetime import UTC, datetime

NOT_PLACES = frozenset({"Factory", "localtime", "posixrules"})
REGIONS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")

# The zones shown first, in this order, with the name a manager knows them by.
COMMON_ZONES = (
    ("America/New_York", "Eastern Time (New York)"),
    ("America/Chicago", "Central Time (Chicago)"),
    ("America/Denver", "Mountain Time (Denver)"),
    ("America/Phoenix", "Mountain Time, no daylight saving (Phoenix)"),
    ("America/Los_Angeles", "Pacific Time (Los Angeles)"),
    ("America/Anchorage", "Alaska Time (Anchorage)"),
    ("Pacific/Honolulu", "Hawaii Time (Honolulu)"),
    ("America/Puerto_Rico", "Atlantic Time (Puerto Rico)"),
    ("America/Toronto", "Eastern Time (Toronto)"),
    ("America/Winnipeg", "Central Time (Winnipeg)"),
    ("America/Regina", "Central Time, no daylight saving (Saskatchewan)"),
    ("America/Edmonton", "Mountain Time (Edmonton)"),
    ("America/Vancouver", "Pacific Time (Vancouver)"),
    ("America/Halifax", "Atlantic Time (Halifax)"),
    ("America/St_Johns", "Newfoundland Time (St. John's)"),
    ("America/Mexico_City", "Central Mexico (Mexico City)"),
    ("Europe/London", "UK (London)"),
    ("Europe/Dublin", "Ireland (Dublin)"),
    ("Europe/Lisbon", "Portugal (Lisbon)"),
    ("Europe/Paris", "Central Europe (Paris)"),
    ("Europe/Berlin", "Central Europe (Berlin)"),
    ("Europe/Madrid", "Central Europe (Madrid)"),
    ("Europe/Amsterdam", "Central Europe (Amsterdam)"),
    ("Europe/Athens", "Eastern Europe (Athens)"),
    ("Australia/Sydney", "Eastern Australia (Sydney, Melbourne)"),
    ("Australia/Brisbane", "Eastern Australia, no daylight saving (Brisbane)"),
    ("Australia/Adelaide", "Central Australia (Adelaide)"),
    ("Australia/Perth", "Western Australia (Perth)"),
    ("Pacific/Auckland", "New Zealand (Auckland)"),
    ("Asia/Dubai", "Gulf (Dubai)"),
    ("Asia/Kolkata", "India (Kolkata)"),
    ("Asia/Singapore", "Singapore"),
    ("Asia/Tokyo", "Japan (Tokyo)"),
    ("Africa/Johannesburg", "South Africa (Johannesburg)"),
    ("UTC", "Coordinated Universal Time (UTC)"),
)


@functools.cache
def accepted_names():
    """Every zone name LeaseLine accepts (the rule the API, the pages and the admin share)."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if name not in NOT_PLACES and not name.startswith(("posix/", "right/"))
    )


def is_accepted(name):
    return isinstance(name, str) and name in accepted_names()


def offset_text(name, *, at=None):
    """ "UTC−05:00": the zone's offset at `at` (now), with a real minus sign."""
    offset = (at or datetime.now(UTC)).astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
    minutes = round(offset.total_seconds() / 60)
    sign = "−" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def place_label(name):
    """ "America/Argentina/Buenos_Aires" as "America – Argentina – Buenos Aires"."""
    return " – ".join(part.replace("_", " ") for part in name.split("/"))


def is_place(name):
    return name == "UTC" or name.split("/", 1)[0] in REGIONS and "/" in name


# Offsets change only at a zone's transitions, on the quarter hour at most: the picker's
# labels are worked out once per quarter hour (about 80 ms for every zone).
_QUARTER_HOUR = 900


def picker_groups(*, at=None):
    """[(group label, [(name, label), ...]), ...]: common zones, every place, other names."""
    moment = at or datetime.now(UTC)
    return _picker_groups_at(int(moment.timestamp()) // _QUARTER_HOUR)


@functools.lru_cache(maxsize=2)
def _picker_groups_at(quarter):
    at = datetime.fromtimestamp(quarter * _QUARTER_HOUR, UTC)
    names = accepted_names()
    common = [(name, f"{label} · {offset_text(name, at=at)}") for name, label in COMMON_ZONES if name in names]
    places = sorted(name for name in names if is_place(name) and name != "UTC")
    others = sorted(name for name in names if not is_place(name))
    return [
        ("Common time zones", common),
        ("All places", [(name, f"{place_label(name)} · {offset_text(name, at=at)}") for name in places]),
        ("Other names and fixed offsets", [(name, f"{name} · {offset_text(name, at=at)}") for name in others]),
    ]
