"""Who may link which VAPI assistant, with two managers and two organisations, and what an
agent leaves behind in VAPI when it lets go of its assistant (the loopback VAPI)."""

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from agents.models import NOT_AVAILABLE, Agent
from testsupport.clients import signed_in

AGENTS = "/api/agents"
OWN_KEY = "manager-a-own-key-1111"
OTHER_KEY = "manager-b-own-key-2222"
REFUSED = {"error": NOT_AVAILABLE, "code": "invalid", "fields": {"vapi_assistant_id": [NOT_AVAILABLE]}}


def create(client, **fields):
    response = client.post(AGENTS, {"agent_name": "Maple Street leasing", **fields}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def refused(response):
    assert response.status_code == 400, response.content
    return response.json()


@pytest.fixture
def manager_a(api_client):
    return api_client


@pytest.fixture
def manager_b(other_user):
    return signed_in(other_user)


@pytest.mark.django_db
class TestTakeover:
    def test_another_managers_assistant_cannot_be_linked_and_stays_untouched(self, manager_a, manager_b, fake_vapi):
        theirs = create(manager_a)
        assistant_id = theirs["vapi_assistant_id"]
        before = dict(fake_vapi.assistants[assistant_id])
        requests_before = len(fake_vapi.requests)
        answer = refused(manager_b.post(AGENTS, {"agent_name": "Squatter", "vapi_assistant_id": assistant_id}))
        mine = create(manager_b, agent_name="B's own")
        patched = manager_b.patch(f"{AGENTS}/{mine['id']}", {"vapi_assistant_id": assistant_id}, format="json")
        assert refused(patched) == answer
        assert fake_vapi.assistants[assistant_id] == before
        # Manager B's requests never touched A's assistant.
        touched = [r for r in fake_vapi.requests[requests_before:] if r.path == f"/assistant/{assistant_id}"]
        assert all(request.method == "GET" for request in touched)
        assert Agent.objects.filter(vapi_assistant_id=assistant_id).count() == 1

    def test_every_refusal_is_the_same_answer(self, manager_a, manager_b, fake_vapi, user, other_user):
        a_agent = create(manager_a)
        untagged = fake_vapi.seed(name="Made in the dashboard")
        b_tagged = fake_vapi.seed(metadata={"leaselineUserId": other_user.pk})
        odd_tag = fake_vapi.seed(metadata={"leaselineUserId": "someone"})
        answers = [
            refused(manager_a.post(AGENTS, {"agent_name": "A", "vapi_assistant_id": assistant_id}, format="json"))
            for assistant_id in (
                "0f0e0d0c-missing",  # no such assistant
                untagged,  # the platform's, untagged: staff only
                b_tagged,  # made for another manager
                odd_tag,
                a_agent["vapi_assistant_id"],  # linked to another agent already (A's own)
            )
        ]
        assert answers == [REFUSED] * len(answers)
        assert Agent.objects.filter(user=user).count() == 1

    def test_a_refused_link_says_nothing_about_existence_on_the_page(self, user, fake_vapi, other_user):
        b_assistant = fake_vapi.seed(metadata={"leaselineUserId": other_user.pk})
        browser = signed_in(user, Client)
        form = {"agent_name": "A", "timezone": "UTC", "slot_minutes": 30, "buffer_minutes": 0}
        form |= {"min_notice_minutes": 60, "booking_horizon_days": 14, "vapi_assistant_id": b_assistant}
        page = browser.post("/agents/new/", form)
        assert page.status_code == 200
        assert NOT_AVAILABLE in page.content.decode()
        assert not Agent.objects.exists()


@pytest.mark.django_db
class TestWhatMayBeLinked:
    def test_platform_mode_an_assistant_leaseline_made_for_the_same_manager(self, manager_a, fake_vapi, user):
        tagged = fake_vapi.seed(metadata={"leaselineUserId": user.pk}, name="Mine from before")
        body = create(manager_a, vapi_assistant_id=tagged)
        assert body["sync_status"] == "synced" and body["vapi_assistant_id"] == tagged
        assert fake_vapi.assistants[tagged]["metadata"]["leaselineUserId"] == user.pk

    def test_platform_mode_staff_may_link_an_untagged_assistant(self, fake_vapi):
        staff = UserFactory(is_staff=True)
        untagged = fake_vapi.seed(name="Made in the dashboard")
        body = create(signed_in(staff), vapi_assistant_id=untagged)
        assert body["sync_status"] == "synced"
        assert fake_vapi.assistants[untagged]["metadata"]["leaselineUserId"] == staff.pk

    def test_staff_may_not_link_another_managers_assistant(self, manager_a, fake_vapi):
        theirs = create(manager_a)["vapi_assistant_id"]
        staff = signed_in(UserFactory(is_staff=True))
        assert refused(staff.post(AGENTS, {"agent_name": "S", "vapi_assistant_id": theirs}, format="json")) == REFUSED

    def test_own_mode_any_assistant_of_the_own_organisation(self, manager_a, manager_b, fake_vapi, user):
        fake_vapi.add_org(OWN_KEY, "org-a")
        fake_vapi.add_org(OTHER_KEY, "org-b")
        manager_a.put("/api/vapi/account", {"api_key": OWN_KEY}, format="json")
        manager_b.put("/api/vapi/account", {"api_key": OTHER_KEY}, format="json")
        in_a = fake_vapi.seed(key=OWN_KEY, name="A's dashboard assistant")
        in_b = fake_vapi.seed(key=OTHER_KEY, name="B's dashboard assistant")
        in_platform = fake_vapi.seed(metadata={"leaselineUserId": user.pk})
        body = create(manager_a, vapi_assistant_id=in_a)
        assert body["sync_status"] == "synced"
        for assistant_id in (in_b, in_platform):
            answer = manager_a.post(AGENTS, {"agent_name": "X", "vapi_assistant_id": assistant_id}, format="json")
            assert refused(answer) == REFUSED
        answer = manager_b.post(AGENTS, {"agent_name": "B", "vapi_assistant_id": in_a}, format="json")
        assert refused(answer) == REFUSED
        assert fake_vapi.assistants[in_b]["name"] == "B's dashboard assistant"

    def test_without_vapi_no_assistant_can_be_linked(self, manager_a, settings):
        settings.VAPI_API_KEY = ""
        answer = manager_a.post(AGENTS, {"agent_name": "A", "vapi_assistant_id": "asst-123"}, format="json")
        assert refused(answer) == REFUSED

    def test_vapi_unreachable_changes_nothing(self, manager_a, fake_vapi, user, settings):
        tagged = fake_vapi.seed(metadata={"leaselineUserId": user.pk})
        settings.VAPI_API_URL = "http://127.0.0.1:9"
        answer = manager_a.post(AGENTS, {"agent_name": "A", "vapi_assistant_id": tagged}, format="json")
        assert answer.status_code == 502 and answer.json()["code"] == "vapi_unavailable"
        assert not Agent.objects.exists()

    def test_assistants_leaseline_creates_are_tagged(self, manager_a, fake_vapi, user):
        body = create(manager_a)
        metadata = fake_vapi.assistants[body["vapi_assistant_id"]]["metadata"]
        assert metadata == {"leaselineUserId": user.pk, "leaseline_agent_id": body["id"], "leaseline_user_id": user.pk}


def leaseline_tools(assistant):
    return [tool["function"]["name"] for tool in (assistant.get("model") or {}).get("tools", [])]


@pytest.mark.django_db
class TestLettingGo:
    def test_relinking_deletes_the_assistant_leaseline_made(self, manager_a, fake_vapi, user):
        body = create(manager_a)
        made = body["vapi_assistant_id"]
        tagged = fake_vapi.seed(metadata={"leaselineUserId": user.pk})
        relinked = manager_a.patch(f"{AGENTS}/{body['id']}", {"vapi_assistant_id": tagged}, format="json")
        assert relinked.status_code == 200 and relinked.json()["sync_status"] == "synced"
        assert made not in fake_vapi.assistants
        assert fake_vapi.assistants[tagged]["server"]["headers"] == {"X-Vapi-Secret": body["webhook_secret"]}

    def test_relinking_strips_leaseline_from_a_linked_assistant(self, manager_a, fake_vapi, user):
        own_tool = {"type": "function", "function": {"name": "transfer_to_office", "parameters": {"type": "object"}}}
        first = fake_vapi.seed(
            metadata={"leaselineUserId": user.pk},
            model={"provider": "openai", "model": "gpt-4o", "tools": [own_tool]},
        )
        body = create(manager_a, vapi_assistant_id=first)
        assert "search_rentals" in leaseline_tools(fake_vapi.assistants[first])
        second = fake_vapi.seed(metadata={"leaselineUserId": user.pk})
        manager_a.patch(f"{AGENTS}/{body['id']}", {"vapi_assistant_id": second}, format="json")
        kept = fake_vapi.assistants[first]
        assert kept.get("server") is None
        assert leaseline_tools(kept) == []
        assert not Agent.objects.filter(vapi_assistant_id=first).exists()

    def test_clearing_the_link_deletes_the_assistant_leaseline_made(self, manager_a, fake_vapi):
        body = create(manager_a)
        cleared = manager_a.patch(f"{AGENTS}/{body['id']}", {"vapi_assistant_id": ""}, format="json").json()
        assert body["vapi_assistant_id"] not in fake_vapi.assistants
        # The sync that follows makes a fresh one for the agent.
        assert cleared["vapi_assistant_id"] in fake_vapi.assistants

    def test_deleting_an_agent_strips_its_linked_assistant_and_keeps_it(self, manager_a, fake_vapi, user):
        linked = fake_vapi.seed(metadata={"leaselineUserId": user.pk}, name="Kept")
        body = create(manager_a, vapi_assistant_id=linked)
        assert manager_a.delete(f"{AGENTS}/{body['id']}").status_code == 204
        assert fake_vapi.assistants[linked].get("server") is None
        assert leaseline_tools(fake_vapi.assistants[linked]) == []
        assert fake_vapi.sent("DELETE") == []

    def test_a_relink_while_vapi_is_down_changes_nothing(self, manager_a, fake_vapi, user):
        body = create(manager_a)
        tagged = fake_vapi.seed(metadata={"leaselineUserId": user.pk})
        fake_vapi.fail_next(503, times=3, method="DELETE")
        answer = manager_a.patch(f"{AGENTS}/{body['id']}", {"vapi_assistant_id": tagged}, format="json")
        assert answer.status_code == 502
        assert Agent.objects.get(pk=body["id"]).vapi_assistant_id == body["vapi_assistant_id"]
        assert body["vapi_assistant_id"] in fake_vapi.assistants

    def test_the_admin_cannot_write_an_assistant_id(self, fake_vapi):
        staff = signed_in(UserFactory(is_staff=True, is_superuser=True), Client)
        agent = Agent.objects.create(user=UserFactory(), agent_name="A")
        page = staff.get(f"/admin/agents/agent/{agent.pk}/change/").content.decode()
        assert 'name="vapi_assistant_id"' not in page
