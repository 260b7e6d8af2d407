"""Days and instants in a manager's own time zone."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta

# The first and last instants Python can hold in UTC, and so compare in the database.
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)


def user_zone(user):
    try:
        return zoneinfo.ZoneInfo(user.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _local_midnight(day, zone):
    """Midnight starting `day` in `zone`, or the first or last instant UTC can hold past them."""
    midnight = datetime.combine(day, time.min, tzinfo=zone)
    try:
        midnight.astimezone(UTC)
    except OverflowError:
        return EARLIEST if day.year == 1 else LATEST
    return midnight


def local_day_bounds(*, day, zone):
    """The instants where a calendar day starts and ends in `zone` (23 or 25 hours on DST days).

    At the ends of the calendar a bound is held back to the first or last instant there is:
    1 January of year 1 starts before UTC's year 1 east of Greenwich, and 31 December 9999
    has no next day. A filter on such a day still means "from the start" or "to the end".
    """
    try:
        next_day = day + timedelta(days=1)
    except OverflowError:
        return _local_midnight(day, zone), LATEST
    return _local_midnight(day, zone), _local_midnight(next_day, zone)
