"""The one reader of loosely typed values at LeaseLine's edges.

VAPI's payloads drifted over time (timestamps as ISO strings, then epoch milliseconds), a
language model fills tool arguments as it likes ("3", 3.0, "$1,850", "yes") and a query
string is text. Each reader here accepts the reasonable spellings and raises `ValueError`
with a short reason an assistant can say (or a filter turn into a 400) for anything else.
Selectors and services below the edges take the typed values these return.
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
# Inclusive year ranges, one per purpose, all checked on the instant in UTC:
# - an instant VAPI reports or a model asks for (call times, tool dates): past these a
#   timestamp is a fault, not a date;
CALL_YEARS = (1970, 2999)
# - an appointment or a calendar window: the calendar pages and API name this range;
CALENDAR_YEARS = (1970, 2199)
# - a filter bound, only compared with and never stored: any year a datetime holds in UTC.
FILTER_YEARS = (1, 9999)
# true/false, 1/0, yes/no: what a query string or a form says.
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
# A model also writes y/n, and answers "pets?" with allowed/ok or not allowed/none.
_SPOKEN_TRUE = _TRUE | {"y", "allowed", "ok"}
_SPOKEN_FALSE = _FALSE | {"n", "not allowed", "none"}
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
    utc_instant(moment, years=CALL_YEARS)
    return moment


def utc_instant(moment, *, years):
    """An aware datetime in UTC, when its UTC year is within `years`; raises ValueError.

    Python takes UTC offsets up to ±23:59 and PostgreSQL only up to ±15:59: in UTC any
    instant Python holds is one the database can store and compare.
    """
    try:
        moment = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValueError("is out of range") from None
    if not years[0] <= moment.year <= years[1]:
        raise ValueError("is out of range")
    return moment


def parse_date(value, *, tz="UTC"):
    """A calendar date from "2025-12-01", or the local date of any instant `parse_instant` reads."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("is not a valid date such as 2025-12-01") from None
        if not CALL_YEARS[0] <= day.year <= CALL_YEARS[1]:
            raise ValueError("is out of range")
        return day
    try:
        return parse_instant(value, tz=tz).astimezone(ZoneInfo(tz)).date()
    except ValueError:
        raise ValueError("is not a date such as 2025-12-01") from None


def parse_int(value):
    """An int from 3, 3.0, "3" or "3.0" (any spelling `parse_number` reads); not from 3.5 or True."""
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


def parse_bool(value, *, spoken=False):
    """True or False from true/false, 1/0 or yes/no (any letter case), or a bool, 0 or 1.

    `spoken=True` also takes the words a model writes for a caller's answer: y/n, ok,
    allowed/not allowed, none. A query string keeps to the plain words.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    true, false = (_SPOKEN_TRUE, _SPOKEN_FALSE) if spoken else (_TRUE, _FALSE)
    if isinstance(value, str) and value.strip().lower() in true | false:
        return value.strip().lower() in true
    raise ValueError("is not true or false")


def phone_e164(value, *, region=DEFAULT_PHONE_REGION, possible=False):
    """A phone number in E.164 ("+15125550142"), read by `phonenumbers`; raises ValueError.

    A number written without a country code ("(512) 555-0142") is read in `region` (None:
    only international spellings). Only numbers valid in their country's numbering plan are
    accepted, so two spellings of one number give the same string and no fragment of a number
    passes for a whole one; `possible=True` asks only for a number of a possible length in a
    real country code (a provider's test numbers such as +1 555 010 1234).
    """
    try:
        number = phonenumbers.parse(value or "", region)
    except phonenumbers.NumberParseException:
        raise ValueError("is not a phone number") from None
    if possible:
        accepted = phonenumbers.is_possible_number_with_reason(number) == phonenumbers.ValidationResult.IS_POSSIBLE
    else:
        accepted = phonenumbers.is_valid_number(number)
    if not accepted:
        raise ValueError("is not a phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_region(number):
    """The country of an E.164 number ("GB" for "+44..."), or the default region."""
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(number or "", None))
    except phonenumbers.NumberParseException:
        region = None
    return region or DEFAULT_PHONE_REGION
