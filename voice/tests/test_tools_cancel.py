"""The cancel_appointment tool: finding the caller's viewing by a phone number however it is
written, choosing between several, and never another number's or another manager's."""

import pytest

from agents.models import PhoneNumber
from calendars.models import Appointment

from .tools_support import book, free_starts


@pytest.mark.django_db
class TestCancel:
    def test_cancel_by_phone_written_another_way(self, vapi, agent):
        start = free_starts(agent)[0]
        book(vapi, agent, start, phone="+1 (512) 555-0199")
        entry = vapi.tool(agent, "cancel_appointment", {"attendee_phone": "512-555-0199"}, tool_call_id="cancel_1")
        appointment = Appointment.objects.get()
        assert entry["result"].startswith("Cancelled the viewing on ")
        assert entry["result"].endswith(f"Appointment id {appointment.pk}.")
        assert appointment.status == "cancelled"
        assert start in free_starts(agent)

    def test_several_viewings_ask_which_then_start_picks_one(self, vapi, agent):
        starts = free_starts(agent)
        book(vapi, agent, starts[0], tool_call_id="b1")
        book(vapi, agent, starts[3], tool_call_id="b2")
        entry = vapi.tool(agent, "cancel_appointment", {"attendee_phone": "5125550199"}, tool_call_id="c1")
        assert entry["result"].startswith("That phone number has 2 upcoming viewings: ")
        assert Appointment.objects.filter(status="booked").count() == 2
        entry = vapi.tool(
            agent,
            "cancel_appointment",
            {"attendee_phone": "5125550199", "start": starts[3].isoformat()},
            tool_call_id="c2",
        )
        assert entry["result"].startswith("Cancelled")
        assert Appointment.objects.get(start=starts[3]).status == "cancelled"
        assert Appointment.objects.get(start=starts[0]).status == "booked"

    @pytest.mark.parametrize(
        "booked, said, answer",
        [
            ("+1 512 555 0142", "555 0142", "attendee_phone is not a phone number."),
            ("+44 20 7946 0142", "(207) 946-0142", "There is no upcoming booked viewing for that phone number."),
            ("+1 512 555 0142", "+1 737 555 0142", "There is no upcoming booked viewing for that phone number."),
        ],
        ids=["last_7_digits", "last_10_digits_in_another_country", "same_last_7_other_area"],
    )
    def test_a_different_number_sharing_the_last_digits_cannot_cancel(self, vapi, agent, booked, said, answer):
        assert book(vapi, agent, free_starts(agent)[0], phone=booked)["result"].startswith("Booked")
        entry = vapi.tool(agent, "cancel_appointment", {"attendee_phone": said}, tool_call_id="cancel_other")
        assert answer in (entry.get("result"), entry.get("error"))
        assert Appointment.objects.get().status == "booked"

    def test_the_same_number_written_two_ways_cancels(self, vapi, agent, api_client):
        booked = api_client.post(
            "/api/appointments",
            {
                "agent_id": agent.pk,
                "start": free_starts(agent)[0].isoformat(),
                "attendee_name": "Jamie Renter",
                "attendee_phone": "(512) 555-0142",
            },
            format="json",
        )
        assert booked.status_code == 201, booked.content
        entry = vapi.tool(agent, "cancel_appointment", {"attendee_phone": "+1 512 555 0142"})
        assert entry["result"].startswith("Cancelled")
        assert Appointment.objects.get().status == "cancelled"

    def test_a_number_without_country_code_is_read_in_the_region_of_the_agents_number(self, vapi, agent):
        PhoneNumber.objects.create(user=agent.user, number="+442079460000", agent=agent)
        book(vapi, agent, free_starts(agent)[0], phone="020 7946 0142")
        assert Appointment.objects.get().attendee_phone == "+442079460142"
        entry = vapi.tool(agent, "cancel_appointment", {"attendee_phone": "+44 20 7946 0142"}, tool_call_id="c_uk")
        assert entry["result"].startswith("Cancelled")

    def test_nothing_to_cancel(self, vapi, agent):
        entry = vapi.tool(agent, "cancel_appointment", {"attendee_phone": "5125550199"})
        assert entry["result"] == "There is no upcoming booked viewing for that phone number."

    def test_another_managers_viewings_are_not_touched(self, vapi, agent, other_agent):
        book(vapi, other_agent, free_starts(other_agent)[0], tool_call_id="theirs")
        entry = vapi.tool(agent, "cancel_appointment", {"attendee_phone": "+15125550199"})
        assert entry["result"] == "There is no upcoming booked viewing for that phone number."
        assert Appointment.objects.get().status == "booked"
