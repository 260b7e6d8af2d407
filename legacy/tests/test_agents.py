"""A1-A10: agents as the agent builder and the dashboard read and write them."""

import pytest

from agents.models import Agent, AgentFunction, AgentVariable
from agents.tests.factories import AgentFactory
from calendars.tests.factories import ConnectionFactory

pytestmark = pytest.mark.django_db

SAVE = {  # what the editor's Save sends (FE:src/app/agent-builder/[id]/page.tsx:L201-219)
    "agent_name": "Maple Street line",
    "config": {
        "model": {
            "provider": "openai",
            "model": "gpt-4o-mini",
            "messages": [{"role": "system", "content": "You lease homes on Maple Street."}],
        },
        "voice": {"provider": "playht", "voiceId": "jennifer"},
        "firstMessage": "Hi, Maple Street Rentals!",
        "serverUrl": "http://testserver/legacy/vapi/webhook",
    },
}
VARIABLE = {
    "variable_id": "var_1730000000000",
    "name": "new_variable",
    "display_name": "New Variable",
    "type": "string",
    "description": "Description of this variable",
    "required": False,
}
FUNCTION = {
    "function_id": "func_1730000000000",
    "name": "new_function",
    "display_name": "New Function",
    "description": "Description of this function",
    "enabled": True,
    "webhook_url": "http://localhost:8000/legacy/vapi/webhook",
    "method": "POST",
}


def test_list_is_a_bare_array_of_only_my_agents(frontend, manager, rival):
    mine = AgentFactory(user=manager, is_active=False)
    AgentFactory(user=rival)
    response = frontend.get("/legacy/agents")
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, list)  # the dashboard calls .length and .filter on it (A2)
    assert [agent["agent_id"] for agent in body] == [mine.pk]
    agent = body[0]
    assert agent["agent_name"] == mine.agent_name and agent["is_active"] is False
    assert agent["vapi_assistant_id"] == "" and agent["created_at"]
    assert "webhook_secret" not in agent


def test_get_one_has_the_editor_fields_in_config(frontend, manager):
    agent = AgentFactory(user=manager, first_message="Hello!", voice={"provider": "11labs", "voice_id": "burt"})
    body = frontend.get(f"/legacy/agents/{agent.pk}").json()
    assert body["agent_id"] == agent.pk and str(body["user_id"]) == str(manager.pk)
    config = body["config"]
    assert config["model"]["messages"][0]["content"] == agent.instructions
    assert config["firstMessage"] == "Hello!"
    assert config["voice"] == {"provider": "11labs", "voiceId": "burt"}
    assert config["model"]["model"]  # LeaseLine's default model until the frontend picks one
    assert config["syncStatus"] == "local"


@pytest.mark.parametrize("suffix", ["", "/", "/variables", "/functions"])
def test_another_managers_agent_is_404(frontend, rival, suffix):
    theirs = AgentFactory(user=rival)
    assert frontend.get(f"/legacy/agents/{theirs.pk}{suffix}").status_code == 404


def test_another_managers_agent_cannot_be_changed_or_deleted(frontend, rival):
    theirs = AgentFactory(user=rival, agent_name="Theirs")
    assert frontend.patch(f"/legacy/agents/{theirs.pk}", SAVE).status_code == 404
    assert frontend.delete(f"/legacy/agents/{theirs.pk}").status_code == 404
    assert frontend.post(f"/legacy/agents/{theirs.pk}/variables", VARIABLE).status_code == 404
    assert frontend.post(f"/legacy/agents/{theirs.pk}/functions", FUNCTION).status_code == 404
    theirs.refresh_from_db()
    assert theirs.agent_name == "Theirs" and not AgentVariable.objects.exists() and not AgentFunction.objects.exists()


def test_a_non_numeric_id_is_404_which_the_page_shows_as_not_found(frontend):
    assert frontend.get("/legacy/agents/undefined").status_code == 404


def test_create_sets_me_as_owner_and_keeps_config(frontend, manager):
    response = frontend.post("/legacy/agents", {"agent_name": "New line", "is_active": True, "config": SAVE["config"]})
    assert response.status_code == 201, response.content
    agent = Agent.objects.get(pk=response.json()["agent_id"])
    assert agent.user == manager
    assert agent.instructions == "You lease homes on Maple Street."
    assert agent.first_message == "Hi, Maple Street Rentals!"
    assert agent.voice == {"provider": "playht", "voice_id": "jennifer"}


