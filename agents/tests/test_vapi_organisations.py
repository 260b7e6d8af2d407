"""The VAPI client with a key per client, against the loopback VAPI's organisations.

Each private key reaches one organisation: the platform's (VAPI_API_KEY, the default) or a
manager's own. Another organisation's assistants and numbers are 404 and never listed.
"""

import pytest

from agents.clients.vapi import VapiClient, VapiNotConfigured, VapiNotFound, VapiPermanentError
from testsupport.fakes.vapi import API_KEY

OWN_KEY = "own-org-private-key"
OTHER_KEY = "other-org-private-key"


@pytest.fixture
def orgs(fake_vapi):
    fake_vapi.add_org(OWN_KEY, "org-own")
    fake_vapi.add_org(OTHER_KEY, "org-other")
    return fake_vapi


def test_the_platform_key_is_the_default_and_a_given_key_is_used_instead(orgs):
    VapiClient().assistant_list()
    VapiClient(api_key=OWN_KEY).assistant_list()
    first, second = orgs.sent("GET")
    assert first.headers["Authorization"] == f"Bearer {API_KEY}"
    assert second.headers["Authorization"] == f"Bearer {OWN_KEY}"


def test_no_key_at_all_is_not_configured(settings):
    settings.VAPI_API_KEY = ""
    with pytest.raises(VapiNotConfigured):
        VapiClient()


def test_an_unknown_key_is_refused_with_401(orgs):
    with pytest.raises(VapiPermanentError) as refused:
        VapiClient(api_key="nobody-knows-this-key").assistant_list(limit=1)
    assert refused.value.status_code == 401
    assert "nobody-knows-this-key" not in str(refused.value)


def test_each_organisation_lists_and_reaches_only_its_own_assistants(orgs):
    platform = orgs.seed(name="Platform's")
    own = orgs.seed(key=OWN_KEY, name="Own")
    client = VapiClient(api_key=OWN_KEY)
    assert [assistant["id"] for assistant in client.assistant_list()] == [own]
    assert [assistant["id"] for assistant in VapiClient().assistant_list()] == [platform]
    assert client.assistant_get(own)["name"] == "Own"
    for call in (
        lambda: client.assistant_get(platform),
        lambda: client.assistant_update(platform, {"name": "Taken"}),
        lambda: client.assistant_delete(platform),
    ):
        with pytest.raises(VapiNotFound):
            call()
    assert orgs.assistants[platform]["name"] == "Platform's"


def test_an_assistant_is_made_in_the_organisation_of_the_key_that_made_it(orgs):
    created = VapiClient(api_key=OWN_KEY).assistant_create({"name": "Made with my key"})
    assert orgs.assistants[created["id"]]["orgId"] == "org-own"
    with pytest.raises(VapiNotFound):
        VapiClient(api_key=OTHER_KEY).assistant_get(created["id"])


def test_phone_numbers_are_per_organisation(orgs):
    mine = orgs.seed_number("+15125550101", key=OWN_KEY, name="Front desk")
    theirs = orgs.seed_number("+15125550202", key=OTHER_KEY)
    client = VapiClient(api_key=OWN_KEY)
    assert [(number["id"], number["number"]) for number in client.phone_number_list()] == [(mine, "+15125550101")]
    assert client.phone_number_get(mine)["name"] == "Front desk"
    with pytest.raises(VapiNotFound):
        client.phone_number_get(theirs)
    with pytest.raises(VapiNotFound):
        client.phone_number_update(theirs, {"assistantId": None})


def test_a_number_is_routed_to_an_assistant_of_its_own_organisation_only(orgs):
    mine = orgs.seed_number("+15125550101", key=OWN_KEY)
    own_assistant = orgs.seed(key=OWN_KEY)
    platform_assistant = orgs.seed()
    client = VapiClient(api_key=OWN_KEY)
    updated = client.phone_number_update(mine, {"assistantId": own_assistant, "name": "Leasing"})
    assert (updated["assistantId"], updated["name"]) == (own_assistant, "Leasing")
    with pytest.raises(VapiPermanentError) as refused:
        client.phone_number_update(mine, {"assistantId": platform_assistant})
    assert refused.value.status_code == 400
    assert orgs.phone_numbers[mine]["assistantId"] == own_assistant


@pytest.mark.parametrize("raw", [b'{"not": "a list"}', b"<html>oops</html>"])
def test_a_list_that_is_not_a_list_is_a_permanent_error(orgs, raw):
    orgs.fail_next(200, raw=raw)
    with pytest.raises(VapiPermanentError):
        VapiClient().phone_number_list()
