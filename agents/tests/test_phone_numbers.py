"""Phone numbers as owned records: read from a manager's own VAPI organisation, attached to
their agents (which sets the number's assistant in VAPI), and the only numbers that route
calls. Two managers, two organisations, the loopback VAPI."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from accounts.tests.factories import UserFactory
from agents.models import Agent, PhoneNumber
from testsupport.clients import signed_in

from .factories import AgentFactory

NUMBERS = "/api/phone-numbers"
AGENTS = "/api/agents"
KEY_A = "manager-a-key-0001"
KEY_B = "manager-b-key-0002"


@pytest.fixture
def orgs(fake_vapi, api_client, other_user):
    """Managers A (`api_client`) and B (`other_user`), each with their own VAPI organisation."""
    fake_vapi.add_org(KEY_A, "org-a")
    fake_vapi.add_org(KEY_B, "org-b")
    assert api_client.put("/api/vapi/account", {"api_key": KEY_A}, format="json").status_code == 200
    b = signed_in(other_user)
    assert b.put("/api/vapi/account", {"api_key": KEY_B}, format="json").status_code == 200
    return fake_vapi, api_client, b


def synced_agent(client, name="Leasing line"):
    response = client.post(AGENTS, {"agent_name": name}, format="json")
    assert response.status_code == 201 and response.json()["sync_status"] == "synced", response.content
    return response.json()


@pytest.mark.django_db
class TestRefresh:
    def test_own_mode_reads_the_organisations_numbers(self, orgs):
        fake, a, b = orgs
        mine = fake.seed_number("+15125550101", key=KEY_A, name="Front desk")
        fake.seed_number("+15125550202", key=KEY_B)
        response = a.post(f"{NUMBERS}/refresh")
        assert response.status_code == 200
        assert response.json()["phone_numbers"] == [
            {
                "id": PhoneNumber.objects.get().pk,
                "number": "+15125550101",
                "vapi_phone_number_id": mine,
                "name": "Front desk",
                "agent_id": None,
            }
        ]
        assert b.get(NUMBERS).json()["phone_numbers"] == []

    def test_a_number_gone_from_vapi_leaves_the_list(self, orgs):
        fake, a, _ = orgs
        gone = fake.seed_number("+15125550101", key=KEY_A)
        a.post(f"{NUMBERS}/refresh")
        del fake.phone_numbers[gone]
        assert a.post(f"{NUMBERS}/refresh").json()["phone_numbers"] == []

    def test_odd_numbers_from_vapi_are_read_without_a_server_error(self, orgs):
        fake, a, _ = orgs
        fake.seed_number("not a phone", key=KEY_A, name=12345)
        fake.phone_numbers["x" * 100] = {"id": "x" * 100, "orgId": "org-a", "number": "+15125550109"}
        response = a.post(f"{NUMBERS}/refresh")
        assert response.status_code == 200
        [phone] = response.json()["phone_numbers"]
        assert (phone["number"], phone["name"]) == ("", "12345")

    def test_platform_mode_is_409(self, api_client, fake_vapi):
        response = api_client.post(f"{NUMBERS}/refresh")
        assert response.status_code == 409
        assert not PhoneNumber.objects.exists()

    def test_vapi_down_is_502_and_changes_nothing(self, orgs):
        fake, a, _ = orgs
        fake.fail_next(503, times=3)
        assert a.post(f"{NUMBERS}/refresh").status_code == 502


@pytest.mark.django_db
class TestAttach:
    def test_attaching_routes_the_vapi_number_to_the_agents_assistant(self, orgs):
        fake, a, _ = orgs
        vapi_id = fake.seed_number("+15125550101", key=KEY_A)
        [phone] = a.post(f"{NUMBERS}/refresh").json()["phone_numbers"]
        agent = synced_agent(a)
        response = a.patch(f"{NUMBERS}/{phone['id']}", {"agent_id": agent["id"]}, format="json")
        assert response.status_code == 200 and response.json()["agent_id"] == agent["id"]
        assert fake.phone_numbers[vapi_id]["assistantId"] == agent["vapi_assistant_id"]
        assert a.get(f"{AGENTS}/{agent['id']}").json()["phone_number"] == "+15125550101"
        detached = a.patch(f"{NUMBERS}/{phone['id']}", {"agent_id": None}, format="json")
        assert detached.json()["agent_id"] is None and fake.phone_numbers[vapi_id]["assistantId"] is None

    def test_one_number_per_agent_and_only_synced_agents(self, orgs, settings):
        fake, a, _ = orgs
        fake.seed_number("+15125550101", key=KEY_A)
        fake.seed_number("+15125550102", key=KEY_A)
        first, second = a.post(f"{NUMBERS}/refresh").json()["phone_numbers"]
        agent = synced_agent(a)
        assert a.patch(f"{NUMBERS}/{first['id']}", {"agent_id": agent["id"]}, format="json").status_code == 200
        taken = a.patch(f"{NUMBERS}/{second['id']}", {"agent_id": agent["id"]}, format="json")
        assert taken.status_code == 400 and "agent_id" in taken.json()["fields"]
        local = Agent.objects.create(user=Agent.objects.get(pk=agent["id"]).user, agent_name="Local")
        unsynced = a.patch(f"{NUMBERS}/{second['id']}", {"agent_id": local.pk}, format="json")
        assert unsynced.status_code == 400 and "Sync this agent" in unsynced.json()["fields"]["agent_id"][0]

    def test_another_managers_number_and_agent_are_out_of_reach(self, orgs):
        fake, a, b = orgs
        fake.seed_number("+15125550101", key=KEY_A)
        [phone] = a.post(f"{NUMBERS}/refresh").json()["phone_numbers"]
        a_agent = synced_agent(a)
        b_agent = synced_agent(b, "B's line")
        # B cannot see or attach A's number, nor A attach B's agent.
        assert b.patch(f"{NUMBERS}/{phone['id']}", {"agent_id": b_agent["id"]}, format="json").status_code == 404
        foreign = a.patch(f"{NUMBERS}/{phone['id']}", {"agent_id": b_agent["id"]}, format="json")
        assert foreign.status_code == 400 and "agent_id" in foreign.json()["fields"]
        assert PhoneNumber.objects.get().agent_id is None
        assert a.patch(f"{NUMBERS}/{phone['id']}", {"agent_id": a_agent["id"]}, format="json").status_code == 200

    def test_a_relinked_agent_takes_its_number_along_and_a_deleted_one_lets_go(self, orgs):
        fake, a, _ = orgs
        vapi_id = fake.seed_number("+15125550101", key=KEY_A)
        [phone] = a.post(f"{NUMBERS}/refresh").json()["phone_numbers"]
        agent = synced_agent(a)
        a.patch(f"{NUMBERS}/{phone['id']}", {"agent_id": agent["id"]}, format="json")
        other = fake.seed(key=KEY_A, name="Dashboard's")
        relinked = a.patch(f"{AGENTS}/{agent['id']}", {"vapi_assistant_id": other}, format="json").json()
        assert fake.phone_numbers[vapi_id]["assistantId"] == relinked["vapi_assistant_id"] == other
        assert a.delete(f"{AGENTS}/{agent['id']}").status_code == 204
        assert fake.phone_numbers[vapi_id]["assistantId"] is None
        assert PhoneNumber.objects.get().agent_id is None


@pytest.mark.django_db
class TestSquatting:
    def test_a_number_typed_by_another_manager_routes_nothing(self, orgs, settings):
        """B cannot claim A's number: the agent's number is read-only and routing reads records."""
        fake, a, b = orgs
        settings.VAPI_WEBHOOK_SECRET = "platform-secret"
        fake.seed_number("+15125550101", key=KEY_A)
        [phone] = a.post(f"{NUMBERS}/refresh").json()["phone_numbers"]
        a_agent = synced_agent(a)
        a.patch(f"{NUMBERS}/{phone['id']}", {"agent_id": a_agent["id"]}, format="json")
        b_agent = synced_agent(b, "Squatter")
        b.patch(f"{AGENTS}/{b_agent['id']}", {"phone_number": "+15125550101"}, format="json")
        assert b.get(f"{AGENTS}/{b_agent['id']}").json()["phone_number"] is None
        # B's own organisation lists the same number: it is A's record already and stays so.
        fake.seed_number("+15125550101", key=KEY_B)
        assert b.post(f"{NUMBERS}/refresh").json()["phone_numbers"] == []
        Agent.objects.filter(pk=a_agent["id"]).update(is_active=False)
        request = {"message": {"type": "assistant-request", "phoneNumber": {"number": "+15125550101"}}}
        answer = (
            Client()
            .post("/api/vapi/webhook", request, content_type="application/json", HTTP_X_VAPI_SECRET="platform-secret")
            .json()
        )
        assert set(answer) == {"error"}


@pytest.mark.django_db
class TestPagesAndAdmin:
    def test_the_numbers_page_attaches_with_the_agent_picker(self, orgs, user):
        fake, a, _ = orgs
        vapi_id = fake.seed_number("+15125550101", key=KEY_A, name="Front desk")
        agent = synced_agent(a)
        browser = signed_in(user, Client)
        assert browser.post("/phone-numbers/refresh/").status_code == 302
        page = browser.get("/phone-numbers/").content.decode()
        assert "(512) 555-0101" in page and "Front desk" in page and agent["agent_name"] in page
        phone = PhoneNumber.objects.get()
        assert browser.post(f"/phone-numbers/{phone.pk}/attach/", {"agent_id": agent["id"]}).status_code == 302
        assert fake.phone_numbers[vapi_id]["assistantId"] == agent["vapi_assistant_id"]
        assert "+15125550101" in browser.get(f"/agents/{agent['id']}/").content.decode()

    def test_staff_assign_a_platform_number_in_the_admin(self, user):
        staff = signed_in(UserFactory(is_staff=True, is_superuser=True), Client)
        response = staff.post(
            "/admin/agents/phonenumber/add/",
            {"user": user.pk, "number": "+1 512 555 0101", "name": "Main", "vapi_organisation": "platform"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        phone = PhoneNumber.objects.get()
        assert (phone.user, phone.number) == (user, "+15125550101")

    def test_the_admin_lists_agents_whose_duplicate_number_was_not_migrated(self, user, other_user):
        AgentFactory(user=user, agent_name="Kept apart", unmigrated_phone_number="+15125550100")
        AgentFactory(user=user, agent_name="Fine")
        staff = signed_in(UserFactory(is_staff=True, is_superuser=True), Client)
        page = staff.get("/admin/agents/agent/?unmigrated_number=yes").content.decode()
        assert "Kept apart" in page and "Fine" not in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_unique_free_text_numbers_records_and_leaves_duplicates():
    executor = MigrationExecutor(connection)
    executor.migrate([("agents", "0005_one_refusal_for_links")])
    old_apps = executor.loader.project_state([("agents", "0005_one_refusal_for_links")]).apps
    OldAgent = old_apps.get_model("agents", "Agent")
    User = old_apps.get_model("accounts", "User")
    one = User.objects.create(email="one@example.com")
    two = User.objects.create(email="two@example.com")
    unique = OldAgent.objects.create(user=one, agent_name="Unique", phone_number="+15125550111")
    first = OldAgent.objects.create(user=one, agent_name="First", phone_number="+15125550199")
    second = OldAgent.objects.create(user=two, agent_name="Second", phone_number="+15125550199")
    OldAgent.objects.create(user=two, agent_name="None")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    phone = PhoneNumber.objects.get()
    assert (phone.number, phone.agent_id, phone.user_id) == ("+15125550111", unique.pk, one.pk)
    assert Agent.objects.get(pk=unique.pk).unmigrated_phone_number == ""
    leftover = {agent.pk: agent.unmigrated_phone_number for agent in Agent.objects.exclude(unmigrated_phone_number="")}
    assert leftover == {first.pk: "+15125550199", second.pk: "+15125550199"}
