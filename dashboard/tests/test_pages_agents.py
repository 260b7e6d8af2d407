"""The agent pages: the form and its errors, working hours, time zones, the booking calendar
choice, trying a tool, syncing to VAPI and the talk button."""

import re
import zoneinfo

import pytest

from agents.models import Agent
from agents.tests.factories import AgentFactory
from calendars.tests.factories import ConnectionFactory, RentalFactory

pytestmark = pytest.mark.django_db


def test_agent_form_shows_errors_beside_the_fields(web, user):
    response = web.post(
        "/agents/new/",
        {
            "agent_name": "",
            "timezone": "America/Chicago",
            "slot_minutes": 1,
            "buffer_minutes": 0,
            "min_notice_minutes": 60,
            "booking_horizon_days": 14,
            "mon_open": "on",
            "mon_start": "12:00",
            "mon_end": "09:00",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "agent_name" in form.errors
    assert Agent.objects.for_user(user).count() == 0


def test_agent_create_and_edit_through_the_form(web, user):
    data = {
        "agent_name": "Oak line",
        "is_active": "on",
        "timezone": "America/Chicago",
        "slot_minutes": 45,
        "buffer_minutes": 15,
        "min_notice_minutes": 120,
        "booking_horizon_days": 10,
        "mon_open": "on",
        "mon_start": "09:00",
        "mon_end": "12:00",
        "mon_start2": "13:00",
        "mon_end2": "17:00",
        "sat_open": "on",
        "sat_start": "10:00",
        "sat_end": "14:00",
    }
    response = web.post("/agents/new/", data)
    agent = Agent.objects.for_user(user).get()
    assert response.status_code == 302 and response["Location"] == f"/agents/{agent.pk}/"
    assert agent.working_hours["mon"] == [["09:00", "12:00"], ["13:00", "17:00"]]
    assert agent.working_hours["tue"] == [] and agent.working_hours["sat"] == [["10:00", "14:00"]]
    assert agent.slot_minutes == 45 and agent.booking_calendar is None

    overlapping = dict(data, mon_start2="11:00")
    response = web.post(f"/agents/{agent.pk}/edit/", overlapping)
    assert response.status_code == 200
    assert "overlap" in str(response.context["form"].errors["mon_start"])


def test_agent_form_offers_every_time_zone_with_the_agents_own_selected(web, user):
    agent = AgentFactory(user=user, timezone="Asia/Kathmandu")
    page = web.get(f"/agents/{agent.pk}/edit/").content.decode()
    select = page[page.index('<select name="timezone"') :]
    select = select[: select.index("</select>")]
    offered = re.findall(r'<option value="([^"]+)"', select)
    assert set(offered) == zoneinfo.available_timezones() - {"Factory", "localtime", "posixrules"}
    assert re.findall(r'<option value="([^"]+)" selected>', select) == ["Asia/Kathmandu"]
    response = web.post(f"/agents/{agent.pk}/edit/", {"agent_name": agent.agent_name, "timezone": "Mars/Olympus"})
    assert "timezone" in response.context["form"].errors
    agent.refresh_from_db()
    assert agent.timezone == "Asia/Kathmandu"


def test_agent_booking_calendar_choice_is_only_the_users_own(web, user, other_user):
    mine = ConnectionFactory(user=user, account_email="mine@example.com")
    theirs = ConnectionFactory(user=other_user, account_email="theirs@example.com")
    page = web.get("/agents/new/").content.decode()
    assert "mine@example.com" in page and "theirs@example.com" not in page
    response = web.post(
        "/agents/new/",
        {
            "agent_name": "Elm line",
            "timezone": "UTC",
            "slot_minutes": 30,
            "buffer_minutes": 0,
            "min_notice_minutes": 60,
            "booking_horizon_days": 14,
            "booking_calendar": theirs.pk,
        },
    )
    assert response.status_code == 200 and "booking_calendar" in response.context["form"].errors
    assert not Agent.objects.filter(agent_name="Elm line").exists()
    assert mine.pk


def test_try_your_agent_shows_what_the_agent_says_and_what_the_ai_receives(web, user, owned):
    RentalFactory(user=user, title="Cedar loft", price=1300, bedrooms=1, city="Austin")
    response = web.post(
        f"/agents/{owned['agent'].pk}/try/", {"tool": "search_rentals", "arg_max_price": "1400"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "What the agent says" in text and "Cedar loft" in text and "$1,300" in text
    assert "What the AI receives" in text and "rental id" in text  # the exact text, behind the disclosure

    response = web.post(f"/agents/{owned['agent'].pk}/try/", {"tool": "book_appointment"}, HTTP_HX_REQUEST="true")
    assert response.context["tool_form"].errors["arg_start"]
    assert "Pick one of the free times." in response.content.decode()


def test_sync_now_pushes_the_agent_to_vapi(web, owned, fake_vapi):
    agent = owned["agent"]
    response = web.post(f"/agents/{agent.pk}/sync/", follow=True)
    agent.refresh_from_db()
    assert agent.sync_status == "synced" and agent.vapi_assistant_id
    assert "Synced to VAPI." in response.content.decode()


def test_sync_now_without_vapi_explains_and_changes_nothing(web, owned, settings):
    settings.VAPI_API_KEY = ""
    page = web.get(f"/agents/{owned['agent'].pk}/").content.decode()
    assert "VAPI isn't connected yet" in page and "VAPI_API_KEY" not in page
    response = web.post(f"/agents/{owned['agent'].pk}/sync/", follow=True)
    assert "VAPI isn&#x27;t connected yet." in response.content.decode()


def test_talk_button_only_with_a_public_key_and_an_assistant(web, owned, settings):
    agent = owned["agent"]
    settings.VAPI_PUBLIC_KEY = ""
    assert "vapi-web.min.js" not in web.get(f"/agents/{agent.pk}/").content.decode()
    settings.VAPI_PUBLIC_KEY = "pk-public-test"
    Agent.objects.filter(pk=agent.pk).update(vapi_assistant_id="asst-123")
    page = web.get(f"/agents/{agent.pk}/").content.decode()
    assert "vapi-web.min.js" in page and 'data-assistant-id="asst-123"' in page and "Start a call" in page
