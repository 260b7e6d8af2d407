"""Tool calls through the webhook as VAPI sends them: every message shape, unreadable arguments,
values too long to store, a switched-off assistant, and the same runner called from Python."""

import pytest

from accounts.services import user_deactivate_from_clerk
from calendars.models import Appointment
from voice.models import ToolInvocation
from voice.tools import tool_run

from .factories import RentalFactory
from .payloads import CALL_ID
from .tools_support import free_starts


@pytest.mark.django_db
class TestShapes:
    @pytest.mark.parametrize("shape", ["oas", "object", "top-level", "parameters"])
    @pytest.mark.parametrize(
        "lists",
        [
            ("toolCallList",),
            ("toolCalls",),
            ("toolWithToolCallList",),
            ("toolCallList", "toolCalls", "toolWithToolCallList"),
        ],
    )
    def test_every_shape_vapi_has_sent(self, vapi, agent, user, shape, lists):
        rental = RentalFactory(user=user, city="Austin")
        entry = vapi.tool(agent, "search_rentals", {"city": "Austin"}, shape=shape, lists=lists)
        assert set(entry) == {"name", "toolCallId", "result"}
        assert entry["name"] == "search_rentals" and entry["toolCallId"] == "call_tool_1"
        assert f"rental id {rental.pk}" in entry["result"]

    @pytest.mark.parametrize("arguments", ["", "{}", None, "null"])
    def test_empty_arguments(self, vapi, agent, user, arguments):
        RentalFactory(user=user)
        payload_calls = [("call_empty", "search_rentals", {})]
        from .payloads import tool_calls

        payload = tool_calls(agent.vapi_assistant_id, payload_calls, lists=("toolCallList",))
        payload["message"]["toolCallList"][0]["function"]["arguments"] = arguments
        [entry] = vapi.post(payload, secret=agent.webhook_secret).json()["results"]
        assert "1 rental found" in entry["result"]

    @pytest.mark.parametrize("arguments", ["{not json", "[1, 2]", "42", '"text"'])
    def test_unreadable_arguments_are_an_error(self, vapi, agent, arguments):
        from .payloads import tool_calls

        payload = tool_calls(agent.vapi_assistant_id, [("call_bad", "search_rentals", {})], lists=("toolCallList",))
        payload["message"]["toolCallList"][0]["function"]["arguments"] = arguments
        [entry] = vapi.post(payload, secret=agent.webhook_secret).json()["results"]
        assert set(entry) == {"name", "toolCallId", "error"}
        assert entry["toolCallId"] == "call_bad"

    def test_results_in_order_one_per_call(self, vapi, agent, user):
        rental = RentalFactory(user=user, description="Bright.\nQuiet street.\r\n\tNear the park.")
        results = vapi.tools(
            agent,
            [
                ("call_a", "get_rental_details", {"rental_id": rental.pk}),
                ("call_b", "no_such_tool", {}),
                ("call_c", "search_rentals", {"max_price": 100}),
                ("call_d", "get_rental_details", {}),
            ],
        )
        assert [entry["toolCallId"] for entry in results] == ["call_a", "call_b", "call_c", "call_d"]
        assert [entry["name"] for entry in results] == [
            "get_rental_details",
            "no_such_tool",
            "search_rentals",
            "get_rental_details",
        ]
        assert "Bright. Quiet street. Near the park." in results[0]["result"]
        assert "no tool called 'no_such_tool'" in results[1]["error"]
        assert results[2]["result"].startswith("No available rentals match")
        assert results[3]["error"].startswith("rental_id is required")
        for entry in results:
            text = entry.get("result", entry.get("error"))
            assert "\n" not in text and "\r" not in text

    def test_legacy_function_call(self, vapi, agent, user):
        rental = RentalFactory(user=user)
        payload = {
            "message": {
                "type": "function-call",
                "call": {"id": CALL_ID, "assistantId": agent.vapi_assistant_id},
                "functionCall": {"name": "get_rental_details", "parameters": f'{{"rental_id": "{rental.pk}"}}'},
            }
        }
        response = vapi.post(payload, secret=agent.webhook_secret)
        assert set(response.json()) == {"result"}
        assert response.json()["result"].startswith(f"Rental id {rental.pk}")


@pytest.mark.django_db
class TestValuesTooLongToStore:
    def test_a_tool_call_id_too_long_to_store_gets_an_error_to_speak(self, vapi, agent):
        entry = vapi.tool(agent, "search_rentals", {}, tool_call_id="t" * 300)
        assert entry == {"name": "search_rentals", "toolCallId": "t" * 300, "error": "The tool call id is too long."}
        assert not ToolInvocation.objects.exists()

    def test_a_call_id_too_long_to_store_still_gets_answers(self, vapi, agent, user):
        rental = RentalFactory(user=user)
        entry = vapi.tool(agent, "search_rentals", {}, call_id="c" * 300)
        assert f"rental id {rental.pk}" in entry["result"]
        assert ToolInvocation.objects.get().vapi_call_id == ""
        start = free_starts(agent)[0].isoformat()
        arguments = {"start": start, "attendee_name": "Jamie", "attendee_phone": "5125550199"}
        booked = vapi.tool(agent, "book_appointment", arguments, tool_call_id="call_book_1", call_id="c" * 300)
        assert booked["result"].startswith("Booked") and Appointment.objects.get().vapi_call_id == ""

    def test_a_tool_name_too_long_is_an_unknown_tool(self, vapi, agent):
        entry = vapi.tool(agent, "n" * 300, {})
        assert entry["error"].startswith("There is no tool called ")
        assert len(ToolInvocation.objects.get().name) == 64


@pytest.mark.django_db
class TestSwitchedOff:
    def test_an_inactive_agent_answers_with_an_error(self, vapi, agent):
        agent.is_active = False
        agent.save()
        entry = vapi.tool(agent, "search_rentals")
        assert entry["error"].startswith("This assistant is switched off")

    def test_a_user_deleted_in_clerk(self, vapi, agent, user):
        user.clerk_user_id = "user_leaving"
        user.save()
        user_deactivate_from_clerk(clerk_user_id="user_leaving")
        entry = vapi.tool(agent, "book_appointment", {"start": "2030-01-01T10:00:00Z"})
        assert entry["error"].startswith("This assistant is switched off")
        assert not Appointment.objects.exists()


@pytest.mark.django_db
class TestRunnerFromPython:
    def test_tool_run_is_the_same_code_path(self, agent, user):
        rental = RentalFactory(user=user)
        outcome = tool_run(agent=agent, name="get_rental_details", arguments={"rental_id": rental.pk})
        assert outcome.ok and outcome.result.startswith(f"Rental id {rental.pk}")
        outcome = tool_run(agent=agent, name="get_rental_details", arguments='{"rental_id": 0}')
        assert outcome.error == "rental_id must be at least 1."
        assert not ToolInvocation.objects.exists()