def test_save_maps_config_onto_the_agent_and_reads_back(frontend, manager):
    agent = AgentFactory(user=manager)
    response = frontend.patch(f"/legacy/agents/{agent.pk}", SAVE)
    assert response.status_code == 200, response.content
    agent.refresh_from_db()
    assert agent.agent_name == "Maple Street line"
    assert agent.instructions == "You lease homes on Maple Street."
    assert agent.first_message == "Hi, Maple Street Rentals!"
    assert agent.voice == {"provider": "playht", "voice_id": "jennifer"}
    assert agent.model == {"provider": "openai", "model": "gpt-4o-mini"}
    assert agent.frontend_config == {"serverUrl": "http://testserver/legacy/vapi/webhook"}
    config = frontend.get(f"/legacy/agents/{agent.pk}").json()["config"]
    assert config["model"]["messages"] == SAVE["config"]["model"]["messages"]
    assert config["model"]["model"] == "gpt-4o-mini"
    assert config["voice"] == SAVE["config"]["voice"]
    assert config["firstMessage"] == SAVE["config"]["firstMessage"]


def test_save_with_an_empty_prompt_clears_the_instructions(frontend, manager):
    agent = AgentFactory(user=manager)
    config = {**SAVE["config"], "model": {"provider": "openai", "model": "gpt-4", "messages": []}}
    assert frontend.patch(f"/legacy/agents/{agent.pk}", {"config": config}).status_code == 200
    agent.refresh_from_db()
    assert agent.instructions == ""


def test_config_is_judged_by_the_agents_rules(frontend, manager):
    agent = AgentFactory(user=manager)
    too_long = {**SAVE["config"], "firstMessage": "x" * 1001}
    response = frontend.patch(f"/legacy/agents/{agent.pk}", {"config": too_long})
    assert response.status_code == 400
    assert response.json()["message"]
    assert frontend.patch(f"/legacy/agents/{agent.pk}", {"config": "not an object"}).status_code == 400
    assert frontend.patch(f"/legacy/agents/{agent.pk}", {"config": {"firstMessage": {"a": 1}}}).status_code == 400
    assert frontend.patch(f"/legacy/agents/{agent.pk}", {"config": {"voice": "jennifer"}}).status_code == 400
    assert frontend.patch(f"/legacy/agents/{agent.pk}", {"config": {"model": {"messages": "hi"}}}).status_code == 400
    assert frontend.patch(f"/legacy/agents/{agent.pk}", {"config": {"blob": "x" * 30000}}).status_code == 400


def test_a_secret_in_config_is_neither_kept_nor_echoed(frontend, manager):
    agent = AgentFactory(user=manager)
    frontend.patch(f"/legacy/agents/{agent.pk}", {"config": {**SAVE["config"], "serverUrlSecret": "s3cret"}})
    agent.refresh_from_db()
    assert "serverUrlSecret" not in agent.frontend_config
    assert "s3cret" not in frontend.get(f"/legacy/agents/{agent.pk}").content.decode()


def test_booking_calendar_of_another_manager_is_400(frontend, manager, rival):
    agent = AgentFactory(user=manager)
    theirs = ConnectionFactory(user=rival)
    response = frontend.patch(f"/legacy/agents/{agent.pk}", {"booking_calendar": theirs.pk})
    assert response.status_code == 400
    agent.refresh_from_db()
    assert agent.booking_calendar is None


def test_delete(frontend, manager):
    agent = AgentFactory(user=manager)
    assert frontend.delete(f"/legacy/agents/{agent.pk}").status_code == 204
    assert not Agent.objects.filter(pk=agent.pk).exists()


def test_linking_an_assistant_follows_leaselines_linking_rules(frontend, manager, fake_vapi):
    """After its own direct sync the frontend PATCHes {vapi_assistant_id} (A5)."""
    agent = AgentFactory(user=manager)
    # An assistant made by the frontend's own sync carries no LeaseLine owner tag: in
    # LeaseLine's organisation a manager may not claim it (only staff may).
    untagged = fake_vapi.seed(name="Made by the frontend")
    refused = frontend.patch(f"/legacy/agents/{agent.pk}", {"vapi_assistant_id": untagged})
    assert refused.status_code == 400 and refused.json()["message"]
    tagged = fake_vapi.seed(name="Tagged for this manager", metadata={"leaselineUserId": manager.pk})
    response = frontend.patch(f"/legacy/agents/{agent.pk}", {"vapi_assistant_id": tagged})
    assert response.status_code == 200, response.content
    assert response.json()["vapi_assistant_id"] == tagged


