"""What the agent says, read for a manager: the try panel's answer to a tool run.

A tool answers the assistant in sentences made for a language model (exact ISO times, ids,
instructions such as "pass the exact ISO time as start"). The panel shows that text as it is
behind a disclosure, and above it this reading: a headline in plain words and what the text
points at (the rentals, the free times, the viewing booked or cancelled), loaded from the
manager's own data.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from calendars.models import Appointment
from rentals.models import Rental

from .try_tools import by_day, labels_for, time_words

ISO_IN_BRACKETS = re.compile(r"\((\d{4}-\d\d-\d\dT[^()\s]+)\)")
RENTAL_IDS = re.compile(r"\brental id (\d+)", re.IGNORECASE)
APPOINTMENT_ID = re.compile(r"\bAppointment id (\d+)")
CALENDAR_DOWN = ("cannot be read", "cannot be reached")


@dataclass
class Answer:
    """The panel's reading of one tool run. `tone`: ok, none (nothing found) or bad."""

    headline: str
    tone: str = "ok"
    note: str = ""
    rentals: list = field(default_factory=list)
    rental: Rental | None = None
    days: list = field(default_factory=list)  # try_tools.by_day: [(day, words, [(moment, clock)])]
    appointment: Appointment | None = None
    raw: str = ""  # exactly what the assistant is given
    raw_is_error: bool = False
    request: str = ""  # the arguments the assistant sent, as JSON


def _times(text):
    moments = []
    for found in ISO_IN_BRACKETS.findall(text):
        try:
            moments.append(datetime.fromisoformat(found))
        except ValueError:
            continue
    return moments


def _rentals(user, text):
    ids = [int(found) for found in RENTAL_IDS.findall(text)]
    by_id = Rental.objects.for_user(user).in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def _appointment(user, text):
    found = APPOINTMENT_ID.search(text)
    if not found:
        return None
    return Appointment.objects.for_user(user).select_related("rental").filter(pk=int(found.group(1))).first()


def _calendar_down(what):
    return Answer(f"Your calendar can't be read right now, so {what}. The agent offers to take a message.", "bad")


# One reader per tool: (agent, result text) -> Answer


def _search_rentals(agent, text):
    rentals = _rentals(agent.user, text)
    if not rentals:
        return Answer("No available rental matches. The agent offers to widen the search.", "none")
    count = f"{len(rentals)} rental{'s' if len(rentals) != 1 else ''}"
    return Answer(f"{count} to suggest, cheapest first:", rentals=rentals)


def _get_rental_details(agent, text):
    [rental] = _rentals(agent.user, text)[:1] or [None]
    if rental is None:
        return Answer("The agent found nothing about that rental.", "none")
    return Answer("The agent describes this rental:", rental=rental)


def _get_availability(agent, text):
    if any(phrase in text for phrase in CALENDAR_DOWN):
        return _calendar_down("no times are offered")
    times = _times(text)
    if not times:
        return Answer("No free times in that period. The agent offers to look at other days.", "none")
    note = "More times are free; the agent asks which day suits the caller." if "More times are free" in text else ""
    return Answer("The agent offers these times:", note=note, days=by_day(times, agent.timezone))


def _book_appointment(agent, text):
    appointment = _appointment(agent.user, text)
    if appointment is not None:
        what = f" to see {appointment.rental}" if appointment.rental else ""
        return Answer(
            f"Booked: {appointment.attendee_name}{what}, {time_words(appointment.start, agent.timezone)}.",
            note="It is in your calendar as a test booking, not counted as a call.",
            appointment=appointment,
        )
    if any(phrase in text for phrase in CALENDAR_DOWN):
        return _calendar_down("nothing was booked")
    times = _times(text)
    if times:
        return Answer(
            "That time is taken. The agent offers the next free times:", "none", days=by_day(times, agent.timezone)
        )
    return Answer("That time is taken, and there are no other free times soon.", "none")


def _cancel_appointment(agent, text):
    appointment = _appointment(agent.user, text)
    if appointment is not None:
        return Answer(
            f"Cancelled: {appointment.attendee_name}'s viewing, {time_words(appointment.start, agent.timezone)}.",
            appointment=appointment,
        )
    if any(phrase in text for phrase in CALENDAR_DOWN):
        return _calendar_down("nothing was cancelled")
    times = _times(text)
    if "upcoming viewings" in text:
        return Answer(
            "That number has booked several viewings. The agent asks which one to cancel:",
            "none",
            days=by_day(times, agent.timezone),
        )
    if times:
        return Answer(f"No viewing is booked for that number on {time_words(times[0], agent.timezone)}.", "none")
    return Answer("No upcoming viewing is booked for that number.", "none")


READERS = {
    "search_rentals": _search_rentals,
    "get_rental_details": _get_rental_details,
    "get_availability": _get_availability,
    "book_appointment": _book_appointment,
    "cancel_appointment": _cancel_appointment,
}


# Errors that are not about what was asked: (what the error says, what the manager reads).
KNOWN_ERRORS = (
    ("switched off", "The agent is paused, so it helps no caller. Switch it on in Edit to try it."),
    (
        "went wrong on LeaseLine's side",
        "Something went wrong on LeaseLine's side. The agent apologises and offers to take a message.",
    ),
)


def _refusal(tool_name, error):
    """The tool's error with its parameter names in the panel's words."""
    for phrase, words in KNOWN_ERRORS:
        if phrase in error:
            return Answer(words, "bad")
    # "start is required: <the declaration's description for the model>" -> "“Time” is required."
    text = re.sub(r" is required: .*", " is required.", error)
    for name, label in sorted(labels_for(tool_name).items(), key=lambda item: -len(item[0])):
        text = re.sub(rf"\b{re.escape(name)}\b", f"“{label}”", text)
    text = ISO_IN_BRACKETS.sub("", text)
    return Answer(f"The agent can't do that: {text}", "bad")


def answer_read(*, agent, tool_name, outcome, arguments):
    """The panel's `Answer` for one run of `tool_name` with `arguments`."""
    answer = READERS[tool_name](agent, outcome.result) if outcome.ok else _refusal(tool_name, outcome.error)
    answer.raw = outcome.result if outcome.ok else outcome.error
    answer.raw_is_error = not outcome.ok
    answer.request = json.dumps({"name": tool_name, "arguments": arguments}, indent=2, ensure_ascii=False)
    return answer
