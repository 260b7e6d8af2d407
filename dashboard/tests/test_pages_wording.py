"""Pages say what a setting means and what to do, never its name; only staff see the name.

The agents, phone-number and calendar pages without VAPI or a calendar provider set up, the
agent form's voice and assistant fields, and the source form's selector and strategy words.
"""

import html
import re

import pytest
from django.test import Client

from testsupport.clients import signed_in

pytestmark = pytest.mark.django_db

NOT_CONNECTED = "VAPI isn't connected yet: connect your own VAPI account on the"
PLATFORM_KEY = "or ask whoever runs LeaseLine to set up the platform's VAPI key."
SETTING_NAMES = ("VAPI_API_KEY", "VAPI_PUBLIC_KEY", "MICROSOFT_CLIENT_ID", "GOOGLE_CLIENT_SECRET")


def text_of(response):
    """The page's words, as a reader sees them: no tags, one space between words."""
    assert response.status_code == 200
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def labels_of(response):
    assert response.status_code == 200
    return [
        html.unescape(label).strip()
        for label in re.findall(r"<label for=\"[^\"]*\">([^<]*)", response.content.decode())
    ]


@pytest.fixture
def no_services(settings):
    settings.VAPI_API_KEY = settings.VAPI_PUBLIC_KEY = ""
    settings.MICROSOFT_CLIENT_ID = settings.GOOGLE_CLIENT_ID = ""


@pytest.fixture
def staff_web(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return signed_in(user, Client)


def manager_pages(agent):
    return [("/agents/", True), (f"/agents/{agent.pk}/", True), ("/phone-numbers/", True), ("/calendar/", False)]


def test_a_manager_reads_what_to_do_and_no_setting_name(web, owned, no_services):
    for path, about_vapi in manager_pages(owned["agent"]):
        page = text_of(web.get(path))
        for name in SETTING_NAMES:
            assert name not in page, f"{path} names {name}"
        assert "is not configured on this server" not in page and "an administrator sets" not in page
        if about_vapi:
            assert NOT_CONNECTED in page and PLATFORM_KEY in page, path
    detail = text_of(web.get(f"/agents/{owned['agent'].pk}/"))
    assert "Calls from this browser aren't set up yet: ask whoever runs LeaseLine to add VAPI's public key" in detail
    calendar = text_of(web.get("/calendar/"))
    assert "Microsoft 365 isn't set up on this server yet: ask whoever runs LeaseLine to connect it." in calendar
    assert "Google Calendar isn't set up on this server yet" in calendar


def test_staff_also_see_the_setting_names_in_small_print(staff_web, owned, no_services):
    agent = owned["agent"]
    assert "For staff: the platform key is the VAPI_API_KEY setting." in text_of(staff_web.get("/agents/"))
    detail = text_of(staff_web.get(f"/agents/{agent.pk}/"))
    assert "VAPI_API_KEY" in detail and "For staff: the public key is the VAPI_PUBLIC_KEY setting." in detail
    assert "VAPI_API_KEY" in text_of(staff_web.get("/phone-numbers/"))
    calendar = text_of(staff_web.get("/calendar/"))
    assert "For staff: set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET." in calendar
    assert "GOOGLE_CLIENT_SECRET" in calendar


def test_sync_without_vapi_says_what_to_do_in_words(web, owned, no_services):
    page = text_of(web.post(f"/agents/{owned['agent'].pk}/sync/", follow=True))
    assert "VAPI isn't connected yet. Connect your own VAPI account on the Account page" in page
    assert "VAPI_API_KEY" not in page and "is not set" not in page


def test_the_agent_form_names_the_voice_and_the_assistant_in_words(web, owned):
    for path in ("/agents/new/", f"/agents/{owned['agent'].pk}/edit/"):
        page = text_of(web.get(path))
        assert "Voice (ID from your voice provider)" in page
        assert "Link an assistant you already have in VAPI (its ID)" in page
        assert "Find it in the VAPI dashboard under Assistants: open the assistant and copy its ID." in page
        assert "Voice id" not in labels_of(web.get(path)) and "Existing VAPI assistant id" not in page


def test_the_source_form_names_selectors_and_strategies_in_words(web, owned):
    for path in ("/sources/new/", f"/sources/{owned['source'].pk}/edit/"):
        response = web.get(path)
        page, labels = text_of(response), labels_of(response)
        assert {"Web address", "Listing's own ID", "How to read the listings"} <= set(labels)
        assert "Structured data on the page (schema.org) only" in page
        assert "Selectors you write below (advanced)" in page
        assert not {"Url", "External id", "Strategy"} & set(labels), f"{path} labels: {labels}"
        assert "JSON-LD" not in page


def test_the_source_page_says_how_it_reads_listings(web, owned):
    source = owned["source"]
    source.scraping_config = {"strategy": "jsonld"}
    source.save(update_fields=["scraping_config"])
    page = text_of(web.get(f"/sources/{source.pk}/"))
    assert "Reads listings" in page and "From structured data on the page (schema.org) only" in page
    assert "JSON-LD" not in page and "Strategy" not in page
