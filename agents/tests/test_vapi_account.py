"""A manager's own VAPI account: checked with VAPI before it is kept, encrypted, never shown,
and the organisation every VAPI call about their agents then goes to (the loopback VAPI)."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.test import Client

from accounts.tests.factories import UserFactory
from agents.models import Agent, VapiAccount
from core.crypto import decrypt_tokens
from testsupport.clients import signed_in
from testsupport.fakes.vapi import API_KEY

ACCOUNT = "/api/vapi/account"
AGENTS = "/api/agents"
OWN_KEY = "own-org-key-a1b2c3d4"


@pytest.fixture
def own_org(fake_vapi):
    fake_vapi.add_org(OWN_KEY, "org-own")
    return fake_vapi


def connect(client, key=OWN_KEY):
    return client.put(ACCOUNT, {"api_key": key}, format="json")


def create(client, **fields):
    response = client.post(AGENTS, {"agent_name": "Maple Street leasing", **fields}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.django_db
class TestAccountApi:
    def test_platform_mode_without_an_account_and_none_without_any_key(self, api_client, settings):
        settings.VAPI_API_KEY = "platform"
        assert api_client.get(ACCOUNT).json() == {"mode": "platform", "key_last4": None, "connected_at": None}
        settings.VAPI_API_KEY = ""
        assert api_client.get(ACCOUNT).json()["mode"] == "none"

    def test_a_key_vapi_accepts_is_kept_encrypted_and_never_shown(self, api_client, own_org, user):
        response = connect(api_client)
        assert response.status_code == 200, response.content
        body = response.json()
        assert (body["mode"], body["key_last4"]) == ("own", "c3d4") and body["connected_at"]
        assert OWN_KEY not in response.content.decode()
        assert OWN_KEY not in api_client.get(ACCOUNT).content.decode()
        account = VapiAccount.objects.get(user=user)
        assert OWN_KEY not in account.key_ciphertext
        assert decrypt_tokens(account.key_ciphertext) == {"api_key": OWN_KEY}
        [check] = own_org.sent("GET")
        assert check.headers["Authorization"] == f"Bearer {OWN_KEY}" and check.path == "/assistant"

    def test_a_key_vapi_refuses_is_400_and_nothing_is_saved(self, api_client, own_org):
        response = connect(api_client, "not-a-vapi-key")
        assert response.status_code == 400
        assert response.json()["error"] == "VAPI refused this key."
        assert "not-a-vapi-key" not in response.content.decode()
        assert not VapiAccount.objects.exists()

    def test_vapi_unreachable_is_503_and_nothing_is_saved(self, api_client, own_org, settings):
        settings.VAPI_API_URL = "http://127.0.0.1:9"
        response = connect(api_client)
        assert response.status_code == 503 and response.json()["code"] == "vapi_unavailable"
        assert not VapiAccount.objects.exists()

    @pytest.mark.parametrize("body", [{}, {"api_key": ""}, {"api_key": "x" * 201}, {"api_key": "two words"}, []])
    def test_a_missing_or_malformed_key_is_400(self, api_client, own_org, body):
        response = api_client.put(ACCOUNT, body, format="json")
        assert response.status_code == 400
        assert not VapiAccount.objects.exists()

    def test_another_managers_account_is_theirs_alone(self, api_client, own_org, other_user, settings):
        assert connect(api_client).status_code == 200
        rival = signed_in(other_user)
        assert rival.get(ACCOUNT).json() == {"mode": "platform", "key_last4": None, "connected_at": None}
        assert rival.delete(ACCOUNT).status_code == 204
        assert api_client.get(ACCOUNT).json()["mode"] == "own"


@pytest.mark.django_db
class TestAgentsInTheOwnOrganisation:
    def test_sync_and_delete_use_the_managers_own_key(self, api_client, own_org):
        connect(api_client)
        body = create(api_client)
        assert body["sync_status"] == "synced"
        assistant = own_org.assistants[body["vapi_assistant_id"]]
        assert assistant["orgId"] == "org-own"
        assert {request.headers["Authorization"] for request in own_org.requests} == {f"Bearer {OWN_KEY}"}
        assert api_client.delete(f"{AGENTS}/{body['id']}").status_code == 204
        assert own_org.assistants == {}

    def test_own_mode_works_without_a_platform_key(self, api_client, own_org, settings):
        connect(api_client)
        settings.VAPI_API_KEY = ""
        body = create(api_client)
        assert body["sync_status"] == "synced"
        assert api_client.post(f"{AGENTS}/{body['id']}/sync").status_code == 200

    def test_disconnecting_marks_own_organisation_agents_until_they_sync_again(self, api_client, own_org, user):
        platform_agent = create(api_client, agent_name="Made before")
        connect(api_client)
        own_agent = create(api_client, agent_name="Made after")
        assert api_client.delete(ACCOUNT).status_code == 204
        assert api_client.get(ACCOUNT).json()["mode"] == "platform"
        assert not VapiAccount.objects.exists()
        shown = api_client.get(f"{AGENTS}/{own_agent['id']}").json()
        assert shown["sync_status"] == "error" and "disconnected" in shown["sync_error"]
        synced = api_client.post(f"{AGENTS}/{own_agent['id']}/sync").json()
        assert synced["sync_status"] == "synced"
        assert own_org.assistants[synced["vapi_assistant_id"]]["orgId"] == "org-test"
        assert Agent.objects.get(pk=own_agent["id"]).vapi_organisation == "platform"
        # Connecting had already asked the earlier agent to sync into the own organisation.
        assert api_client.get(f"{AGENTS}/{platform_agent['id']}").json()["sync_status"] == "error"

    def test_connecting_moves_leaselines_assistants_on_the_next_sync(self, api_client, own_org):
        body = create(api_client)
        old = body["vapi_assistant_id"]
        connect(api_client)
        assert api_client.get(f"{AGENTS}/{body['id']}").json()["sync_status"] == "error"
        synced = api_client.post(f"{AGENTS}/{body['id']}/sync").json()
        assert synced["sync_status"] == "synced" and synced["vapi_assistant_id"] != old
        assert old not in own_org.assistants  # nothing of LeaseLine's left in the platform organisation
        assert own_org.assistants[synced["vapi_assistant_id"]]["orgId"] == "org-own"

    def test_a_linked_assistant_cannot_follow_to_another_organisation(self, api_client, own_org, user):
        platform_assistant = own_org.seed(name="Dashboard's", metadata={"leaselineUserId": user.pk})
        body = create(api_client, vapi_assistant_id=platform_assistant)
        connect(api_client)
        synced = api_client.post(f"{AGENTS}/{body['id']}/sync").json()
        assert synced["sync_status"] == "error" and "other VAPI organisation" in synced["sync_error"]
        assert platform_assistant in own_org.assistants


@pytest.mark.django_db
class TestPages:
    def test_the_account_page_connects_and_disconnects_vapi(self, own_org, user):
        browser = signed_in(user, Client)
        page = browser.get("/account/")
        assert "Connect VAPI" in page.content.decode()
        refused = browser.post("/account/vapi/", {"api_key": "wrong-key"})
        assert refused.status_code == 200 and "VAPI refused this key." in refused.content.decode()
        assert not VapiAccount.objects.exists()
        assert browser.post("/account/vapi/", {"api_key": OWN_KEY}).status_code == 302
        page = browser.get("/account/").content.decode()
        assert "…c3d4" in page and OWN_KEY not in page and "Disconnect VAPI" in page
        assert browser.post("/account/vapi/disconnect/").status_code == 302
        assert not VapiAccount.objects.exists()

    def test_the_page_says_when_vapi_cannot_be_reached(self, own_org, user, settings):
        settings.VAPI_API_URL = "http://127.0.0.1:9"
        page = signed_in(user, Client).post("/account/vapi/", {"api_key": OWN_KEY})
        assert page.status_code == 200 and "could not be reached" in page.content.decode()
        assert not VapiAccount.objects.exists()


@pytest.mark.django_db
def test_rotation_re_encrypts_vapi_keys_too(api_client, own_org, settings):
    connect(api_client)
    new_key = Fernet.generate_key().decode()
    settings.TOKEN_ENCRYPTION_KEYS = [new_key, *settings.TOKEN_ENCRYPTION_KEYS]
    call_command("rotate_calendar_tokens")
    settings.TOKEN_ENCRYPTION_KEYS = [new_key]
    assert decrypt_tokens(VapiAccount.objects.get().key_ciphertext) == {"api_key": OWN_KEY}


@pytest.mark.django_db
def test_two_managers_two_organisations(own_org):
    other_key = "second-org-key-9999"
    own_org.add_org(other_key, "org-second")
    first, second = UserFactory(), UserFactory()
    first_client, second_client = signed_in(first), signed_in(second)
    connect(first_client)
    connect(second_client, other_key)
    mine = create(first_client)
    theirs = create(second_client)
    assert own_org.assistants[mine["vapi_assistant_id"]]["orgId"] == "org-own"
    assert own_org.assistants[theirs["vapi_assistant_id"]]["orgId"] == "org-second"
    assert API_KEY not in {request.headers["Authorization"].split()[-1] for request in own_org.requests}
