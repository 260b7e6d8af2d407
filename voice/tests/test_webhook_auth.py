"""Who may post to the VAPI webhook, and what a refused or malformed request changes (nothing)."""

import json

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from calendars.models import Appointment
from voice.models import Call, ToolInvocation

from .payloads import CALL_ID, assistant_request, status_update, tool_calls

SEARCH = [("call_auth_1", "search_rentals", {})]


def nothing_recorded():
    return not Call.objects.exists() and not ToolInvocation.objects.exists() and not Appointment.objects.exists()


@pytest.mark.django_db
class TestAgentSecret:
    def test_the_agents_secret_in_x_vapi_secret(self, vapi, agent):
        response = vapi.post(tool_calls(agent.vapi_assistant_id, SEARCH), secret=agent.webhook_secret)
        assert response.status_code == 200
        assert response.json()["results"][0]["toolCallId"] == "call_auth_1"

    def test_the_agents_secret_as_a_bearer_token(self, vapi, agent):
        response = vapi.post(tool_calls(agent.vapi_assistant_id, SEARCH), secret=agent.webhook_secret, bearer=True)
        assert response.status_code == 200

    @pytest.mark.parametrize(
        "case", ["none", "wrong", "other_agents", "platform", "empty", "bearer_wrong", "prefix", "no_bearer_scheme"]
    )
    def test_anything_else_is_401_and_nothing_is_done(self, vapi, agent, other_agent, settings, case):
        settings.VAPI_WEBHOOK_SECRET = "platform-secret-value"
        headers = {
            "none": {},
            "wrong": {"HTTP_X_VAPI_SECRET": "not-the-secret"},
            "other_agents": {"HTTP_X_VAPI_SECRET": other_agent.webhook_secret},
            "platform": {"HTTP_X_VAPI_SECRET": "platform-secret-value"},
            "empty": {"HTTP_X_VAPI_SECRET": ""},
            "bearer_wrong": {"HTTP_AUTHORIZATION": "Bearer not-the-secret"},
            "prefix": {"HTTP_X_VAPI_SECRET": agent.webhook_secret[:-1]},
            "no_bearer_scheme": {"HTTP_AUTHORIZATION": agent.webhook_secret},
        }[case]
        payload = tool_calls(agent.vapi_assistant_id, [("call_x", "book_appointment", {})])
        response = vapi.post(payload, headers=headers)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorized"
        assert agent.webhook_secret not in response.content.decode()
        assert vapi.post(status_update(agent.vapi_assistant_id, "in-progress"), headers=headers).status_code == 401
        assert nothing_recorded()

    def test_unknown_assistant_is_401(self, vapi, agent):
        payload = tool_calls("asst-unknown", SEARCH)
        assert vapi.post(payload, secret=agent.webhook_secret).status_code == 401
        assert nothing_recorded()

    def test_a_rotated_secret_stops_working(self, vapi, agent, api_client):
        old = agent.webhook_secret
        api_client.post(f"/api/agents/{agent.pk}/rotate-secret")
        agent.refresh_from_db()
        payload = tool_calls(agent.vapi_assistant_id, SEARCH)
        assert vapi.post(payload, secret=old).status_code == 401
        assert vapi.post(payload, secret=agent.webhook_secret).status_code == 200

    @pytest.mark.parametrize("where", ["call.assistant.id", "message.assistant.id"])
    def test_the_assistant_may_be_named_elsewhere(self, vapi, agent, where):
        payload = tool_calls(agent.vapi_assistant_id, SEARCH)
        del payload["message"]["call"]["assistantId"]
        if where == "call.assistant.id":
            payload["message"]["call"]["assistant"] = {"id": agent.vapi_assistant_id}
        else:
            payload["message"]["assistant"]["id"] = agent.vapi_assistant_id
        assert vapi.post(payload, secret=agent.webhook_secret).status_code == 200
        assert vapi.post(payload, secret="wrong").status_code == 401

    def test_the_header_name_is_case_insensitive(self, vapi, agent):
        response = vapi.client.generic(
            "POST",
            "/api/vapi/webhook",
            json.dumps(tool_calls(agent.vapi_assistant_id, SEARCH)),
            content_type="application/json",
            headers={"x-vapi-secret": agent.webhook_secret},
        )
        assert response.status_code == 200


@pytest.mark.django_db
class TestPlatformSecret:
    def test_assistant_request_needs_the_platform_secret(self, vapi, agent, settings):
        payload = assistant_request("+15125550100")
        assert vapi.post(payload, secret="anything").status_code == 401  # none configured
        settings.VAPI_WEBHOOK_SECRET = "platform-secret-value"
        assert vapi.post(payload).status_code == 401
        assert vapi.post(payload, secret="wrong").status_code == 401
        assert vapi.post(payload, secret=agent.webhook_secret).status_code == 401
        assert vapi.post(payload, secret="platform-secret-value").status_code == 200
        assert vapi.post(payload, secret="platform-secret-value", bearer=True).status_code == 200

    def test_a_message_without_assistant_records_nothing(self, vapi, agent, settings):
        settings.VAPI_WEBHOOK_SECRET = "platform-secret-value"
        payload = status_update(agent.vapi_assistant_id, "in-progress")
        del payload["message"]["call"]["assistantId"]
        response = vapi.post(payload, secret="platform-secret-value")
        assert response.status_code == 200 and response.json() == {}
        assert nothing_recorded()

    def test_tool_calls_without_assistant_get_errors(self, vapi, settings):
        settings.VAPI_WEBHOOK_SECRET = "platform-secret-value"
        payload = tool_calls("", SEARCH)
        response = vapi.post(payload, secret="platform-secret-value")
        [entry] = response.json()["results"]
        assert entry["toolCallId"] == "call_auth_1" and "error" in entry
        assert nothing_recorded()


