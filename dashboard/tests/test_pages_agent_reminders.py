"""The agent form's "Reminders to the renter": the ticks show what the agent has, saving
changes it (the API reads back the same), the model's rule refuses too many or out-of-range
values in words with nothing changed, a value set through the API stays, and the agent page
says the reminders in words."""

import re

import pytest

from agents.models import Agent
from agents.tests.factories import AgentFactory

pytestmark = pytest.mark.django_db

COMMON = ["10080", "2880", "1440", "180", "120", "60", "30", "15"]


def form_data(agent, reminders):
    """What the edit page posts for `agent` with the `reminders` ticked."""
    return {
        "agent_name": agent.agent_name,
        "is_active": "on",
        "timezone": agent.timezone,
        "slot_minutes": agent.slot_minutes,
        "buffer_minutes": agent.buffer_minutes,
        "min_notice_minutes": agent.min_notice_minutes,
        "booking_horizon_days": agent.booking_horizon_days,
        "mon_open": "on",
        "mon_start": "09:00",
        "mon_end": "17:00",
        "reminder_minutes": [str(value) for value in reminders],
    }


def boxes(page):
    """The reminder ticks on the page: [(value, ticked, label)] in the page's order."""
    found = re.findall(r'<label for="id_reminder_minutes_\d+">(<input [^>]*>) ([^<]+)</label>', page)
    return [(re.search(r'value="(\d+)"', tag).group(1), " checked" in tag, label) for tag, label in found]


def ticked(page):
    return [value for value, checked, _label in boxes(page) if checked]


