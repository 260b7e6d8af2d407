"""The tools stay cheap: statements per tool-calls message."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import RentalFactory
from .payloads import status_update
from .tools_support import free_starts


def counted(queries):
    """Statements that do work: savepoints are transaction bookkeeping, not queries."""
    bookkeeping = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
    return [query["sql"] for query in queries if not query["sql"].startswith(bookkeeping)]


@pytest.mark.django_db
class TestQueryCounts:
    """Tool calls stay cheap: at most 6 statements for a read tool in a tool-calls message with one call."""

    def measure(self, vapi, agent, name, arguments, tool_call_id):
        with CaptureQueriesContext(connection) as queries:
            entry = vapi.tool(agent, name, arguments, tool_call_id=tool_call_id)
        return entry, counted(queries.captured_queries)

    def test_read_tools(self, vapi, agent, user):
        rental = RentalFactory(user=user)
        vapi.post(status_update(agent.vapi_assistant_id, "in-progress"), secret=agent.webhook_secret)
        for index, (name, arguments) in enumerate(
            [
                ("search_rentals", {"city": "Austin", "max_price": 2000}),
                ("search_rentals", {"city": "Aus"}),  # whole-name miss, then the part-of-name query
                ("get_rental_details", {"rental_id": rental.pk}),
                ("get_availability", {}),
                ("cancel_appointment", {"attendee_phone": "5125550199"}),
            ]
        ):
            entry, statements = self.measure(vapi, agent, name, arguments, f"q{index}")
            assert "result" in entry, entry
            # A search that says what the caller wants (max_price) also reads and fills their lead.
            limit = 8 if index == 0 else 6
            assert len(statements) <= limit, (name, statements)

    def test_a_replay(self, vapi, agent):
        vapi.tool(agent, "search_rentals", {}, tool_call_id="replayed")
        entry, statements = self.measure(vapi, agent, "search_rentals", {}, "replayed")
        assert len(statements) <= 3, statements

    def test_booking_and_cancelling(self, vapi, agent):
        start = free_starts(agent)[0]
        arguments = {"start": start.isoformat(), "attendee_name": "Jamie", "attendee_phone": "5125550199"}
        entry, booked = self.measure(vapi, agent, "book_appointment", arguments, "qb")
        assert entry["result"].startswith("Booked")
        entry, cancelled = self.measure(vapi, agent, "cancel_appointment", {"attendee_phone": "5125550199"}, "qc")
        assert entry["result"].startswith("Cancelled")
        # Cancelling tells the renter (notifications: the lead read, planned reminders skipped, the
        # cancellation queued and handed to the worker, the manager read for their email).
        assert len(cancelled) <= 11, " | ".join(statement[:60] for statement in cancelled)
        # Booking: under a per-user lock it re-checks the idempotency key and reads every calendar live
        # (calendars.services.appointment_book: lock, key, connections, appointments, insert); the
        # webhook's own share is the agent, the invocation insert and its update; the caller's lead is
        # read and written (made, or filled and counted); the confirmation is queued and handed over.
        assert len(booked) <= 12, " | ".join(statement[:60] for statement in booked)