@pytest.mark.django_db
class TestMalformed:
    @pytest.mark.parametrize(
        "raw",
        [
            "",
            "not json",
            "{",
            "[]",
            "null",
            '"message"',
            "{}",
            '{"message": null}',
            '{"message": "tool-calls"}',
            '{"message": []}',
            '{"message": {"type": "tool-calls", "x": NaN}}',
            '{"message": {"x": Infinity}}',
            "[" * 100000,
        ],
    )
    def test_malformed_bodies_are_400(self, vapi, agent, raw):
        response = vapi.post(None, raw=raw, secret=agent.webhook_secret)
        assert response.status_code == 400
        assert response.json()["code"] == "bad_request"
        assert nothing_recorded()

    def test_other_message_types_are_acknowledged_with_an_empty_object(self, vapi, agent):
        for message_type in ("conversation-update", "speech-update", "hang", "transcript", "made-up", None, 5):
            payload = status_update(agent.vapi_assistant_id, "in-progress")
            payload["message"]["type"] = message_type
            response = vapi.post(payload, secret=agent.webhook_secret)
            assert response.status_code == 200 and response.json() == {}
        assert not Call.objects.exists()

    def test_get_is_not_allowed(self, vapi):
        assert vapi.client.get("/api/vapi/webhook").status_code == 405


JSON_LEAVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
TYPES = st.sampled_from(
    ["tool-calls", "function-call", "status-update", "end-of-call-report", "assistant-request", "hang", ""]
)
FIELDS = st.sampled_from(
    [
        "toolCallList",
        "toolCalls",
        "toolWithToolCallList",
        "functionCall",
        "status",
        "artifact",
        "analysis",
        "startedAt",
        "endedAt",
        "cost",
        "durationSeconds",
        "messages",
        "transcript",
        "customer",
        "phoneNumber",
        "endedReason",
        "recordingUrl",
        "summary",
        "timestamp",
    ]
)
TOOL_ITEM = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON_LEAVES,
        "name": st.sampled_from(["search_rentals", "get_rental_details", "get_availability", "nope"]) | JSON_LEAVES,
        "function": st.fixed_dictionaries({}, optional={"name": JSON_LEAVES, "arguments": JSON_VALUES}) | JSON_LEAVES,
        "arguments": JSON_VALUES,
        "parameters": JSON_VALUES,
    },
)


@st.composite
def vapi_like_messages(draw):
    message = {"type": draw(TYPES)}
    message.update(draw(st.dictionaries(FIELDS, JSON_VALUES, max_size=5)))
    if draw(st.booleans()):
        message["toolCallList"] = draw(st.lists(TOOL_ITEM, max_size=3))
    message["call"] = draw(
        st.fixed_dictionaries(
            {"assistantId": st.just("asst-maple-0001")},
            optional={
                "id": JSON_LEAVES,
                "startedAt": JSON_LEAVES,
                "endedAt": JSON_LEAVES,
                "customer": JSON_VALUES,
            },
        )
        | JSON_VALUES
    )
    return message


@pytest.mark.django_db
class TestJunkNeverBreaksIt:
    @hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(message=vapi_like_messages())
    def test_authenticated_junk_is_never_a_5xx(self, vapi, agent, message):
        response = vapi.post({"message": message}, secret=agent.webhook_secret)
        assert response.status_code in (200, 400, 401), response.content
        if response.status_code == 200 and message["type"] == "tool-calls":
            for entry in response.json()["results"]:
                assert set(entry) in ({"name", "toolCallId", "result"}, {"name", "toolCallId", "error"})
                text = entry.get("result", entry.get("error"))
                assert isinstance(text, str) and "\n" not in text

    @hypothesis_settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(body=st.binary(max_size=300) | JSON_VALUES.map(json.dumps))
    def test_any_body_is_never_a_5xx(self, vapi, agent, body):
        response = vapi.post(None, raw=body, secret=agent.webhook_secret)
        assert response.status_code in (200, 400, 401)


@pytest.mark.django_db
def test_another_managers_call_id_neither_blocks_nor_is_touched(vapi, agent, other_agent):
    vapi.post(status_update(other_agent.vapi_assistant_id, "in-progress"), secret=other_agent.webhook_secret)
    mine = status_update(agent.vapi_assistant_id, "ended", endedReason="customer-ended-call")
    response = vapi.post(mine, secret=agent.webhook_secret)
    assert response.status_code == 200
    theirs = Call.objects.get(vapi_call_id=CALL_ID, user=other_agent.user)
    assert theirs.status == "in-progress" and theirs.ended_reason == "" and theirs.agent == other_agent
    recorded = Call.objects.get(vapi_call_id=CALL_ID, user=agent.user)
    assert recorded.status == "ended" and recorded.ended_reason == "customer-ended-call" and recorded.agent == agent
