"""The instants calendars are asked about: one rule for the pages, the API and the services."""
from datetime import UTC

# Outside these years datetime arithmetic (a slot's end, a default window) and the database
# (offsets beyond ±15:59) would fail, so such input is refused (a 400, a form error).
YEARS = range(1970, 2200)
OUT_OF_RANGE = f"Use a date between {YEARS.start} and {YEARS.stop - 1}."


def utc_datetime(value):
    """An aware datetime within YEARS, converted to UTC; None when it is out of range."""
    try:
        moment = value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return moment if moment.year in YEARS else None
