"""The five tools a LeaseLine assistant is given, declared once.

Each `ToolSpec` with its `Param`s gives VAPI the function's JSON schema when an agent syncs
(`tool_declarations`) and reads the arguments a model sends (`ToolSpec.read_arguments`).
The voice app runs them: `voice.tools` pairs each spec with its handler.
"""

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from calendars.models import ATTENDEE_NAME_MAX_LENGTH, ATTENDEE_PHONE_MAX_LENGTH, NOTES_MAX_LENGTH
from core import values


class ToolError(Exception):
    """A tool call the assistant got wrong; the message is said back to it as `error`."""


# Parameters


@dataclass(frozen=True)
class Param:
    """One argument: its JSON schema for VAPI and how LeaseLine reads what a model sends.

    Kinds: string, integer, number, boolean, date, datetime (ISO 8601 or epoch ms; without
    an offset it is the agent's local time), email, phone (read as E.164; without a country
    code, in the country of the agent's own number). `end_of_day` makes a bare date mean the
    end of that day (for the end of a range).
    """

    name: str
    kind: str
    description: str
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    end_of_day: bool = False

    def schema(self):
        json_type = {"integer": "integer", "number": "number", "boolean": "boolean"}.get(self.kind, "string")
        schema = {"type": json_type, "description": self.description}
        if self.kind == "date":
            schema["format"] = "date"
        elif self.kind == "datetime":
            schema["format"] = "date-time"
        elif self.kind == "email":
            schema["format"] = "email"
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        if self.max_length is not None:
            schema["maxLength"] = self.max_length
        return schema

    def read(self, raw, *, tz, phone_region):
        """The Python value of `raw`; raises ValueError with a reason."""
        if self.kind in ("string", "email", "phone"):
            return self._read_text(raw, phone_region)
        if self.kind in ("integer", "number"):
            return self._bounded(values.parse_int(raw) if self.kind == "integer" else values.parse_number(raw))
        if self.kind == "boolean":
            return values.parse_bool(raw, spoken=True)
        if self.kind == "date":
            return values.parse_date(raw, tz=tz)
        if self.kind == "datetime":
            if self.end_of_day and isinstance(raw, str) and len(raw.strip()) == 10:
                day = values.parse_date(raw, tz=tz)
                return datetime.combine(day + timedelta(days=1), time(), tzinfo=ZoneInfo(tz))
            return values.parse_instant(raw, tz=tz)
        raise ValueError(f"has an unknown kind {self.kind}")  # pragma: no cover - a declaration mistake

    def _read_text(self, raw, phone_region):
        text = values.as_text(raw)
        if not text and raw not in (None, ""):
            raise ValueError("must be text")
        if self.max_length and len(text) > self.max_length:
            raise ValueError(f"must be at most {self.max_length} characters")
        if self.kind == "email" and text:
            try:
                validate_email(text)
            except ValidationError:
                raise ValueError("is not an email address") from None
        if self.kind == "phone" and text:
            return values.phone_e164(text, region=phone_region)
        return text

    def _bounded(self, value):
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"must be at least {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"must be at most {self.maximum}")
        return value


def arguments_parse(raw):
    """Tool arguments as a dict: VAPI sends an object or a JSON string (or nothing)."""
    if raw is None or raw == "":
        return {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError):
            raise ToolError("The arguments are not valid JSON.") from None
        if raw is None:
            return {}
    if not isinstance(raw, dict):
        raise ToolError("The arguments must be a JSON object of named values.")
    return values.clean_json(raw)


@dataclass(frozen=True)
class ToolSpec:
    """One tool as the assistant is told of it: its name, what it does and its parameters."""

    name: str
    description: str
    params: tuple[Param, ...]

    def declaration(self):
        """The function tool VAPI stores on the assistant (CreateFunctionToolDTO)."""
        return {
            "type": "function",
            "async": False,
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": {
                    "type": "object",
                    "properties": {param.name: param.schema() for param in self.params},
                    "required": [param.name for param in self.params if param.required],
                },
            },
        }

    def read_arguments(self, arguments, *, tz, phone_region):
        args = {}
        for param in self.params:
            raw = arguments.get(param.name)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if param.required:
                    raise ToolError(f"{param.name} is required: {param.description}")
                continue
            try:
                args[param.name] = param.read(raw, tz=tz, phone_region=phone_region)
            except ValueError as exc:
                raise ToolError(f"{param.name} {exc}.") from None
        return args


TOOL_SPECS = {
    tool.name: tool
    for tool in (
        ToolSpec(
            name="get_availability",
            description=(
                "Free viewing times in the manager's calendar, earliest first. Call before "
                "offering times; offer only times it returns."
            ),
            params=(
                Param(
                    "date_from",
                    "datetime",
                    "Start of the period to look in, ISO 8601 (a date or a date and time). Default: now.",
                ),
                Param(
                    "date_to",
                    "datetime",
                    "End of the period, ISO 8601; a date means the end of that day. Default: the booking horizon.",
                    end_of_day=True,
                ),
                Param(
                    "duration_minutes",
                    "integer",
                    "Length of the viewing in minutes. Default: the agent's slot length.",
                    minimum=5,
                    maximum=480,
                ),
            ),
        ),
        ToolSpec(
            name="book_appointment",
            description="Book a viewing at a free time that get_availability returned.",
            params=(
                Param(
                    "start",
                    "datetime",
                    "Start of the viewing: the exact ISO 8601 time get_availability gave.",
                    required=True,
                ),
                Param(
                    "attendee_name",
                    "string",
                    "The caller's full name.",
                    required=True,
                    max_length=ATTENDEE_NAME_MAX_LENGTH,
                ),
                Param(
                    "attendee_phone",
                    "phone",
                    "The caller's phone number.",
                    required=True,
                    max_length=ATTENDEE_PHONE_MAX_LENGTH,
                ),
                Param("attendee_email", "email", "The caller's email address, if they give one.", max_length=254),
                Param("rental_id", "integer", "Id of the rental to view, from search_rentals.", minimum=1),
                Param("notes", "string", "Anything the manager should know.", max_length=NOTES_MAX_LENGTH),
            ),
        ),
        ToolSpec(
            name="search_rentals",
            description="Available rentals that fit what the caller wants, best matches first.",
            params=(
                Param("max_price", "number", "Highest monthly rent.", minimum=0),
                Param("min_bedrooms", "integer", "Fewest bedrooms; 0 means a studio is fine.", minimum=0, maximum=20),
                Param("city", "string", "City or area.", max_length=120),
                Param("pets_allowed", "boolean", "true when the caller has pets."),
                Param("available_by", "date", "The date the caller needs to move in by, ISO 8601."),
                Param("limit", "integer", "How many rentals to return (default 5).", minimum=1, maximum=10),
            ),
        ),
        ToolSpec(
            name="get_rental_details",
            description="Everything known about one rental.",
            params=(Param("rental_id", "integer", "The rental id from search_rentals.", required=True, minimum=1),),
        ),
        ToolSpec(
            name="cancel_appointment",
            description="Cancel the caller's booked viewing, found by their phone number.",
            params=(
                Param(
                    "attendee_phone",
                    "phone",
                    "The phone number the viewing was booked with.",
                    required=True,
                    max_length=32,
                ),
                Param("start", "datetime", "Start of the viewing to cancel, ISO 8601, when the caller has several."),
            ),
        ),
    )
}


def tool_declarations():
    return [spec.declaration() for spec in TOOL_SPECS.values()]
