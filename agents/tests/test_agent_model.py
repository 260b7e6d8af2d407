"""The agent's AI model: set through the API and the agent page, judged by the model's rules,
and sent to VAPI with LeaseLine's system prompt and tools (else LeaseLine's default model)."""

import importlib

import pytest
from django.apps import apps
from django.test import Client

from agents.assistant import DEFAULT_MODEL
from agents.models import Agent
from agents.validators import MODEL_PROVIDERS
from testsupport.clients import signed_in

from .factories import AgentFactory

pytestmark = pytest.mark.django_db

AGENTS = "/api/agents"
TOOL_NAMES = ["get_availability", "book_appointment", "search_rentals", "get_rental_details", "cancel_appointment"]
CLAUDE = {"provider": "anthropic", "model": "claude-sonnet-4-5-20250929", "temperature": 0.7}


def test_a_new_agent_has_leaselines_default_model(api_client):
    body = api_client.post(AGENTS, {"agent_name": "A"}, format="json").json()
    assert body["model"] == {}
    assert body["voice"] == {} and body["first_message"] == ""  # the existing keys are unchanged


def test_the_model_round_trips_and_is_tidied(api_client):
    body = api_client.post(
        AGENTS, {"agent_name": "A", "model": {"provider": "openai", "model": "  gpt-4o-mini "}}, format="json"
    ).json()
    assert body["model"] == {"provider": "openai", "model": "gpt-4o-mini"}
    patched = api_client.patch(f"{AGENTS}/{body['id']}", {"model": CLAUDE}, format="json")
    assert patched.status_code == 200 and patched.json()["model"] == CLAUDE
    assert Agent.objects.get(pk=body["id"]).model == CLAUDE
    cleared = api_client.patch(f"{AGENTS}/{body['id']}", {"model": {}}, format="json")
    assert cleared.json()["model"] == {}


