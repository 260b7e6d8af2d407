"""Reading loosely typed values from VAPI: webhook fields and the arguments a model wrote.

VAPI's payloads drifted over time (timestamps as ISO strings, then epoch milliseconds) and
a language model fills tool arguments as it likes ("3", 3.0, "$1,850", "yes"). Each reader
here accepts the reasonable spellings and raises `ValueError` with a sentence an assistant
can say for anything else.
"""
import math
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import phonenumbers

# Numbers at least this large are epoch milliseconds (1973-03-03 in ms; year 5138 in seconds).
_EPOCH_MS_THRESHOLD = 100_000_000_000
# PostgreSQL takes UTC offsets up to ±15:59 (Python up to ±23:59).
_MAX_OFFSET = timedelta(hours=16)
_YEARS = (1970, 2999)
_TRUE = {"true", "yes", "y", "1", "allowed", "ok"}
_FALSE = {"false", "no", "n", "0", "not allowed", "none"}
# The country a phone number without a country code is read in, when the agent's own
# number does not say (LeaseLine's managers are in the US).
DEFAULT_PHONE_REGION = "US"


def clean_text(value):
    """A string PostgreSQL and JSON can carry: no NUL characters, no lone surrogates."""
    text = value.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def clean_json(value):
    """`value` (parsed JSON) with every string, keys included, passed through `clean_text`."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(key)): clean_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    return value


def one_line(text, *, limit=None):
    """Collapse whitespace (newlines included) to single spaces; VAPI needs one-line strings."""
    flat = " ".join(str(text).split())
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat


def as_dict(value):
    return value if isinstance(value, dict) else {}


def as_text(value, *, limit=None):
    """A plain string from a string or number; anything else is empty."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):
        value = str(value)
    if not isinstance(value, str):
        return ""
    value = clean_text(value).strip()
    return value[:limit] if limit else value


def parse_instant(value, *, tz="UTC"):
    """An aware datetime from an ISO 8601 string or epoch seconds/milliseconds.

    A string without an offset is wall-clock time in `tz` (the agent's zone): that is what
    a caller means by "Tuesday at ten".
    """
    if isinstance(value, bool) or value is None:
        raise ValueError("is not a date and time")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError("is not a date and time")
        seconds = value / 1000 if abs(value) >= _EPOCH_MS_THRESHOLD else value
        try:
            return _checked(datetime.fromtimestamp(seconds, tz=UTC))
        except (OverflowError, OSError, ValueError):
            raise ValueError("is out of range") from None
    if not isinstance(value, str) or not value.strip():
        raise ValueError("is not a date and time")
    text = value.strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return parse_instant(float(text), tz=tz)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("is not an ISO 8601 date and time such as 2025-12-02T10:00:00-06:00") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(tz))
    return _checked(parsed)


def _checked(moment):
    """Only instants a database stores and reads back: real offsets, plausible years."""
    offset = moment.utcoffset()
    if offset is None or abs(offset) >= _MAX_OFFSET:
        raise ValueError("has an impossible UTC offset")
    try:
        year = moment.astimezone(UTC).year
    except OverflowError:
        year = 0
    if not _YEARS[0] <= year <= _YEARS[1]:
        raise ValueError("is out of range")
    return moment


def parse_date(value, *, tz="UTC"):
    """A calendar date from "2025-12-01", or the local date of any instant `parse_instant` reads."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("is not a valid date such as 2025-12-01") from None
        if not _YEARS[0] <= day.year <= _YEARS[1]:
            raise ValueError("is out of range")
        return day
    try:
        return parse_instant(value, tz=tz).astimezone(ZoneInfo(tz)).date()
    except ValueError:
        raise ValueError("is not a date such as 2025-12-01") from None


def parse_int(value):
    if isinstance(value, bool):
        raise ValueError("is not a whole number")
    if isinstance(value, int):
        return value
    number = parse_number(value)
    if number != number.to_integral_value():
        raise ValueError("is not a whole number")
    return int(number)


def parse_number(value):
    """A Decimal from 1850, 1850.5, "1850", "$1,850" or "1850/mo"."""
    if isinstance(value, bool) or value is None:
        raise ValueError("is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("is not a number")
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    if not isinstance(value, str):
        raise ValueError("is not a number")
    match = re.fullmatch(r"\s*\$?\s*(-?[\d,]*\.?\d+)\s*(?:/\s*(?:mo|month))?\s*", value)
    if not match:
        raise ValueError("is not a number")
    try:
        number = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:
        raise ValueError("is not a number") from None
    if not number.is_finite() or abs(number) > Decimal("1e12"):
        raise ValueError("is out of range")
    return number


def parse_bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError("is not true or false")


def phone_e164(value, *, region=DEFAULT_PHONE_REGION):
    """A phone number in E.164 ("+15125550142"), read by `phonenumbers`; raises ValueError.

    A number written without a country code ("(512) 555-0142") is read in `region`. Only
    numbers valid in their country's numbering plan are accepted, so two spellings of one
    number give the same string and no fragment of a number passes for a whole one.
    """
    try:
        number = phonenumbers.parse(value or "", region)
    except phonenumbers.NumberParseException:
        raise ValueError("is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("is not a phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_region(number):
    """The country of an E.164 number ("GB" for "+44..."), or the default region."""
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(number or "", None))
    except phonenumbers.NumberParseException:
        region = None
    return region or DEFAULT_PHONE_REGION
