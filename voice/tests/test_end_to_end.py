"""The whole path: an agent made through the API becomes a VAPI assistant, and that
assistant's calls (as VAPI would post them) search, offer, book, cancel and get recorded."""

import json
import re

import pytest

from calendars.models import Appointment

from .factories import RentalFactory
from .payloads import CALL_ID, WEBHOOK, end_of_call_report, status_update, tool_calls

ISO = re.compile(r"\((\d{4}-\d\d-\d\dT[^)]+)\)")


@pytest.mark.django_db
def test_agent_to_assistant_to_a_booked_and_cancelled_viewing(api_client, user, fake_vapi, vapi):
    rental = RentalFactory(user=user, city="Austin", address="12 Elm Street")
    agent = api_client.post("/api/agents", {"agent_name": "Maple Street leasing"}, format="json").json()
    assistant = fake_vapi.assistants[agent["vapi_assistant_id"]]
    assert assistant["server"]["url"] == "https://leaseline.example.com" + WEBHOOK
    secret = assistant["server"]["headers"]["X-Vapi-Secret"]
    assert secret == agent["webhook_secret"]

    def post(payload):
        # VAPI sends the assistant's server headers as they were synced.
        response = vapi.client.post(
            WEBHOOK, data=json.dumps(payload), content_type="application/json", headers=assistant["server"]["headers"]
        )
        assert response.status_code == 200, response.content
        return response.json()

    def tool(tool_call_id, name, arguments):
        [entry] = post(tool_calls(assistant["id"], [(tool_call_id, name, arguments)]))["results"]
        return entry["result"]

    post(status_update(assistant["id"], "in-progress"))
    assert f"rental id {rental.pk}" in tool("t1", "search_rentals", {"city": "Austin", "max_price": 2000})
    start = ISO.findall(tool("t2", "get_availability", {}))[0]
    booked = tool(
        "t3",
        "book_appointment",
        {
            "start": start,
            "attendee_name": "Jamie Renter",
            "attendee_phone": "+15125550199",
            "rental_id": rental.pk,
        },
    )
    appointment = Appointment.objects.get()
    assert booked.endswith(f"Appointment id {appointment.pk}.") and appointment.user == user
    assert tool("t4", "cancel_appointment", {"attendee_phone": "+15125550199"}).startswith("Cancelled")
    post(end_of_call_report(assistant["id"]))

    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    [call] = api_client.get("/api/calls").json()["calls"]
    assert call["vapi_call_id"] == CALL_ID and call["agent_id"] == agent["id"] and call["status"] == "ended"
    detail = api_client.get(f"/api/calls/{call['id']}").json()
    assert [item["name"] for item in detail["tool_invocations"]] == [
        "search_rentals",
        "get_availability",
        "book_appointment",
        "cancel_appointment",
    ]
    assert [item["id"] for item in detail["appointments"]] == [appointment.pk]
