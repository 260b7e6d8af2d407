"""The agent's tools in a manager's words: their names, their arguments and their errors.

One mapping for every page that shows a tool (the call page, the try panel): the tools
themselves are declared in `agents.tools`, which the assistant reads; these are the labels a
person reads.
"""

import re

from django.utils import timezone

from core import values, words

from .tools import TOOL_SPECS

TOOL_LABELS = {
    "get_availability": "Check free times",
    "book_appointment": "Book a viewing",
    "search_rentals": "Find rentals",
    "get_rental_details": "Rental details",
    "cancel_appointment": "Cancel a viewing",
}

PARAM_LABELS = {
    "date_from": "From",
    "date_to": "Until",
    "duration_minutes": "Viewing length",
    "start": "Time",
    "attendee_name": "Name",
    "attendee_phone": "Phone",
    "attendee_email": "Email",
    "rental_id": "Rental",
    "notes": "Notes",
    "max_price": "Budget",
    "min_bedrooms": "Bedrooms",
    "city": "Area",
    "pets_allowed": "Pets",
    "available_by": "Move in by",
    "limit": "Show",
}
# Labels that read better for one tool than the shared one.
TOOL_PARAM_LABELS = {("cancel_appointment", "start"): "Viewing at"}

SEPARATOR = " · "


def tool_label(name):
    """A tool by its label: "search_rentals" → "Find rentals"; an unknown tool's name made readable."""
    return TOOL_LABELS.get(str(name or "")) or words.readable_code(name) or "Unknown tool"


def param_label(tool_name, param_name):
    key = str(param_name or "")
    return TOOL_PARAM_LABELS.get((tool_name, key)) or PARAM_LABELS.get(key) or words.readable_code(key)


def _kind(tool_name, param_name):
    spec = TOOL_SPECS.get(tool_name)
    for param in spec.params if spec else ():
        if param.name == param_name:
            return param.kind
    return None


def _plain(value):
    """Any JSON value as short text: lists joined, objects as "key: value", never a repr."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{words.readable_code(key).lower()}: {_plain(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _money(value):
    amount = values.parse_number(value)
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"${text}"


def _bedrooms(value):
    count = values.parse_int(value)
    return "studio or more" if count == 0 else f"{count} or more"


def _moment(value):
    """A date and time in words; a bare date ("2026-12-08", the start or end of a range) as its day."""
    zone = timezone.get_current_timezone_name()
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        return words.day_words(values.parse_date(value, tz=zone))
    return words.when_words(values.parse_instant(value, tz=zone))


def _day(value):
    zone = timezone.get_current_timezone_name()
    return words.day_words(values.parse_date(value, tz=zone))


def _value_words(tool_name, param_name, value):
    """One argument's value in words, by what the tool declares it to be; as text when unreadable."""
    special = {
        "max_price": lambda: f"up to {_money(value)}",
        "min_bedrooms": lambda: _bedrooms(value),
        "duration_minutes": lambda: words.minutes_words(values.parse_int(value)),
        "limit": lambda: f"up to {values.parse_int(value)}",
        "rental_id": lambda: f"#{values.parse_int(value)}",
        "pets_allowed": lambda: "yes" if values.parse_bool(value, spoken=True) else "no",
    }
    kinds = {
        "datetime": lambda: _moment(value),
        "date": lambda: _day(value),
        "phone": lambda: words.phone_words(value),
    }
    reader = special.get(param_name) or kinds.get(_kind(tool_name, param_name))
    if reader is not None:
        try:
            return reader()
        except (ValueError, TypeError, ArithmeticError):
            pass
    return _plain(value)


def tool_argument_items(tool_name, arguments):
    """[("Bedrooms", "2 or more"), ("Budget", "up to $1,800")]: the arguments a tool was called
    with, in the order the tool declares them, then any others; empty values left out."""
    if not isinstance(arguments, dict):
        text = _plain(arguments) if arguments not in (None, "") else ""
        return [("Details", text)] if text else []
    spec = TOOL_SPECS.get(tool_name)
    declared = [param.name for param in spec.params] if spec else []
    order = [name for name in declared if name in arguments] + [name for name in arguments if name not in declared]
    items = []
    for name in order:
        value = arguments[name]
        if value in (None, "", [], {}):
            continue
        items.append((param_label(tool_name, name), _value_words(tool_name, name, value)))
    return items


def tool_arguments_words(tool_name, arguments):
    """The arguments on one line: "Bedrooms: 2 or more · Budget: up to $1,800"; empty when the
    tool was called with nothing."""
    return SEPARATOR.join(f"{label}: {text}" for label, text in tool_argument_items(tool_name, arguments))


ISO_IN_BRACKETS = re.compile(r"\s*\(\d{4}-\d{2}-\d{2}(?:T[0-9:.+\-Z]*)?\)")
ZONE_IN_BRACKETS = re.compile(r"\(([A-Z][A-Za-z_]+(?:/[A-Za-z_+\-]+)+)\)")


def _zone_city(match):
    city = words.timezone_words(match.group(1)).split(" (")[0]
    return f"({city})"


def tool_answer_words(text):
    """What a tool told the agent, for a person: the exact ISO times the agent needs are left
    out and a time zone is named by its city ("(Chicago time)")."""
    return ZONE_IN_BRACKETS.sub(_zone_city, ISO_IN_BRACKETS.sub("", str(text or ""))).strip()


def tool_error_words(tool_name, text):
    """A tool's error with its parameter names in words: "attendee_phone is required" → "Phone is required"."""
    message = str(text or "").strip()
    spec = TOOL_SPECS.get(tool_name)
    for param in spec.params if spec else ():
        message = re.sub(rf"\b{re.escape(param.name)}\b", param_label(tool_name, param.name), message)
    return tool_answer_words(message)
