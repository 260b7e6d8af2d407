"""Helpers shared by the tool tests: the agent's free slots, a booking as VAPI sends it, and the
ISO times the tools speak."""

import re

from calendars.selectors import agent_free_slots

ISO = re.compile(r"\((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d)\)")


def free_starts(agent):
    return [slot.start for slot in agent_free_slots(user=agent.user, agent=agent).slots]


def book(vapi, agent, start, *, tool_call_id="call_book_1", phone="+1 512 555 0199", **extra):
    arguments = {"start": start.isoformat(), "attendee_name": "Jamie Renter", "attendee_phone": phone, **extra}
    return vapi.tool(agent, "book_appointment", arguments, tool_call_id=tool_call_id)
