"""What the five assistant tools do, and `tool_run`, the one way to run them.

The tools are declared once in `agents.tools` (the assistant is given them when it syncs);
here each declaration is paired with its handler. Every tool reads and writes only the
agent owner's data, through the rentals and calendars selectors/services.

What comes back is a `ToolOutcome`: `result` is a short sentence the assistant can speak,
with the exact ISO times and ids the next call needs. Outcomes a caller should simply hear
(no free times, the slot was just taken, the calendar cannot be read) are results; `error`
is for calls the assistant got wrong (unknown tool, bad or missing arguments, an id that
is not there) and for failures on LeaseLine's side.
"""

import logging
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from agents.tools import TOOL_SPECS, ToolError, arguments_parse
from calendars.models import Appointment
from calendars.selectors import agent_free_slots, appointment_list
from calendars.services import (
    CalendarUnavailable,
    SlotUnavailable,
    appointment_book,
    appointment_cancel,
)
from core import values
from leads.services import lead_note_search
from rentals.selectors import rental_get, rental_search

logger = logging.getLogger(__name__)

SLOTS_SPOKEN = 6
SLOTS_PER_DAY_SPOKEN = 3
RESULT_MAX_CHARS = 1200
LEASELINE_FAILED = "Something went wrong on LeaseLine's side. Apologise and offer to take a message."


@dataclass(frozen=True)
class ToolOutcome:
    result: str | None = None
    error: str | None = None

    @property
    def ok(self):
        return self.error is None


@dataclass(frozen=True)
class ToolContext:
    """Where a tool call comes from: VAPI's call id and tool call id (empty from the web UI),
    and the source a booking it makes is tagged with (a call: voice; the try panel: test)."""

    vapi_call_id: str = ""
    tool_call_id: str | None = None
    source: str = Appointment.Source.VOICE
    # The caller's number (VAPI's customer.number): their lead.
    caller_number: str = ""


# How times and rentals are said


def local(moment, tz):
    return moment.astimezone(ZoneInfo(tz))


def spoken_time(moment, tz):
    """ "Tuesday, December 2 at 10:00 AM (2025-12-02T10:00:00-06:00)": words plus the exact ISO."""
    at = local(moment, tz)
    clock = f"{at.hour % 12 or 12}:{at.minute:02d} {'AM' if at.hour < 12 else 'PM'}"
    return f"{at:%A, %B} {at.day} at {clock} ({at.isoformat(timespec='seconds')})"


def spoken_slots(slots, tz):
    """The earliest few slots, at most a few per day, so a caller hears more than one morning."""
    per_day = Counter()
    chosen = []
    for slot in slots:
        day = local(slot.start, tz).date()
        if per_day[day] < SLOTS_PER_DAY_SPOKEN:
            per_day[day] += 1
            chosen.append(slot)
        if len(chosen) == SLOTS_SPOKEN:
            break
    return "; ".join(spoken_time(slot.start, tz) for slot in chosen)


def spoken_price(rental):
    if rental.price is None:
        return "price on request"
    amount = f"{rental.price:,.0f}" if rental.price == rental.price.to_integral_value() else f"{rental.price:,.2f}"
    return f"${amount} a month" if rental.currency == "USD" else f"{amount} {rental.currency} a month"


def spoken_bedrooms(rental):
    if rental.bedrooms is None:
        return "home"
    if rental.bedrooms == 0:
        return "studio"
    return f"{rental.bedrooms} bedroom" + ("s" if rental.bedrooms != 1 else "")


def spoken_availability(rental, today):
    if rental.available_from is None or rental.available_from <= today:
        return "available now"
    day = rental.available_from
    return f"available from {day:%B} {day.day} ({day.isoformat()})"


def spoken_place(rental):
    parts = [rental.address or rental.title or "an unnamed listing"]
    if rental.city and rental.city.lower() not in parts[0].lower():
        parts.append(rental.city)
    return ", ".join(parts)


def today_for(agent):
    return timezone.now().astimezone(ZoneInfo(agent.timezone)).date()


# The tools


