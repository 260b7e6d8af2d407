"""The editor's model choice (`config.model`) is the agent's own AI model: saved on the agent,
sent to VAPI on the next sync, and read back where the editor reads it (`config.model.model`)."""

import pytest

from agents.assistant import DEFAULT_MODEL
from agents.models import Agent
from agents.tests.factories import AgentFactory
from testsupport.fakes.vapi import API_KEY

from .test_agents import SAVE

pytestmark = pytest.mark.django_db


def save_with(model):
    return {**SAVE, "config": {**SAVE["config"], "model": model}}


def test_the_saved_model_reaches_vapi_on_the_next_sync_and_reads_back(
    frontend, manager, fake_vapi, api_client, settings
):
    agent = AgentFactory(user=manager)
    model = {"provider": "openai", "model": "gpt-4.1", "messages": [{"role": "system", "content": "Be brief."}]}
    settings.VAPI_API_KEY = ""  # VAPI not set up yet: the save stays local
    assert frontend.patch(f"/legacy/agents/{agent.pk}", save_with(model)).status_code == 200
    agent.refresh_from_db()
    assert agent.model == {"provider": "openai", "model": "gpt-4.1"} and agent.sync_status == "local"
    assert "model" not in agent.frontend_config and fake_vapi.requests == []

    settings.VAPI_API_KEY = API_KEY
    synced = api_client.post(f"/api/agents/{agent.pk}/sync")
    assert synced.status_code == 200 and synced.json()["sync_status"] == "synced", synced.content
    [request] = fake_vapi.sent("POST")
    sent = request.json["model"]
    assert (sent["provider"], sent["model"]) == ("openai", "gpt-4.1")
    assert sent["messages"][0]["content"].startswith("Be brief.") and sent["tools"]

    config = frontend.get(f"/legacy/agents/{agent.pk}").json()["config"]
    assert config["model"]["provider"] == "openai" and config["model"]["model"] == "gpt-4.1"
    assert config["model"]["messages"] == [{"role": "system", "content": agent.instructions}]
    [listed] = frontend.get("/legacy/vapi/assistants").json()["assistants"]
    assert listed["model"]["model"] == "gpt-4.1"


def test_a_save_with_vapi_configured_pushes_the_model_at_once(frontend, manager, fake_vapi):
    created = frontend.post("/legacy/agents", {"agent_name": "Synced line"}).json()
    model = {**SAVE["config"]["model"], "provider": "anthropic", "model": "claude-haiku-4-5-20251001"}
    assert frontend.patch(f"/legacy/agents/{created['agent_id']}", save_with(model)).status_code == 200
    agent = Agent.objects.get(pk=created["agent_id"])
    assert fake_vapi.assistants[agent.vapi_assistant_id]["model"]["provider"] == "anthropic"
    assert fake_vapi.assistants[agent.vapi_assistant_id]["model"]["model"] == "claude-haiku-4-5-20251001"


def test_temperature_and_other_model_keys_are_kept(frontend, manager):
    agent = AgentFactory(user=manager)
    model = {"provider": "groq", "model": "llama-3.3-70b-versatile", "temperature": 0.9, "maxTokens": 250}
    assert frontend.patch(f"/legacy/agents/{agent.pk}", save_with(model)).status_code == 200
    agent.refresh_from_db()
    assert agent.model == {"provider": "groq", "model": "llama-3.3-70b-versatile", "temperature": 0.9}
    assert agent.frontend_config["model"] == {"maxTokens": 250}
    read = frontend.get(f"/legacy/agents/{agent.pk}").json()["config"]["model"]
    assert read == {**model, "messages": [{"role": "system", "content": agent.instructions}]}


def test_without_a_choice_the_editor_reads_leaselines_default(frontend, manager):
    agent = AgentFactory(user=manager, model={})
    model = frontend.get(f"/legacy/agents/{agent.pk}").json()["config"]["model"]
    assert (model["provider"], model["model"]) == (DEFAULT_MODEL["provider"], DEFAULT_MODEL["model"])
    # A save that only changes the prompt leaves the model alone.
    assert frontend.patch(f"/legacy/agents/{agent.pk}", {"config": {"model": {"messages": []}}}).status_code == 200
    agent.refresh_from_db()
    assert agent.model == {}


@pytest.mark.parametrize(
    "model",
    [
        {"provider": "skynet", "model": "t-800"},
        {"provider": "openai", "model": "x" * 101},
        {"provider": "openai", "model": "gpt-4o", "temperature": 3},
    ],
)
def test_a_model_vapi_would_refuse_is_400_and_nothing_changes(frontend, manager, model):
    agent = AgentFactory(user=manager, model={"provider": "openai", "model": "gpt-4o-mini"}, first_message="Hi")
    response = frontend.patch(f"/legacy/agents/{agent.pk}", save_with(model))
    assert response.status_code == 400
    assert response.json()["message"]
    agent.refresh_from_db()
    assert agent.model == {"provider": "openai", "model": "gpt-4o-mini"} and agent.first_message == "Hi"


def test_another_managers_agent_model_is_untouched(frontend, rival):
    theirs = AgentFactory(user=rival)
    assert (
        frontend.patch(f"/legacy/agents/{theirs.pk}", save_with({"provider": "xai", "model": "grok-3"})).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.model == {}
