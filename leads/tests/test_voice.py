"""A call as VAPI posts it makes one lead, filled from the search, the booking and the
end-of-call report's structured data; the assistant is synced asking VAPI for that data."""

import json
import re
from decimal import Decimal

import pytest

from calendars.models import Appointment
from leads.models import Lead
from voice.models import Call
from voice.tests.factories import RentalFactory
from voice.tests.payloads import WEBHOOK, end_of_call_report, status_update, tool_calls

ISO = re.compile(r"\((\d{4}-\d\d-\d\dT[^)]+)\)")
LEAD_KEYS = {"name", "email", "budget_max", "bedrooms_min", "move_in_date", "pets", "rental_ids"}


@pytest.mark.django_db
def test_a_call_with_a_search_a_booking_and_a_report_makes_one_filled_lead(api_client, user, fake_vapi, vapi):
    rental = RentalFactory(user=user, city="Austin", address="12 Elm Street")
    other = RentalFactory(user=user, city="Austin", address="14 Elm Street", price=Decimal("1700"))
    agent = api_client.post("/api/agents", {"agent_name": "Maple Street leasing"}, format="json").json()
    assistant = fake_vapi.assistants[agent["vapi_assistant_id"]]
    plan = assistant["analysisPlan"]["structuredDataPlan"]
    assert plan["enabled"] is True and set(plan["schema"]["properties"]) == LEAD_KEYS

    def post(payload):
        response = vapi.client.post(
            WEBHOOK, data=json.dumps(payload), content_type="application/json", headers=assistant["server"]["headers"]
        )
        assert response.status_code == 200, response.content
        return response.json()

    def tool(tool_call_id, name, arguments):
        [entry] = post(tool_calls(assistant["id"], [(tool_call_id, name, arguments)]))["results"]
        return entry["result"]

    post(status_update(assistant["id"], "in-progress"))
    lead = Lead.objects.get(user=user)
    assert (lead.phone, lead.status, lead.calls_count) == ("+15125550199", "contacted", 1)

    found = tool("t1", "search_rentals", {"city": "Austin", "max_price": 2000, "min_bedrooms": 2, "pets_allowed": True})
    assert f"rental id {rental.pk}" in found
    start = ISO.findall(tool("t2", "get_availability", {}))[0]
    # The caller books under another number: the lead is still the caller's.
    booked = tool(
        "t3",
        "book_appointment",
        {"start": start, "attendee_name": "Jamie Renter", "attendee_phone": "+15125550123", "rental_id": rental.pk},
    )
    assert booked.startswith("Booked")
    report = end_of_call_report(assistant["id"])
    report["message"]["analysis"]["structuredData"] = {
        "name": "Jamie R.",
        "email": "jamie@example.com",
        "budget_max": 2500,
        "bedrooms_min": 3,
        "move_in_date": "2027-03-01",
        "pets": "one small dog",
        "rental_ids": [other.pk],
    }
    post(report)
    post(report)  # VAPI may send the report again: nothing is counted twice

    lead = Lead.objects.get(user=user)
    call = Call.objects.get(user=user)
    appointment = Appointment.objects.get(user=user)
    assert call.lead == lead and appointment.lead == lead
    assert lead.status == "viewing_booked"
    assert (lead.calls_count, lead.appointments_count) == (1, 1)
    # From the search and the booking, which the report does not overwrite ...
    assert lead.budget_max == Decimal("2000") and lead.bedrooms_min == 2 and lead.pets == "Has pets"
    assert lead.name == "Jamie Renter"
    # ... and from the report, what was still empty.
    assert lead.email == "jamie@example.com" and lead.move_in_date.isoformat() == "2027-03-01"
    assert set(lead.rentals.all()) == {rental, other}

    detail = api_client.get(f"/api/leads/{lead.pk}").json()
    assert [entry["type"] for entry in detail["timeline"]] == ["call", "appointment"]
    assert detail["rental_ids"] == sorted([rental.pk, other.pk])


@pytest.mark.django_db
def test_a_web_call_without_a_number_makes_no_lead(user, vapi, fake_vapi, api_client):
    agent = api_client.post("/api/agents", {"agent_name": "Web line"}, format="json").json()
    payload = status_update(agent["vapi_assistant_id"], "in-progress")
    payload["message"]["call"].pop("customer")
    response = vapi.post(payload, secret=agent["webhook_secret"])
    assert response.status_code == 200
    assert Call.objects.get(user=user).lead is None and Lead.objects.count() == 0


@pytest.mark.django_db
class TestReminderMinutes:
    def test_defaults_and_is_written_through_the_agent_api(self, api_client):
        agent = api_client.post("/api/agents", {"agent_name": "A"}, format="json").json()
        assert agent["reminder_minutes"] == [1440, 120]
        response = api_client.patch(f"/api/agents/{agent['id']}", {"reminder_minutes": [60, 2880, 60]}, format="json")
        assert response.status_code == 200 and response.json()["reminder_minutes"] == [2880, 60]
        response = api_client.patch(f"/api/agents/{agent['id']}", {"reminder_minutes": []}, format="json")
        assert response.json()["reminder_minutes"] == []

    @pytest.mark.parametrize(
        "value", [[4], [10081], [30.5], ["60"], [True], [5, 10, 15, 20, 25, 30], 60, {"a": 1}, [None]]
    )
    def test_refused_values(self, api_client, value):
        agent = api_client.post("/api/agents", {"agent_name": "A"}, format="json").json()
        response = api_client.patch(f"/api/agents/{agent['id']}", {"reminder_minutes": value}, format="json")
        assert response.status_code == 400 and "reminder_minutes" in response.json()["fields"], value
