"""Concurrent bookings on real PostgreSQL: one slot is booked once, one tool call runs once."""

import threading

import pytest
from django.db import connection

from calendars.models import Appointment
from calendars.selectors import agent_free_slots
from voice.models import ToolInvocation

from .conftest import Vapi

CALLERS = 20


def book_concurrently(agent, start, tool_call_ids):
    """Each thread posts one book_appointment tool call at the same moment; returns the results."""
    barrier = threading.Barrier(len(tool_call_ids))
    results = [None] * len(tool_call_ids)

    def caller(index, tool_call_id):
        try:
            vapi = Vapi()
            barrier.wait(timeout=10)
            arguments = {
                "start": start.isoformat(),
                "attendee_name": f"Caller {index}",
                "attendee_phone": f"+1512555{index:04d}",
            }
            results[index] = vapi.tool(agent, "book_appointment", arguments, tool_call_id=tool_call_id)
        finally:
            connection.close()

    threads = [threading.Thread(target=caller, args=item) for item in enumerate(tool_call_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_twenty_callers_one_slot_exactly_one_booking(agent):
    start = agent_free_slots(user=agent.user, agent=agent).slots[0].start
    results = book_concurrently(agent, start, [f"call_race_{index}" for index in range(CALLERS)])
    assert all(results), results
    booked = [entry for entry in results if entry["result"].startswith("Booked")]
    refused = [entry for entry in results if entry["result"].startswith("That time is not available")]
    assert len(booked) == 1 and len(refused) == CALLERS - 1, results
    assert Appointment.objects.filter(start=start, status="booked").count() == 1
    assert ToolInvocation.objects.count() == CALLERS


@pytest.mark.django_db(transaction=True)
def test_the_same_tool_call_twenty_times_at_once_runs_once(agent):
    start = agent_free_slots(user=agent.user, agent=agent).slots[0].start
    results = book_concurrently(agent, start, ["call_replayed"] * CALLERS)
    assert all(results), results
    assert all(entry == results[0] for entry in results), results
    assert results[0]["result"].startswith("Booked")
    assert Appointment.objects.count() == 1
    assert ToolInvocation.objects.count() == 1
