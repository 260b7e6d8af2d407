"""A11, A12 and V1: the user's own assistants, and the webhook under /legacy/."""

import json

import pytest

from agents.tests.factories import AgentFactory
from voice.tests.payloads import tool_calls

from .conftest import FRONTEND_ORIGIN

pytestmark = pytest.mark.django_db


def test_assistants_are_only_my_agents_with_an_assistant(frontend, manager, rival):
    mine = AgentFactory(
        user=manager,
        vapi_assistant_id="asst-mine",
        first_message="Hi!",
        voice={"provider": "11labs", "voice_id": "burt"},
    )
    AgentFactory(user=manager)  # no assistant yet
    AgentFactory(user=rival, vapi_assistant_id="asst-theirs")
    response = frontend.get("/legacy/vapi/assistants")
    assert response.status_code == 200
    assistants = response.json()["assistants"]
    assert [assistant["id"] for assistant in assistants] == ["asst-mine"]
    assistant = assistants[0]
    assert assistant["name"] == mine.agent_name and assistant["firstMessage"] == "Hi!"
    assert assistant["voice"]["voiceId"] == "burt" and assistant["model"]["model"]
    assert assistant["createdAt"] and assistant["updatedAt"]


def test_assistants_from_the_browser_with_cors(frontend, manager, settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONTEND_ORIGIN]
    response = frontend.get("/legacy/vapi/assistants", Origin=FRONTEND_ORIGIN)
    assert response.status_code == 200 and response.json()["assistants"] == []
    assert response["Access-Control-Allow-Origin"] == FRONTEND_ORIGIN


def test_assistants_need_a_token(anonymous):
    assert anonymous.get("/legacy/vapi/assistants").status_code == 401


def test_the_frontends_webhook_test_call_without_a_secret_is_401(anonymous):
    """V1: no secret, no message.type, no assistant (FE:src/actions/vapi-actions.ts:L19-63)."""
    body = {
        "message": {
            "toolCalls": [
                {"id": "t1", "function": {"name": "get_availability", "arguments": {"user_id": "1", "days_ahead": 7}}}
            ]
        }
    }
    assert anonymous.post("/legacy/vapi/webhook", body).status_code == 401


@pytest.mark.parametrize("path", ["/api/vapi/webhook", "/legacy/vapi/webhook", "/legacy/vapi/webhook/"])
def test_the_webhook_is_the_same_handler_with_the_same_secrets(anonymous, manager, path):
    agent = AgentFactory(user=manager, vapi_assistant_id="asst-webhook")
    message = tool_calls("asst-webhook", [("c1", "search_rentals", {})])
    wrong = anonymous.client.post(
        path, json.dumps(message), content_type="application/json", headers={"X-Vapi-Secret": "wrong"}
    )
    assert wrong.status_code == 401
    right = anonymous.client.post(
        path, json.dumps(message), content_type="application/json", headers={"X-Vapi-Secret": agent.webhook_secret}
    )
    assert right.status_code == 200, right.content
    assert right.json()["results"][0]["toolCallId"] == "c1"