def get_availability(agent, args, context):
    tz = agent.timezone
    start, end = args.get("date_from"), args.get("date_to")
    if start and end and end <= start:
        raise ToolError("date_to must be after date_from.")
    availability = agent_free_slots(
        user=agent.user, agent=agent, start=start, end=end, duration_minutes=args.get("duration_minutes")
    )
    if availability.error:
        return (
            "Sorry, the calendar cannot be read right now, so no viewing times can be offered. "
            "Offer to take the caller's name and number so the manager can call back."
        )
    if not availability.slots:
        return "There are no free viewing times in that period. Offer to look at other days."
    more = len(availability.slots) > SLOTS_SPOKEN
    return (
        f"Free viewing times ({tz}): {spoken_slots(availability.slots, tz)}."
        + (" More times are free; ask which day suits the caller." if more else "")
        + " To book, pass the exact ISO time in brackets as start."
    )


def book_appointment(agent, args, context):
    tz = agent.timezone
    rental = None
    if "rental_id" in args:
        rental = rental_get(user=agent.user, rental_id=args["rental_id"])
        if rental is None:
            raise ToolError(f"There is no rental with id {args['rental_id']}.")
    try:
        appointment = appointment_book(
            user=agent.user,
            agent=agent,
            start=args["start"],
            attendee_name=args["attendee_name"],
            attendee_phone=args["attendee_phone"],
            attendee_email=args.get("attendee_email", ""),
            rental=rental,
            notes=args.get("notes", ""),
            source=context.source,
            vapi_call_id=context.vapi_call_id,
            idempotency_key=context.tool_call_id,
            lead_phone=context.caller_number,
        )
    except SlotUnavailable as exc:
        next_slots = list(exc.next_slots or [])
        if not next_slots:
            return "That time is not available, and there are no other free times soon."
        return f"That time is not available. The next free times are: {spoken_slots(next_slots, tz)}."
    except ValidationError as exc:
        raise ToolError(" ".join(f"{field} {' '.join(messages)}" for field, messages in exc.message_dict.items()))
    except CalendarUnavailable:
        return (
            "Sorry, the calendar cannot be reached right now, so the viewing was not booked. "
            "Offer to take the caller's name and number so the manager can call back."
        )
    what = f" to see {spoken_place(rental)}" if rental else ""
    return (
        f"Booked a viewing{what} for {appointment.attendee_name} on "
        f"{spoken_time(appointment.start, tz)}. Appointment id {appointment.pk}."
    )


def search_rentals(agent, args, context):
    rentals = rental_search(
        user=agent.user,
        max_price=args.get("max_price"),
        min_bedrooms=args.get("min_bedrooms"),
        city=args.get("city"),
        pets_allowed=args.get("pets_allowed"),
        available_by=args.get("available_by"),
        limit=args.get("limit", 5),
    )
    if context.caller_number:
        lead_note_search(
            user=agent.user,
            phone=context.caller_number,
            max_price=args.get("max_price"),
            min_bedrooms=args.get("min_bedrooms"),
            pets_allowed=args.get("pets_allowed"),
            available_by=args.get("available_by"),
        )
    if not rentals:
        return "No available rentals match that. Offer to widen the search (price, bedrooms, area or date)."
    today = today_for(agent)
    lines = [
        f"rental id {rental.pk}: {spoken_bedrooms(rental)} at {spoken_place(rental)}, "
        f"{spoken_price(rental)}, {spoken_availability(rental, today)}"
        for rental in rentals
    ]
    count = f"{len(rentals)} rental{'s' if len(rentals) != 1 else ''}"
    return f"{count} found, best matches first: " + "; ".join(lines) + "."


def get_rental_details(agent, args, context):
    rental = rental_get(user=agent.user, rental_id=args["rental_id"])
    if rental is None:
        raise ToolError(f"There is no rental with id {args['rental_id']}.")
    facts = [f"{spoken_bedrooms(rental)} at {spoken_place(rental)}", spoken_price(rental)]
    if rental.bathrooms is not None:
        facts.append(f"{rental.bathrooms.normalize():f} bathrooms")
    if rental.square_feet:
        facts.append(f"{rental.square_feet:,} square feet")
    facts.append(spoken_availability(rental, today_for(agent)))
    facts.append({True: "pets allowed", False: "no pets"}.get(rental.pets_allowed, "pet policy not listed"))
    if rental.status != rental.Status.AVAILABLE:
        facts.append("no longer available")
    title = f"{rental.title}: " if rental.title else ""
    description = values.one_line(rental.description, limit=400)
    return f"Rental id {rental.pk}, {title}" + "; ".join(facts) + "." + (f" {description}" if description else "")