@pytest.mark.parametrize("temperature", [0, 2, 1.25])
def test_temperature_bounds_are_inclusive(api_client, temperature):
    model = {"provider": "groq", "model": "llama-3.3-70b-versatile", "temperature": temperature}
    response = api_client.post(AGENTS, {"agent_name": "A", "model": model}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["model"]["temperature"] == temperature


@pytest.mark.parametrize(
    ("model", "words"),
    [
        ({"provider": "skynet", "model": "t-800"}, "AI provider"),
        ({"provider": "custom-llm", "model": "mine"}, "AI provider"),
        ({"model": "gpt-4o"}, "AI provider"),
        ({"provider": "openai"}, "model's name"),
        ({"provider": "openai", "model": "   "}, "model's name"),
        ({"provider": "openai", "model": "x" * 101}, "at most 100 characters"),
        ({"provider": "openai", "model": 4}, "model's name"),
        ({"provider": "openai", "model": "gpt-4o", "temperature": 2.5}, "from 0 to 2"),
        ({"provider": "openai", "model": "gpt-4o", "temperature": -0.1}, "from 0 to 2"),
        ({"provider": "openai", "model": "gpt-4o", "temperature": "warm"}, "from 0 to 2"),
        ({"provider": "openai", "model": "gpt-4o", "temperature": True}, "from 0 to 2"),
        ({"provider": "openai", "model": "gpt-4o", "maxTokens": 50}, '{"provider"'),
        ("gpt-4o", '{"provider"'),
    ],
)
def test_a_bad_model_is_400_with_a_reason_and_nothing_changes(api_client, user, model, words):
    agent = AgentFactory(user=user, model={"provider": "openai", "model": "gpt-4o-mini"})
    response = api_client.patch(f"{AGENTS}/{agent.pk}", {"agent_name": "Renamed", "model": model}, format="json")
    assert response.status_code == 400, response.content
    [message] = response.json()["fields"]["model"]
    assert words in message
    agent.refresh_from_db()
    assert agent.model == {"provider": "openai", "model": "gpt-4o-mini"} and agent.agent_name != "Renamed"
    assert api_client.post(AGENTS, {"agent_name": "B", "model": model}, format="json").status_code == 400
    assert Agent.objects.count() == 1


def test_every_offered_provider_is_accepted(api_client):
    for provider in MODEL_PROVIDERS:
        response = api_client.post(
            AGENTS, {"agent_name": provider, "model": {"provider": provider, "model": "m"}}, format="json"
        )
        assert response.status_code == 201, (provider, response.content)


def test_another_managers_agent_model_is_404_and_unchanged(api_client, other_user):
    theirs = AgentFactory(user=other_user)
    assert api_client.patch(f"{AGENTS}/{theirs.pk}", {"model": CLAUDE}, format="json").status_code == 404
    theirs.refresh_from_db()
    assert theirs.model == {}


class TestSync:
    def sent_model(self, fake_vapi, method="POST"):
        return fake_vapi.sent(method)[-1].json["model"]

    def test_the_agents_model_reaches_vapi_with_leaselines_prompt_and_tools(self, api_client, fake_vapi):
        body = api_client.post(
            AGENTS, {"agent_name": "A", "instructions": "Be brief.", "model": CLAUDE}, format="json"
        ).json()
        assert body["sync_status"] == "synced", body["sync_error"]
        sent = self.sent_model(fake_vapi)
        assert {key: sent[key] for key in ("provider", "model", "temperature")} == CLAUDE
        [system] = sent["messages"]
        assert system["role"] == "system" and system["content"].startswith("Be brief.")
        assert [tool["function"]["name"] for tool in sent["tools"]] == TOOL_NAMES
        assert fake_vapi.assistants[body["vapi_assistant_id"]]["model"]["model"] == CLAUDE["model"]

    def test_without_a_temperature_leaselines_is_sent(self, api_client, fake_vapi):
        api_client.post(AGENTS, {"agent_name": "A", "model": {"provider": "openai", "model": "gpt-4.1"}}, format="json")
        sent = self.sent_model(fake_vapi)
        assert (sent["provider"], sent["model"], sent["temperature"]) == (
            "openai",
            "gpt-4.1",
            DEFAULT_MODEL["temperature"],
        )

    def test_a_changed_model_is_pushed_and_a_cleared_one_goes_back_to_the_default(self, api_client, fake_vapi):
        body = api_client.post(AGENTS, {"agent_name": "A"}, format="json").json()
        sent = self.sent_model(fake_vapi)
        assert {key: sent[key] for key in DEFAULT_MODEL} == DEFAULT_MODEL
        api_client.patch(f"{AGENTS}/{body['id']}", {"model": CLAUDE}, format="json")
        assert self.sent_model(fake_vapi, "PATCH")["model"] == CLAUDE["model"]
        api_client.patch(f"{AGENTS}/{body['id']}", {"model": {}}, format="json")
        sent = self.sent_model(fake_vapi, "PATCH")
        assert {key: sent[key] for key in DEFAULT_MODEL} == DEFAULT_MODEL
        assert sent["tools"] and sent["messages"]


FORM = {
    "agent_name": "Oak line",
    "is_active": "on",
    "timezone": "America/Chicago",
    "slot_minutes": 30,
    "buffer_minutes": 0,
    "min_notice_minutes": 60,
    "booking_horizon_days": 14,
    "mon_open": "on",
    "mon_start": "09:00",
    "mon_end": "17:00",
}


class TestPage:
    @pytest.fixture
    def web(self, user):
        return signed_in(user, Client)

    def test_the_form_offers_ai_models_in_plain_words_with_the_default_first(self, web):
        page = web.get("/agents/new/").content.decode()
        assert "AI model" in page
        assert "LeaseLine&#x27;s default" in page or "LeaseLine's default" in page
        assert "Anthropic Claude Sonnet 4.5" in page

    def test_choosing_a_model_saves_it_and_the_default_clears_it(self, web, user):
        response = web.post("/agents/new/", {**FORM, "ai_model": "openai/gpt-4o-mini"})
        agent = Agent.objects.for_user(user).get()
        assert response.status_code == 302
        assert agent.model == {"provider": "openai", "model": "gpt-4o-mini"}
        web.post(f"/agents/{agent.pk}/edit/", {**FORM, "ai_model": ""})
        agent.refresh_from_db()
        assert agent.model == {}

    def test_a_model_set_through_the_api_is_shown_selected_and_kept_on_save(self, web, user):
        agent = AgentFactory(user=user, model={"provider": "xai", "model": "grok-3", "temperature": 0.5})
        page = web.get(f"/agents/{agent.pk}/edit/").content.decode()
        assert '<option value="xai/grok-3" selected>grok-3 (xai), as set before</option>' in page
        web.post(f"/agents/{agent.pk}/edit/", {**FORM, "ai_model": "xai/grok-3"})
        agent.refresh_from_db()
        assert agent.model == {"provider": "xai", "model": "grok-3", "temperature": 0.5}

    def test_a_choice_not_offered_is_refused_beside_the_field(self, web, user):
        response = web.post("/agents/new/", {**FORM, "ai_model": "skynet/t-800"})
        assert response.status_code == 200
        assert response.context["form"].errors["ai_model"]
        assert not Agent.objects.exists()

    def test_clearing_the_voice_on_the_page_goes_back_to_the_default_voice(self, web, user):
        agent = AgentFactory(user=user, voice={"provider": "11labs", "voice_id": "burt"})
        web.post(f"/agents/{agent.pk}/edit/", {**FORM, "voice_provider": "", "voice_id": ""})
        agent.refresh_from_db()
        assert agent.voice == {}


def test_the_model_the_existing_frontend_saved_moves_onto_the_agent(user):
    """The migration that added `Agent.model` picks up the choice kept in frontend_config."""
    move = importlib.import_module("agents.migrations.0010_agent_model").move_frontend_model
    chosen = AgentFactory(
        user=user, frontend_config={"model": {"provider": "openai", "model": "gpt-4"}, "serverUrl": "https://x"}
    )
    odd = AgentFactory(user=user, frontend_config={"model": {"provider": "skynet", "model": "t-800"}})
    untouched = AgentFactory(user=user, frontend_config={"serverUrl": "https://x"})
    move(apps, None)
    for agent in (chosen, odd, untouched):
        agent.refresh_from_db()
    assert chosen.model == {"provider": "openai", "model": "gpt-4"}
    assert chosen.frontend_config == {"serverUrl": "https://x"}
    assert odd.model == {} and odd.frontend_config == {"model": {"provider": "skynet", "model": "t-800"}}
    assert untouched.model == {} and untouched.frontend_config == {"serverUrl": "https://x"}
