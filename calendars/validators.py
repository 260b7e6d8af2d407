"""The instants calendars are asked about: one rule for the pages, the API and the services."""

from core.values import CALENDAR_YEARS, utc_instant

# Past these years a slot's end or a default window could overflow, so such input is
# refused (a 400, a form error) with this sentence.
OUT_OF_RANGE = f"Use a date between {CALENDAR_YEARS[0]} and {CALENDAR_YEARS[1]}."


def utc_datetime(value):
    """An aware datetime within CALENDAR_YEARS, converted to UTC; None when it is out of range."""
    try:
        return utc_instant(value, years=CALENDAR_YEARS)
    except ValueError:
        return None