def cancel_appointment(agent, args, context):
    tz = agent.timezone
    region = values.phone_region(agent.phone_number)
    upcoming = [
        appointment
        for appointment in appointment_list(user=agent.user, status="booked", start=timezone.now())
        if _e164_or_none(appointment.attendee_phone, region) == args["attendee_phone"]
    ]
    if "start" in args:
        wanted = args["start"]
        upcoming = [item for item in upcoming if abs((item.start - wanted).total_seconds()) < 60]
        if not upcoming:
            return f"There is no booked viewing for that phone number on {spoken_time(wanted, tz)}."
    if not upcoming:
        return "There is no upcoming booked viewing for that phone number."
    if len(upcoming) > 1:
        times = "; ".join(spoken_time(item.start, tz) for item in upcoming[:SLOTS_SPOKEN])
        return (
            f"That phone number has {len(upcoming)} upcoming viewings: {times}. "
            "Ask which one to cancel and call cancel_appointment again with its ISO time as start."
        )
    try:
        appointment = appointment_cancel(user=agent.user, appointment=upcoming[0], by="voice")
    except CalendarUnavailable:
        return "Sorry, the calendar cannot be reached right now, so the viewing was not cancelled."
    return f"Cancelled the viewing on {spoken_time(appointment.start, tz)}. Appointment id {appointment.pk}."


def _e164_or_none(phone, region):
    # Bookings from the API or the web keep the number as it was typed: read it the same way.
    try:
        return values.phone_e164(phone, region=region)
    except ValueError:
        return None


HANDLERS = {
    "get_availability": get_availability,
    "book_appointment": book_appointment,
    "search_rentals": search_rentals,
    "get_rental_details": get_rental_details,
    "cancel_appointment": cancel_appointment,
}
if set(HANDLERS) != set(TOOL_SPECS):  # pragma: no cover - a declaration without a handler
    raise ImportError(f"Declared tools and handlers differ: {sorted(set(HANDLERS) ^ set(TOOL_SPECS))}")


def tool_run(
    *, agent, name, arguments, vapi_call_id="", tool_call_id=None, source=Appointment.Source.VOICE, caller_number=""
):
    """Run one tool for `agent` (its `user` loaded) and return what to say.

    The webhook and the web UI's "try a tool" panel (source test) both come through here.
    Never raises for anything a caller or a model can cause.
    """
    spec = TOOL_SPECS.get(name)
    if spec is None:
        return ToolOutcome(
            error=f"There is no tool called {values.one_line(str(name), limit=64)!r}; "
            f"the tools are {', '.join(TOOL_SPECS)}."
        )
    if not agent.is_active or not agent.user.is_active:
        return ToolOutcome(error="This assistant is switched off; LeaseLine cannot help on this call.")
    context = ToolContext(
        vapi_call_id=vapi_call_id or "", tool_call_id=tool_call_id, source=source, caller_number=caller_number or ""
    )
    try:
        args = spec.read_arguments(
            arguments_parse(arguments), tz=agent.timezone, phone_region=values.phone_region(agent.phone_number)
        )
        # A tool that fails half-way leaves nothing behind, and the caller's transaction usable.
        with transaction.atomic():
            text = HANDLERS[name](agent, args, context)
    except ToolError as exc:
        return ToolOutcome(error=values.one_line(str(exc), limit=RESULT_MAX_CHARS))
    except Exception:
        logger.exception("Tool %s failed for agent %s", name, agent.pk)
        return ToolOutcome(error=LEASELINE_FAILED)
    return ToolOutcome(result=values.one_line(text, limit=RESULT_MAX_CHARS))
