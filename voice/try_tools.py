"""The agent's tools as the try panel shows them to a manager: its name (the one every page
uses, `agents.tool_words`), one line on what it does, and a plain label and help for each of
its parameters, as a form asks for them.

The parameters themselves (which exist, which are required) come from the tool's declaration
in `agents.tools`, so the panel asks for exactly what the assistant is asked for.
"""

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from agents.tool_words import tool_label
from agents.tools import TOOL_SPECS
from calendars.slots import clock_words, day_words
from core import clock


@dataclass(frozen=True)
class Ask:
    """How the panel asks for one parameter: its label, its help and the kind of input.

    Kinds: text, notes, phone, email, money, count, date, pets, rental, slot (a free time),
    viewing (one of the booked viewings). Help may name `{agent.…}` values.
    """

    label: str
    kind: str
    help: str = ""


@dataclass(frozen=True)
class TryTool:
    name: str
    summary: str
    asks: dict = field(default_factory=dict)

    @property
    def spec(self):
        return TOOL_SPECS[self.name]

    @property
    def title(self):
        """The tool's one name on every page ("Find rentals")."""
        return tool_label(self.name)


# In the order of a caller's conversation: find a home, hear about it, pick a time, book, cancel.
TRY_TOOLS = {
    tool.name: tool
    for tool in (
        TryTool(
            "search_rentals",
            "The available rentals the agent suggests for what the caller wants, cheapest first.",
            {
                "max_price": Ask("Highest rent", "money", "Dollars a month."),
                "min_bedrooms": Ask("Bedrooms, at least", "count", "0 means a studio is fine."),
                "city": Ask("City or area", "text"),
                "pets_allowed": Ask("The caller has pets", "pets", "Only rentals that allow pets."),
                "available_by": Ask("Move in by", "date", "Only rentals free on or before this day."),
                "limit": Ask("How many to suggest", "count", "Up to 10. Left empty, the agent suggests 5."),
            },
        ),
        TryTool(
            "get_rental_details",
            "Everything the agent can tell a caller about one of your rentals.",
            {"rental_id": Ask("Rental", "rental")},
        ),
        TryTool(
            "get_availability",
            "The viewing times the agent offers, from the working hours and your calendar.",
            {
                "date_from": Ask("From", "date", "First day to look at. Left empty: from now."),
                "date_to": Ask(
                    "To",
                    "date",
                    "Last day to look at. Left empty: as far ahead as the agent books "
                    "({agent.booking_horizon_days} days).",
                ),
                "duration_minutes": Ask(
                    "Viewing length", "count", "In minutes. Left empty: the agent's {agent.slot_minutes} minutes."
                ),
            },
        ),
        TryTool(
            "book_appointment",
            "Books a viewing in your calendar, as the agent does once a caller picks a time.",
            {
                "start": Ask("Time", "slot", "One of the agent's free times."),
                "attendee_name": Ask("Caller's name", "text"),
                "attendee_phone": Ask("Caller's phone", "phone"),
                "attendee_email": Ask("Caller's email", "email"),
                "rental_id": Ask("Rental to see", "rental"),
                "notes": Ask("Notes for you", "notes", "Anything the caller wants you to know."),
            },
        ),
        TryTool(
            "cancel_appointment",
            "Cancels a caller's booked viewing, found by the phone number it was booked with.",
            {
                "attendee_phone": Ask("Caller's phone", "phone", "The number the viewing was booked with."),
                "start": Ask("Which viewing", "viewing", "Needed only when that number has booked more than one."),
            },
        ),
    )
}
if set(TRY_TOOLS) != set(TOOL_SPECS) or any(
    set(tool.asks) != {param.name for param in tool.spec.params} for tool in TRY_TOOLS.values()
):  # pragma: no cover - a tool or parameter declared without its plain words
    raise ImportError("Every declared tool and parameter needs its plain words in voice.try_tools.")


def labels_for(tool_name):
    """{parameter name: plain label} of one tool (empty for an unknown tool)."""
    tool = TRY_TOOLS.get(tool_name)
    return {name: ask.label for name, ask in tool.asks.items()} if tool else {}


# Times in words, in the agent's zone (the one its callers hear), as the slot picker says them,
# by the clock style of the manager's country


def local(moment, tz):
    return moment.astimezone(ZoneInfo(tz))


def time_words(moment, tz):
    """ "Tue, Dec 3 at 10:00 AM" or "Tue 3 Dec at 10:00" (the clock style of the manager's country, core.clock)."""
    return clock.moment_words(moment, tz=tz, joiner=" at ")


def by_day(moments, tz):
    """[(day, "Tue, Dec 3", [(moment, "10:00 AM"), …]), …] in the order given ("Tue 3 Dec", "10:00"
    on a 24-hour clock)."""
    days = []
    for moment in moments:
        day = local(moment, tz).date()
        if not days or days[-1][0] != day:
            days.append((day, day_words(day), []))
        days[-1][2].append((moment, clock_words(moment, ZoneInfo(tz))))
    return days
