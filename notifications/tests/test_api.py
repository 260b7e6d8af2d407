"""GET /api/notifications: the manager's own messages only, filtered by appointment or lead."""

import pytest

from agents.tests.factories import AgentFactory

from .flows import book, day_at, notifications


@pytest.fixture
def two_managers(api_client, other_client, agent, other_user, smtp_server, django_capture_on_commit_callbacks):
    rival_agent = AgentFactory(user=other_user)
    with django_capture_on_commit_callbacks(execute=True):
        mine = book(api_client, agent, day_at(10))
        also_mine = book(api_client, agent, day_at(11), attendee_phone="+15125550124", attendee_email="b@example.com")
        theirs = book(other_client, rival_agent, day_at(10), attendee_email="r@example.com")
    return mine, also_mine, theirs


@pytest.mark.django_db
def test_the_list_shows_only_the_managers_own_messages(api_client, other_client, two_managers):
    mine, also_mine, theirs = two_managers
    listed = api_client.get("/api/notifications").json()
    assert set(listed) == {"notifications", "count", "next", "previous"}
    assert {n["appointment_id"] for n in listed["notifications"]} == {mine["id"], also_mine["id"]}
    assert {n["appointment_id"] for n in notifications(other_client)} == {theirs["id"]}
    first = listed["notifications"][0]
    assert set(first) == {
        "id",
        "appointment_id",
        "lead_id",
        "channel",
        "kind",
        "to",
        "status",
        "error",
        "due_at",
        "sent_at",
    }


@pytest.mark.django_db
def test_filters_by_appointment_and_lead_and_another_managers_ids_find_nothing(api_client, other_client, two_managers):
    mine, also_mine, theirs = two_managers
    assert {n["appointment_id"] for n in notifications(api_client, appointment_id=mine["id"])} == {mine["id"]}
    assert {n["lead_id"] for n in notifications(api_client, lead_id=also_mine["lead_id"])} == {also_mine["lead_id"]}
    assert notifications(other_client, appointment_id=mine["id"]) == []
    assert notifications(other_client, lead_id=mine["lead_id"]) == []
    assert api_client.get("/api/notifications", {"appointment_id": "one"}).status_code == 400


@pytest.mark.django_db
def test_messages_are_read_only_and_need_a_sign_in(api_client, other_client, anon_client, two_managers):
    mine = notifications(api_client)[0]
    assert anon_client.get("/api/notifications").status_code == 401
    assert other_client.get(f"/api/notifications/{mine['id']}").status_code == 404
    created = api_client.post(
        "/api/notifications", {"appointment_id": two_managers[2]["id"], "channel": "email"}, format="json"
    )
    assert created.status_code == 405
    assert len(notifications(api_client)) == len(api_client.get("/api/notifications").json()["notifications"])
