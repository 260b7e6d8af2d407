"""The frontend end to end against LeaseLine: boot, sign in, build an agent, connect a
calendar, see events and free times, book a viewing and add a rental, each call as the
frontend sends it."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from agents.models import Agent
from calendars.models import Appointment

from .conftest import FRONTEND_ORIGIN, Frontend
from .flows import connect, query_of

pytestmark = pytest.mark.django_db


def next_weekday_at(hour):
    day = timezone.now().astimezone(UTC).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_the_frontend_end_to_end(clerk, microsoft, settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONTEND_ORIGIN]
    # Boot: the browser waits for {API}/health before it renders anything.
    assert Frontend().get("/legacy/health", Origin=FRONTEND_ORIGIN).status_code == 200

    # Sign in: a Clerk user LeaseLine has never seen; the first call creates them.
    app = Frontend(clerk.token("user_flow", email="flow@example.com"))
    me = app.get("/legacy/users/me").json()
    assert me["user_id"] == User.objects.get(clerk_user_id="user_flow").pk
    assert app.get("/legacy/agents").json() == []
    assert app.get("/legacy/database/status").json()["database_stats"]["total_rentals"] == 0

    # Agent builder: create, open the editor (agent, variables, functions), save, add a variable.
    created = app.post("/legacy/agents", {"agent_name": "Flow line", "is_active": True})
    assert created.status_code == 201, created.content
    agent_id = created.json()["agent_id"]
    assert [agent["agent_id"] for agent in app.get("/legacy/agents").json()] == [agent_id]
    assert app.get(f"/legacy/agents/{agent_id}").json()["agent_name"] == "Flow line"
    assert app.get(f"/legacy/agents/{agent_id}/variables").json() == {"variables": []}
    assert app.get(f"/legacy/agents/{agent_id}/functions").json() == {"functions": []}
    config = {
        "model": {"provider": "openai", "model": "gpt-4", "messages": [{"role": "system", "content": "Be brief."}]},
        "voice": {"provider": "playht", "voiceId": "jennifer"},
        "firstMessage": "Flow Rentals, hello!",
        "serverUrl": "http://localhost:8000/legacy/vapi/webhook",
    }
    assert app.patch(f"/legacy/agents/{agent_id}", {"agent_name": "Flow line", "config": config}).status_code == 200
    variable = {"variable_id": "var_1", "name": "move_in", "display_name": "Move-in", "type": "string"}
    added = app.post(f"/legacy/agents/{agent_id}/variables", {**variable, "description": "", "required": True})
    assert added.status_code == 201, added.content
    reloaded = app.get(f"/legacy/agents/{agent_id}").json()["config"]
    assert reloaded["model"]["messages"][0]["content"] == "Be brief."
    assert reloaded["firstMessage"] == "Flow Rentals, hello!" and reloaded["voice"]["voiceId"] == "jennifer"
    assert app.get(f"/legacy/agents/{agent_id}/variables").json()["variables"][0]["name"] == "move_in"
    agent = Agent.objects.get(pk=agent_id)
    assert (agent.instructions, agent.first_message) == ("Be brief.", "Flow Rentals, hello!")

    # Users page: disconnect the other provider first, then connect Microsoft.
    assert app.delete("/legacy/calendar/google/auth/disconnect").json()["success"] is True
    busy_start = next_weekday_at(10)
    microsoft.add_event("flow@example.com", start=busy_start, end=busy_start + timedelta(hours=1), subject="Tour")
    landed = connect(app, microsoft, "microsoft", email="flow@example.com")
    assert landed["Location"].startswith(f"{FRONTEND_ORIGIN}/users?")
    assert query_of(landed["Location"])["auth"] == "success"
    assert app.get("/legacy/calendar/auth/status").json()["authorized"] is True

    # Events and free times (the appointments page loads both).
    events = app.get("/legacy/calendar/events", {"days_ahead": 30}).json()["events"]
    assert [event["subject"] for event in events] == ["Tour"] and events[0]["attendees"] == []
    slots = app.get("/legacy/calendar/availability", {"days_ahead": 7, "start_hour": 9, "end_hour": 17}).json()
    starts = [datetime.fromisoformat(slot["start_time"]) for slot in slots["available_slots"]]
    assert busy_start - timedelta(hours=1) in starts  # 09:00 that day is free
    assert busy_start not in starts and busy_start + timedelta(minutes=30) not in starts  # the Tour is busy

    # Book from the appointments page (query string only).
    slot = slots["available_slots"][0]
    booked = app.post(
        "/legacy/calendar/events",
        query={
            "subject": "Property Viewing - 12 Elm St",
            "start_time": slot["start_time"],
            "end_time": slot["end_time"],
            "body": "Property viewing appointment for 12 Elm St\n\nAttendee: Casey Caller (casey@example.com)",
            "attendee_email": "casey@example.com",
        },
    )
    assert booked.status_code == 201, booked.content
    assert Appointment.objects.get().attendee_name == "Casey Caller"
    subjects = [event["subject"] for event in app.get("/legacy/calendar/events", {"days_ahead": 30}).json()["events"]]
    assert "Viewing: Casey Caller" in subjects

    # Add a rental; the list page finds it by its address.
    rental = app.post(
        "/legacy/rentals", {"property_address": "12 Elm St", "price": 1500, "bedrooms": 1, "bathrooms": 1}
    )
    assert rental.status_code == 201, rental.content
    listed = app.get("/legacy/database/available").json()["rentals"]
    assert [(item["id"], item["property_address"]) for item in listed] == [(rental.json()["id"], "12 Elm St")]
    assert app.get("/legacy/database/status").json()["database_stats"]["total_rentals"] == 1
