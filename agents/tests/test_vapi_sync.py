"""Agents kept in step with their VAPI assistants, against the loopback fake VAPI."""

import pytest
from rest_framework.test import APIClient

from accounts.services import user_deactivate_from_clerk
from accounts.tests.factories import UserFactory
from agents.models import Agent
from testsupport.fakes.vapi import API_KEY

from .factories import AgentFactory

AGENTS = "/api/agents"
TOOL_NAMES = ["get_availability", "book_appointment", "search_rentals", "get_rental_details", "cancel_appointment"]


def create(client, **fields):
    response = client.post(AGENTS, {"agent_name": "Maple Street leasing", **fields}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.django_db
class TestCreate:
    def test_a_new_agent_becomes_an_assistant_with_the_right_shape(self, api_client, fake_vapi, user):
        body = create(
            api_client,
            agent_name="Maple Street Rentals after-hours leasing line",
            first_message="Hi, Maple Street Rentals!",
            instructions="Be warm. Mention the rooftop garden.",
            voice={"provider": "11labs", "voice_id": "burt"},
            timezone="America/Denver",
        )
        assert body["sync_status"] == "synced" and body["sync_error"] == ""
        assert body["last_synced_at"]
        agent = Agent.objects.get(pk=body["id"])
        assert agent.vapi_assistant_created_by_leaseline
        [request] = fake_vapi.sent("POST")
        assert request.headers["Authorization"] == f"Bearer {API_KEY}"
        sent = request.json
        assert body["vapi_assistant_id"] in fake_vapi.assistants
        assert sent["name"] == "Maple Street Rentals after-hours leasing"[:40]
        assert len(sent["name"]) <= 40
        assert sent["firstMessage"] == "Hi, Maple Street Rentals!"
        assert sent["voice"] == {"provider": "11labs", "voiceId": "burt"}
        assert sent["server"] == {
            "url": "https://leaseline.example.com/api/vapi/webhook",
            "timeoutSeconds": 20,
            "headers": {"X-Vapi-Secret": agent.webhook_secret},
        }
        assert sent["serverMessages"] == ["tool-calls", "end-of-call-report", "status-update"]
        assert sent["metadata"]["leaseline_agent_id"] == agent.pk
        model = sent["model"]
        assert model["provider"] and model["model"]
        [system] = model["messages"]
        assert system["role"] == "system"
        assert system["content"].startswith("Be warm. Mention the rooftop garden.")
        assert "America/Denver" in system["content"]
        assert '{{"now" | date: "%A, %B %d, %Y", "America/Denver"}}' in system["content"]
        assert [tool["function"]["name"] for tool in model["tools"]] == TOOL_NAMES

    def test_the_tools_declare_json_schema_parameters(self, api_client, fake_vapi):
        create(api_client)
        tools = {tool["function"]["name"]: tool for tool in fake_vapi.sent("POST")[0].json["model"]["tools"]}
        for tool in tools.values():
            assert tool["type"] == "function" and tool["async"] is False
            assert tool["function"]["description"]
            assert tool["function"]["parameters"]["type"] == "object"
        book = tools["book_appointment"]["function"]["parameters"]
        assert book["required"] == ["start", "attendee_name", "attendee_phone"]
        assert set(book["properties"]) == {
            "start",
            "attendee_name",
            "attendee_phone",
            "attendee_email",
            "rental_id",
            "notes",
        }
        assert book["properties"]["start"] == {
            "type": "string",
            "format": "date-time",
            "description": "Start of the viewing: the exact ISO 8601 time get_availability gave.",
        }
        search = tools["search_rentals"]["function"]["parameters"]
        assert search["required"] == []
        assert search["properties"]["max_price"]["type"] == "number"
        assert search["properties"]["pets_allowed"]["type"] == "boolean"
        assert search["properties"]["limit"] == {
            "type": "integer",
            "description": "How many rentals to return (default 5).",
            "minimum": 1,
            "maximum": 10,
        }
        assert tools["get_rental_details"]["function"]["parameters"]["required"] == ["rental_id"]
        assert tools["cancel_appointment"]["function"]["parameters"]["required"] == ["attendee_phone"]
        assert set(tools["get_availability"]["function"]["parameters"]["properties"]) == {
            "date_from",
            "date_to",
            "duration_minutes",
        }

    def test_defaults_fill_an_empty_voice_and_first_message(self, api_client, fake_vapi):
        create(api_client, first_message="", instructions="")
        sent = fake_vapi.sent("POST")[0].json
        assert sent["voice"]["provider"] and sent["voice"]["voiceId"]
        assert sent["firstMessage"]
        assert sent["model"]["messages"][0]["content"].strip()

    def test_an_existing_assistant_is_linked_and_updated_not_created(self, api_client, fake_vapi, user):
        existing = fake_vapi.seed(name="Made for this manager", metadata={"leaselineUserId": user.pk})
        body = create(api_client, vapi_assistant_id=existing)
        assert body["sync_status"] == "synced"
        assert fake_vapi.sent("POST") == []
        [patch] = fake_vapi.sent("PATCH")
        assert patch.path == f"/assistant/{existing}"
        assert fake_vapi.assistants[existing]["name"] == "Maple Street leasing"
        assert not Agent.objects.get(pk=body["id"]).vapi_assistant_created_by_leaseline
        # Deleting the agent leaves an assistant LeaseLine did not create, without LeaseLine's webhook.
        assert api_client.delete(f"{AGENTS}/{body['id']}").status_code == 204
        assert existing in fake_vapi.assistants
        assert fake_vapi.assistants[existing].get("server") is None
        assert fake_vapi.sent("DELETE") == []

    def test_a_linked_id_vapi_does_not_know_is_refused(self, api_client, fake_vapi):
        response = api_client.post(AGENTS, {"agent_name": "A", "vapi_assistant_id": "0f0e0d0c-missing"}, format="json")
        assert response.status_code == 400
        assert response.json()["fields"] == {"vapi_assistant_id": ["No assistant with this id is available to you."]}
        assert fake_vapi.sent("POST") == [] and not Agent.objects.exists()

    def test_a_linked_assistant_deleted_in_vapi_later_is_a_sync_error(self, api_client, fake_vapi, user):
        existing = fake_vapi.seed(metadata={"leaselineUserId": user.pk})
        body = create(api_client, vapi_assistant_id=existing)
        del fake_vapi.assistants[existing]
        synced = api_client.post(f"{AGENTS}/{body['id']}/sync").json()
        assert synced["sync_status"] == "error" and "no assistant" in synced["sync_error"]
        assert fake_vapi.sent("POST") == []

    def test_vapi_refusal_keeps_the_agent_with_the_reason_and_sync_retries(self, api_client, fake_vapi):
        fake_vapi.fail_next(400, body={"message": ["voice.voiceId must be a string"], "error": "Bad Request"})
        body = create(api_client)
        assert body["sync_status"] == "error"
        assert body["sync_error"] == "VAPI answered 400: voice.voiceId must be a string"
        assert body["vapi_assistant_id"] == ""
        assert Agent.objects.count() == 1
        retried = api_client.post(f"{AGENTS}/{body['id']}/sync")
        assert retried.status_code == 200
        assert retried.json()["sync_status"] == "synced" and retried.json()["sync_error"] == ""
        assert retried.json()["vapi_assistant_id"] in fake_vapi.assistants

    def test_throttling_is_retried_after_retry_after(self, api_client, fake_vapi):
        fake_vapi.fail_next(429, retry_after=0)
        body = create(api_client)
        assert body["sync_status"] == "synced"
        assert len(fake_vapi.sent("POST")) == 2

    def test_server_errors_on_create_are_not_retried_blindly(self, api_client, fake_vapi):
        # A POST that failed with 500 may have created the assistant; repeating could duplicate it.
        fake_vapi.fail_next(500, times=5)
        body = create(api_client)
        assert body["sync_status"] == "error"
        assert body["sync_error"].startswith("VAPI answered 500")
        assert len(fake_vapi.sent("POST")) == 1

    def test_updates_retry_server_errors_a_bounded_number_of_times(self, api_client, fake_vapi, user):
        body = create(api_client)
        fake_vapi.fail_next(502, times=10)
        response = api_client.patch(f"{AGENTS}/{body['id']}", {"first_message": "Hello"}, format="json")
        assert response.status_code == 200
        assert response.json()["sync_status"] == "error"
        assert len(fake_vapi.sent("PATCH")) == 3

    def test_unreachable_vapi_is_a_sync_error_not_a_500(self, api_client, fake_vapi, settings):
        settings.VAPI_API_URL = "http://127.0.0.1:9"
        body = create(api_client)
        assert body["sync_status"] == "error"
        assert "could not be reached" in body["sync_error"]

    def test_a_bad_key_is_reported_and_never_echoed(self, api_client, fake_vapi, settings):
        settings.VAPI_API_KEY = "wrong-key-do-not-echo"
        response = api_client.post(AGENTS, {"agent_name": "A"}, format="json")
        assert response.json()["sync_status"] == "error"
        assert response.json()["sync_error"].startswith("VAPI answered 401")
        assert "wrong-key-do-not-echo" not in response.content.decode()


@pytest.mark.django_db
class TestChanges:
    def test_an_update_is_pushed(self, api_client, fake_vapi):
        body = create(api_client)
        response = api_client.patch(f"{AGENTS}/{body['id']}", {"agent_name": "Renamed line"}, format="json")
        assert response.json()["sync_status"] == "synced"
        assert fake_vapi.assistants[body["vapi_assistant_id"]]["name"] == "Renamed line"
        assert fake_vapi.sent("PATCH")[-1].path == f"/assistant/{body['vapi_assistant_id']}"

    def test_rotating_the_secret_pushes_the_new_header(self, api_client, fake_vapi):
        body = create(api_client)
        rotated = api_client.post(f"{AGENTS}/{body['id']}/rotate-secret").json()
        assert rotated["webhook_secret"] != body["webhook_secret"]
        headers = fake_vapi.assistants[body["vapi_assistant_id"]]["server"]["headers"]
        assert headers == {"X-Vapi-Secret": rotated["webhook_secret"]}

    def test_an_assistant_deleted_in_vapi_is_made_again(self, api_client, fake_vapi):
        body = create(api_client)
        del fake_vapi.assistants[body["vapi_assistant_id"]]
        synced = api_client.post(f"{AGENTS}/{body['id']}/sync").json()
        assert synced["sync_status"] == "synced"
        assert synced["vapi_assistant_id"] != body["vapi_assistant_id"]
        assert synced["vapi_assistant_id"] in fake_vapi.assistants

    def test_delete_removes_the_assistant_leaseline_created(self, api_client, fake_vapi):
        body = create(api_client)
        assert api_client.delete(f"{AGENTS}/{body['id']}").status_code == 204
        assert fake_vapi.assistants == {}
        assert [request.path for request in fake_vapi.sent("DELETE")] == [f"/assistant/{body['vapi_assistant_id']}"]

    def test_delete_keeps_the_agent_while_vapi_is_down(self, api_client, fake_vapi):
        body = create(api_client)
        fake_vapi.fail_next(503, times=3)
        response = api_client.delete(f"{AGENTS}/{body['id']}")
        assert response.status_code == 502
        assert response.json()["code"] == "vapi_unavailable"
        assert Agent.objects.filter(pk=body["id"]).exists()
        assert api_client.delete(f"{AGENTS}/{body['id']}").status_code == 204

    def test_delete_when_the_assistant_is_already_gone(self, api_client, fake_vapi):
        body = create(api_client)
        fake_vapi.assistants.clear()
        assert api_client.delete(f"{AGENTS}/{body['id']}").status_code == 204

    def test_deactivating_a_clerk_user_keeps_their_agents_but_switches_them_off(self, fake_vapi):
        user = UserFactory(clerk_user_id="user_gone")
        agent = AgentFactory(user=user)
        user_deactivate_from_clerk(clerk_user_id="user_gone")
        agent.refresh_from_db()
        assert agent.is_active is False


@pytest.mark.django_db
def test_admin_sync_action(fake_vapi, user, other_user):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = APIClient()
    client.force_login(staff)
    agents = [AgentFactory(user=user), AgentFactory(user=other_user)]
    response = client.post(
        "/admin/agents/agent/",
        {"action": "sync_to_vapi", "_selected_action": [agent.pk for agent in agents]},
    )
    assert response.status_code == 302
    for agent in agents:
        agent.refresh_from_db()
        assert agent.sync_status == "synced"
        assert agent.vapi_assistant_id in fake_vapi.assistants
