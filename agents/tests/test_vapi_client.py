"""The VAPI client against a loopback VAPI that fails, through the agent API that calls it.

Whatever VAPI does (5xx, no answer in time, a body that is not JSON or not an assistant), a
sync answers 200 with `sync_status` "error" and a sentence in `sync_error`, and a delete
answers 502 (try again) or 204; never a 500.
"""

import socket

import pytest

from agents.clients import vapi as vapi_client
from agents.models import Agent

AGENTS = "/api/agents"
DEEPLY_NESTED = b"[" * 100_000 + b"]" * 100_000
GARBAGE = [
    pytest.param({"status": 500, "times": 3}, "VAPI answered 500: injected", id="500"),
    pytest.param({"status": 502, "raw": b"<html>Bad gateway</html>", "times": 3}, "VAPI answered 502.", id="502_html"),
    pytest.param({"status": 200, "raw": b"<html>Maintenance</html>"}, "VAPI answered 200 with a body", id="html"),
    pytest.param({"status": 200, "raw": b"\xff\xfe\x00\x81"}, "VAPI answered 200 with a body", id="not_utf8"),
    pytest.param({"status": 200, "raw": b"[1, 2, 3]"}, "VAPI answered 200 with a body", id="json_list"),
    pytest.param({"status": 200, "raw": b'"ok"'}, "VAPI answered 200 with a body", id="json_string"),
    pytest.param({"status": 200, "raw": DEEPLY_NESTED}, "VAPI answered 200 with a body", id="deeply_nested"),
    pytest.param({"status": 400, "raw": DEEPLY_NESTED}, "VAPI answered 400.", id="400_deeply_nested"),
    pytest.param({"status": 422, "raw": b'{"message": {"nested": [1]}}'}, "VAPI answered 422", id="422_odd_message"),
]
NOT_AN_ASSISTANT = [
    pytest.param({"status": 201, "body": {"name": "no id"}}, id="no_id"),
    pytest.param({"status": 201, "body": {"id": 12345}}, id="numeric_id"),
    pytest.param({"status": 201, "body": {"id": "a" * 300}}, id="id_too_long"),
]


@pytest.fixture
def silent_vapi(monkeypatch):
    """The URL of a VAPI that takes connections and never answers: a socket nobody reads."""
    # VAPI's real read timeout is 15 s; a test waits a fraction of a second instead.
    monkeypatch.setattr(vapi_client, "TIMEOUT", (1, 0.2))
    with socket.create_server(("127.0.0.1", 0), backlog=16) as server:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"


def create(client, **fields):
    response = client.post(AGENTS, {"agent_name": "Maple Street leasing", **fields}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def sync(client, body):
    response = client.post(f"{AGENTS}/{body['id']}/sync")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
class TestSync:
    @pytest.mark.parametrize("fault, reason", GARBAGE)
    def test_an_update_vapi_answers_badly_is_a_sync_error(self, api_client, fake_vapi, fault, reason):
        body = create(api_client)
        fake_vapi.fail_next(method="PATCH", **fault)
        synced = sync(api_client, body)
        assert synced["sync_status"] == "error"
        assert synced["sync_error"].startswith(reason)
        assert synced["vapi_assistant_id"] == body["vapi_assistant_id"]

    @pytest.mark.parametrize("fault, reason", GARBAGE)
    def test_a_first_sync_vapi_answers_badly_is_a_sync_error(self, api_client, fake_vapi, fault, reason):
        fake_vapi.fail_next(method="POST", **fault)
        body = create(api_client)
        assert body["sync_status"] == "error" and body["sync_error"].startswith(reason)
        assert body["vapi_assistant_id"] == ""

    @pytest.mark.parametrize("fault", NOT_AN_ASSISTANT)
    def test_a_created_assistant_without_a_usable_id_is_a_sync_error(self, api_client, fake_vapi, fault):
        fake_vapi.fail_next(method="POST", **fault)
        body = create(api_client)
        assert body["sync_status"] == "error"
        assert body["sync_error"] == "VAPI answered with an assistant that has no usable id."
        assert Agent.objects.get().vapi_assistant_id == ""

    def test_an_update_vapi_does_not_answer_in_time_is_an_error(self, api_client, fake_vapi, silent_vapi, settings):
        body = create(api_client)
        settings.VAPI_API_URL = silent_vapi
        synced = sync(api_client, body)
        assert (synced["sync_status"], synced["sync_error"]) == ("error", "VAPI did not answer in time.")
        assert synced["vapi_assistant_id"] == body["vapi_assistant_id"]

    def test_a_first_sync_vapi_does_not_answer_in_time_is_an_error(self, api_client, fake_vapi, silent_vapi, settings):
        settings.VAPI_API_URL = silent_vapi
        body = create(api_client)
        assert (body["sync_status"], body["sync_error"]) == ("error", "VAPI did not answer in time.")
        assert body["vapi_assistant_id"] == ""

    def test_a_vapi_that_is_not_listening_is_a_sync_error(self, api_client, fake_vapi, settings):
        body = create(api_client)
        settings.VAPI_API_URL = "http://127.0.0.1:9"
        synced = sync(api_client, body)
        assert synced["sync_status"] == "error" and "could not be reached" in synced["sync_error"]


@pytest.mark.django_db
class TestDelete:
    def test_a_vapi_that_does_not_answer_in_time_keeps_the_agent(self, api_client, fake_vapi, silent_vapi, settings):
        body = create(api_client)
        settings.VAPI_API_URL = silent_vapi
        response = api_client.delete(f"{AGENTS}/{body['id']}")
        assert response.status_code == 502 and response.json()["code"] == "vapi_unavailable"
        assert Agent.objects.filter(pk=body["id"]).exists()

    @pytest.mark.parametrize("raw", [b"<html>Deleted</html>", DEEPLY_NESTED])
    def test_a_garbled_answer_to_a_delete_still_deletes_the_agent(self, api_client, fake_vapi, raw):
        body = create(api_client)
        fake_vapi.fail_next(200, method="DELETE", raw=raw)
        assert api_client.delete(f"{AGENTS}/{body['id']}").status_code == 204
        assert not Agent.objects.exists()
