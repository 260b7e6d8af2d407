"""The book_appointment tool: booking, idempotency by tool call id, taken and closed times, bad
arguments, scoping, and the link to the call it was made in."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from calendars.models import Appointment
from voice.models import Call, ToolInvocation

from .factories import RentalFactory
from .payloads import CALL_ID, status_update
from .tools_support import ISO, book, free_starts


@pytest.mark.django_db
class TestBooking:
    def test_book_a_free_slot(self, vapi, agent, user):
        rental = RentalFactory(user=user, address="12 Elm Street", city="Austin")
        start = free_starts(agent)[2]
        entry = book(vapi, agent, start, rental_id=rental.pk, attendee_email="jamie@example.com", notes="Has a dog")
        appointment = Appointment.objects.get()
        local = start.astimezone(ZoneInfo("America/Chicago"))
        assert entry["result"].startswith("Booked a viewing to see 12 Elm Street, Austin for Jamie Renter on ")
        assert f"({local.isoformat()}). Appointment id {appointment.pk}." in entry["result"]
        assert appointment.start == start and appointment.user == user and appointment.agent == agent
        assert appointment.rental == rental and appointment.status == "booked"
        assert appointment.source == "voice" and appointment.vapi_call_id == CALL_ID
        assert appointment.idempotency_key == "call_book_1"
        assert appointment.attendee_phone == "+15125550199"
        assert appointment.attendee_email == "jamie@example.com" and appointment.notes == "Has a dog"

    def test_the_same_tool_call_id_again_answers_the_same_and_books_once(self, vapi, agent):
        start = free_starts(agent)[0]
        first = book(vapi, agent, start)
        again = book(vapi, agent, start)
        assert again == first
        assert Appointment.objects.count() == 1
        assert ToolInvocation.objects.count() == 1

    def test_a_taken_slot_offers_the_next_ones(self, vapi, agent):
        start = free_starts(agent)[0]
        book(vapi, agent, start, tool_call_id="first")
        entry = book(vapi, agent, start, tool_call_id="second")
        assert entry["result"].startswith("That time is not available. The next free times are: ")
        offered = [datetime.fromisoformat(value) for value in ISO.findall(entry["result"])]
        assert offered and start not in offered
        assert Appointment.objects.count() == 1

    def test_a_time_outside_working_hours(self, vapi, agent):
        day = (timezone.now() + timedelta(days=3)).astimezone(ZoneInfo("America/Chicago")).date()
        entry = vapi.tool(
            agent,
            "book_appointment",
            {
                "start": f"{day.isoformat()}T03:00:00",
                "attendee_name": "Night Owl",
                "attendee_phone": "5125550100",
            },
        )
        assert entry["result"].startswith("That time is not available.")
        assert not Appointment.objects.exists()

    @pytest.mark.parametrize(
        "missing, message",
        [
            ("start", "start is required"),
            ("attendee_name", "attendee_name is required"),
            ("attendee_phone", "attendee_phone is required"),
        ],
    )
    def test_required_arguments(self, vapi, agent, missing, message):
        arguments = {
            "start": free_starts(agent)[0].isoformat(),
            "attendee_name": "Jamie",
            "attendee_phone": "5125550199",
        }
        del arguments[missing]
        assert vapi.tool(agent, "book_appointment", arguments)["error"].startswith(message)
        assert not Appointment.objects.exists()

    @pytest.mark.parametrize(
        "extra, message",
        [
            ({"attendee_email": "not-an-email"}, "attendee_email is not an email address."),
            ({"attendee_phone": "12"}, "attendee_phone is not a phone number."),
            ({"rental_id": "the blue one"}, "rental_id is not a number."),
        ],
    )
    def test_bad_booking_arguments(self, vapi, agent, extra, message):
        arguments = {
            "start": free_starts(agent)[0].isoformat(),
            "attendee_name": "Jamie",
            "attendee_phone": "5125550199",
            **extra,
        }
        assert vapi.tool(agent, "book_appointment", arguments)["error"] == message

    def test_another_managers_rental_cannot_be_booked(self, vapi, agent, other_user):
        theirs = RentalFactory(user=other_user)
        entry = book(vapi, agent, free_starts(agent)[0], rental_id=theirs.pk)
        assert entry["error"] == f"There is no rental with id {theirs.pk}."
        assert not Appointment.objects.exists()

    def test_another_managers_tool_call_id_neither_blocks_nor_answers(self, vapi, agent, other_agent, user):
        RentalFactory(user=other_agent.user, address="1 Secret Lane")
        mine = RentalFactory(user=user, address="2 Maple Street")
        theirs = vapi.tool(other_agent, "search_rentals", {}, tool_call_id="shared-id")
        entry = vapi.tool(agent, "search_rentals", {}, tool_call_id="shared-id")
        assert entry["toolCallId"] == "shared-id"
        assert f"rental id {mine.pk}" in entry["result"] and "Secret Lane" not in entry["result"]
        assert "Secret Lane" in theirs["result"]
        assert vapi.tool(agent, "search_rentals", {}, tool_call_id="shared-id") == entry
        assert ToolInvocation.objects.filter(tool_call_id="shared-id").count() == 2

    def test_a_booking_during_a_recorded_call_links_to_it(self, vapi, agent, api_client):
        vapi.post(status_update(agent.vapi_assistant_id, "in-progress"), secret=agent.webhook_secret)
        book(vapi, agent, free_starts(agent)[0])
        call = Call.objects.get()
        invocation = ToolInvocation.objects.get()
        assert invocation.call == call and invocation.vapi_call_id == CALL_ID
        assert invocation.name == "book_appointment" and invocation.result.startswith("Booked")
        assert invocation.arguments["attendee_name"] == "Jamie Renter"
        assert invocation.duration_ms is not None
        body = api_client.get(f"/api/calls/{call.pk}").json()
        assert [item["tool_call_id"] for item in body["tool_invocations"]] == ["call_book_1"]
        assert [item["id"] for item in body["appointments"]] == [Appointment.objects.get().pk]

    def test_tool_calls_before_the_call_is_known_are_linked_later(self, vapi, agent):
        book(vapi, agent, free_starts(agent)[0])
        assert ToolInvocation.objects.get().call is None
        vapi.post(status_update(agent.vapi_assistant_id, "in-progress"), secret=agent.webhook_secret)
        assert ToolInvocation.objects.get().call == Call.objects.get()