def test_variables_and_functions_start_empty_and_are_added(frontend, manager):
    agent = AgentFactory(user=manager)
    assert frontend.get(f"/legacy/agents/{agent.pk}/variables").json() == {"variables": []}
    assert frontend.get(f"/legacy/agents/{agent.pk}/functions").json() == {"functions": []}

    added = frontend.post(f"/legacy/agents/{agent.pk}/variables", VARIABLE)
    assert added.status_code == 201, added.content
    variable = added.json()["variable"]
    assert {key: variable[key] for key in VARIABLE} == VARIABLE and variable["id"]
    added = frontend.post(f"/legacy/agents/{agent.pk}/functions", FUNCTION)
    assert added.status_code == 201, added.content
    function = added.json()["function"]
    assert {key: function[key] for key in FUNCTION} == FUNCTION and function["id"]

    assert [v["variable_id"] for v in frontend.get(f"/legacy/agents/{agent.pk}/variables").json()["variables"]] == [
        VARIABLE["variable_id"]
    ]
    assert (
        frontend.get(f"/legacy/agents/{agent.pk}/functions/").json()["functions"][0]["function_id"]
        == (FUNCTION["function_id"])
    )
    assert AgentVariable.objects.get().user == manager and AgentFunction.objects.get().user == manager


def test_variables_list_only_this_agents(frontend, manager, rival):
    agent, other_agent = AgentFactory(user=manager), AgentFactory(user=manager)
    AgentVariable.objects.create(user=manager, agent=other_agent, variable_id="elsewhere", name="elsewhere")
    theirs = AgentFactory(user=rival)
    AgentVariable.objects.create(user=rival, agent=theirs, variable_id="theirs", name="theirs")
    assert frontend.get(f"/legacy/agents/{agent.pk}/variables").json() == {"variables": []}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("variables", {**VARIABLE, "variable_id": "has spaces"}),
        ("variables", {**VARIABLE, "validation_pattern": "(unclosed"}),
        ("variables", {**VARIABLE, "name": ""}),
        ("functions", {**FUNCTION, "webhook_url": "javascript:alert(1)"}),
        ("functions", {**FUNCTION, "method": "TRACE"}),
    ],
)
def test_bad_parts_are_400_and_nothing_is_stored(frontend, manager, path, body):
    agent = AgentFactory(user=manager)
    response = frontend.post(f"/legacy/agents/{agent.pk}/{path}", body)
    assert response.status_code == 400, response.content
    assert response.json()["message"]
    assert not AgentVariable.objects.exists() and not AgentFunction.objects.exists()


def test_the_same_variable_id_twice_is_400(frontend, manager):
    agent = AgentFactory(user=manager)
    assert frontend.post(f"/legacy/agents/{agent.pk}/variables", VARIABLE).status_code == 201
    assert frontend.post(f"/legacy/agents/{agent.pk}/variables", VARIABLE).status_code == 400
    assert AgentVariable.objects.count() == 1


def test_agents_without_a_token_are_401(anonymous):
    assert anonymous.get("/legacy/agents").status_code == 401
    assert anonymous.post("/legacy/agents", {"agent_name": "x"}).status_code == 401


def test_a_save_changes_what_the_vapi_assistant_says(frontend, manager, fake_vapi):
    created = frontend.post("/legacy/agents", {"agent_name": "Synced line"})
    assert created.status_code == 201, created.content
    agent_id = created.json()["agent_id"]
    assert frontend.patch(f"/legacy/agents/{agent_id}", SAVE).status_code == 200
    agent = Agent.objects.get(pk=agent_id)
    assert agent.sync_status == "synced"
    assistant = fake_vapi.assistants[agent.vapi_assistant_id]
    assert assistant["firstMessage"] == "Hi, Maple Street Rentals!"
    assert assistant["model"]["messages"][0]["content"].startswith("You lease homes on Maple Street.")
    assert assistant["voice"] == {"provider": "playht", "voiceId": "jennifer"}
    body = frontend.get(f"/legacy/agents/{agent_id}").json()
    assert body["vapi_assistant_id"] == agent.vapi_assistant_id and body["config"]["syncStatus"] == "synced"
    assert [a["id"] for a in frontend.get("/legacy/vapi/assistants").json()["assistants"]] == [agent.vapi_assistant_id]