def summary_of(page):
    box = re.search(r'<div class="alert alert-bad form-errors"[^>]*>(.*?)</div>', page, re.S)
    assert box, "no error summary on the page"
    return [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", box.group(1))]


def reminders_fact(page):
    return re.search(r'<dt>Reminders</dt><dd id="reminders">([^<]*)</dd>', page).group(1)


def test_the_form_offers_the_common_reminders_in_words_with_the_agents_own_ticked(web, user):
    agent = AgentFactory(user=user)
    assert agent.reminder_minutes == [1440, 120]
    page = web.get(f"/agents/{agent.pk}/edit/").content.decode()
    assert "Reminders to the renter" in page
    assert [value for value, _checked, _label in boxes(page)] == COMMON
    assert [label for _value, _checked, label in boxes(page)] == [
        "1 week before",
        "2 days before",
        "1 day before",
        "3 hours before",
        "2 hours before",
        "1 hour before",
        "30 minutes before",
        "15 minutes before",
    ]
    assert ticked(page) == ["1440", "120"]


def test_a_new_agent_starts_with_the_default_reminders_ticked(web):
    page = web.get("/agents/new/").content.decode()
    assert ticked(page) == ["1440", "120"]


def test_saving_changes_the_reminders_and_the_api_reads_back_the_same(web, api_client, user):
    agent = AgentFactory(user=user)
    response = web.post(f"/agents/{agent.pk}/edit/", form_data(agent, [15, 10080, 60]))
    assert response.status_code == 302 and response["Location"] == f"/agents/{agent.pk}/"
    agent.refresh_from_db()
    assert agent.reminder_minutes == [10080, 60, 15]
    assert api_client.get(f"/api/agents/{agent.pk}").json()["reminder_minutes"] == [10080, 60, 15]
    assert ticked(web.get(f"/agents/{agent.pk}/edit/").content.decode()) == ["10080", "60", "15"]
    assert reminders_fact(web.get(f"/agents/{agent.pk}/").content.decode()) == "1 week, 1 hour and 15 minutes before"


def test_none_ticked_means_no_reminders(web, api_client, user):
    agent = AgentFactory(user=user)
    response = web.post(f"/agents/{agent.pk}/edit/", form_data(agent, []))
    assert response.status_code == 302
    assert api_client.get(f"/api/agents/{agent.pk}").json()["reminder_minutes"] == []
    assert ticked(web.get(f"/agents/{agent.pk}/edit/").content.decode()) == []
    assert reminders_fact(web.get(f"/agents/{agent.pk}/").content.decode()) == "none"


def test_more_than_five_is_refused_in_words_and_nothing_changes(web, user):
    agent = AgentFactory(user=user, agent_name="Maple line")
    before = Agent.objects.get(pk=agent.pk)
    data = form_data(agent, [10080, 2880, 1440, 180, 120, 60])
    data["agent_name"] = "Renamed"
    response = web.post(f"/agents/{agent.pk}/edit/", data)
    assert response.status_code == 200
    page = response.content.decode()
    message = "An agent sends at most 5 reminders; choose fewer."
    assert summary_of(page) == [message]
    assert f'<p class="error" id="id_reminder_minutes_error">{message}</p>' in page
    assert '<a href="#reminders">' in page
    assert ticked(page) == ["10080", "2880", "1440", "180", "120", "60"]  # what was sent, to untick some
    agent.refresh_from_db()
    assert agent.reminder_minutes == [1440, 120] and agent.agent_name == "Maple line"
    assert agent.updated_at == before.updated_at


@pytest.mark.parametrize("value", ["3", "10081", "-5", "soon", "1.5"])
def test_a_value_out_of_range_is_refused_by_the_models_rule(web, user, value):
    agent = AgentFactory(user=user)
    response = web.post(f"/agents/{agent.pk}/edit/", form_data(agent, [1440, value]))
    assert response.status_code == 200
    assert summary_of(response.content.decode()) == [
        "Each reminder is from 5 minutes to 1 week before the viewing (a whole number of minutes from 5 to 10080)."
    ]
    agent.refresh_from_db()
    assert agent.reminder_minutes == [1440, 120]


def test_a_value_set_through_the_api_is_shown_in_words_and_kept(web, api_client, user):
    agent = AgentFactory(user=user)
    patched = api_client.patch(f"/api/agents/{agent.pk}", {"reminder_minutes": [45, 1440, 90]}, format="json")
    assert patched.status_code == 200 and patched.json()["reminder_minutes"] == [1440, 90, 45]
    page = web.get(f"/agents/{agent.pk}/edit/").content.decode()
    assert ("90", True, "1 hour 30 minutes before") in boxes(page)
    assert ("45", True, "45 minutes before") in boxes(page)
    assert [value for value, _c, _l in boxes(page)] == [
        "10080",
        "2880",
        "1440",
        "180",
        "120",
        "90",
        "60",
        "45",
        "30",
        "15",
    ]
    assert ticked(page) == ["1440", "90", "45"]
    assert reminders_fact(web.get(f"/agents/{agent.pk}/").content.decode()) == (
        "1 day, 1 hour 30 minutes and 45 minutes before"
    )

    # Saved as shown (another field changed): the odd values stay.
    data = dict(form_data(agent, ticked(page)), agent_name="Cedar line")
    assert web.post(f"/agents/{agent.pk}/edit/", data).status_code == 302
    assert api_client.get(f"/api/agents/{agent.pk}").json()["reminder_minutes"] == [1440, 90, 45]

    # Unticked, one goes; the other is still offered and ticked.
    assert web.post(f"/agents/{agent.pk}/edit/", form_data(agent, [1440, 45])).status_code == 302
    agent.refresh_from_db()
    assert agent.reminder_minutes == [1440, 45]
    page = web.get(f"/agents/{agent.pk}/edit/").content.decode()
    assert "90" not in [value for value, _c, _l in boxes(page)]
    assert ticked(page) == ["1440", "45"]


def test_another_managers_agent_form_is_not_found(web, other_user):
    theirs = AgentFactory(user=other_user)
    assert web.get(f"/agents/{theirs.pk}/edit/").status_code == 404
    assert web.post(f"/agents/{theirs.pk}/edit/", form_data(theirs, [60])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.reminder_minutes == [1440, 120]


@pytest.mark.parametrize("value", ["²", "١٢٠"])
def test_a_digit_of_another_script_is_refused_by_the_models_rule(web, user, value):
    agent = AgentFactory(user=user)
    response = web.post(f"/agents/{agent.pk}/edit/", form_data(agent, [1440, value]))
    assert response.status_code == 200
    assert summary_of(response.content.decode()) == [
        "Each reminder is from 5 minutes to 1 week before the viewing (a whole number of minutes from 5 to 10080)."
    ]
    agent.refresh_from_db()
    assert agent.reminder_minutes == [1440, 120]
