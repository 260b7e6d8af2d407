"""The agents API with VAPI unconfigured: fields, validation and owner scoping."""

import pytest
from django.core.exceptions import ValidationError

from agents.models import Agent, PhoneNumber
from calendars.models import CalendarConnection

from .factories import AgentFactory

AGENTS = "/api/agents"


def detail(agent):
    return f"{AGENTS}/{agent.pk}"


def connection_of(user, email="me@example.com"):
    return CalendarConnection.objects.create(user=user, provider="google", account_email=email)


@pytest.mark.django_db
class TestScoping:
    def test_list_shows_only_yours_in_the_agents_envelope(self, api_client, user, other_user):
        mine = AgentFactory(user=user)
        AgentFactory(user=other_user)
        body = api_client.get(AGENTS).json()
        assert set(body) == {"agents", "count", "next", "previous"}
        assert [agent["id"] for agent in body["agents"]] == [mine.pk]
        assert body["count"] == 1

    @pytest.mark.parametrize("method", ["get", "patch", "put", "delete"])
    def test_another_users_agent_is_404(self, api_client, other_user, method):
        theirs = AgentFactory(user=other_user, agent_name="Theirs")
        response = getattr(api_client, method)(detail(theirs), {"agent_name": "Mine now"}, format="json")
        assert response.status_code == 404
        theirs.refresh_from_db()
        assert theirs.agent_name == "Theirs"

    @pytest.mark.parametrize("action", ["sync", "rotate-secret"])
    def test_actions_on_another_users_agent_are_404(self, api_client, other_user, action):
        theirs = AgentFactory(user=other_user)
        secret = theirs.webhook_secret
        assert api_client.post(f"{detail(theirs)}/{action}").status_code == 404
        theirs.refresh_from_db()
        assert theirs.webhook_secret == secret

    def test_create_makes_you_the_owner_whatever_is_posted(self, api_client, user, other_user):
        response = api_client.post(
            AGENTS, {"agent_name": "Front desk", "user_id": other_user.pk, "user": other_user.pk}, format="json"
        )
        assert response.status_code == 201, response.content
        agent = Agent.objects.get(pk=response.json()["id"])
        assert agent.user == user
        assert response.json()["user_id"] == user.pk

    def test_booking_calendar_of_another_user_is_400(self, api_client, user, other_user):
        theirs = connection_of(other_user, "rival@example.com")
        response = api_client.post(AGENTS, {"agent_name": "A", "booking_calendar": theirs.pk}, format="json")
        assert response.status_code == 400
        assert "booking_calendar" in response.json()["fields"]
        assert not Agent.objects.exists()

    def test_own_booking_calendar_is_accepted_and_null_means_built_in(self, api_client, user):
        mine = connection_of(user)
        response = api_client.post(AGENTS, {"agent_name": "A", "booking_calendar": mine.pk}, format="json")
        assert response.json()["booking_calendar"] == mine.pk
        agent_id = response.json()["id"]
        response = api_client.patch(f"{AGENTS}/{agent_id}", {"booking_calendar": None}, format="json")
        assert response.json()["booking_calendar"] is None

    def test_anonymous_is_401(self, anon_client, user):
        agent = AgentFactory(user=user)
        assert anon_client.get(AGENTS).status_code == 401
        assert anon_client.post(AGENTS, {"agent_name": "A"}, format="json").status_code == 401
        assert anon_client.post(f"{detail(agent)}/sync").status_code == 401
        assert anon_client.post(f"{detail(agent)}/rotate-secret").status_code == 401


@pytest.mark.django_db
class TestFields:
    def test_create_with_defaults(self, api_client, user):
        response = api_client.post(f"{AGENTS}/", {"agent_name": "Front desk"}, format="json")
        assert response.status_code == 201
        body = response.json()
        assert body["timezone"] == user.timezone == "America/Chicago"
        assert body["sync_status"] == "local"
        assert body["vapi_assistant_id"] == ""
        assert body["slot_minutes"] == 30 and body["booking_horizon_days"] == 14
        assert body["working_hours"]["mon"] == [["09:00", "17:00"]] and body["working_hours"]["sun"] == []
        assert len(body["webhook_secret"]) >= 43  # 32 random bytes, url-safe base64
        assert set(body) == {
            "id",
            "user_id",
            "agent_name",
            "vapi_assistant_id",
            "phone_number",
            "is_active",
            "first_message",
            "instructions",
            "voice",
            "model",
            "timezone",
            "working_hours",
            "slot_minutes",
            "buffer_minutes",
            "min_notice_minutes",
            "booking_horizon_days",
            "reminder_minutes",
            "booking_calendar",
            "webhook_secret",
            "sync_status",
            "sync_error",
            "last_synced_at",
            "created_at",
            "updated_at",
        }

    def test_every_agent_gets_its_own_secret_and_it_is_read_only(self, api_client):
        first = api_client.post(AGENTS, {"agent_name": "A", "webhook_secret": "chosen"}, format="json").json()
        second = api_client.post(AGENTS, {"agent_name": "B"}, format="json").json()
        assert first["webhook_secret"] != "chosen"
        assert first["webhook_secret"] != second["webhook_secret"]
        patched = api_client.patch(f"{AGENTS}/{first['id']}", {"webhook_secret": "chosen"}, format="json")
        assert patched.json()["webhook_secret"] == first["webhook_secret"]

    def test_rotate_secret_gives_a_new_one(self, api_client, user):
        agent = AgentFactory(user=user)
        old = agent.webhook_secret
        response = api_client.post(f"{detail(agent)}/rotate-secret/")
        assert response.status_code == 200
        agent.refresh_from_db()
        assert agent.webhook_secret != old
        assert response.json()["webhook_secret"] == agent.webhook_secret

    def test_sync_without_vapi_is_503(self, api_client, user):
        agent = AgentFactory(user=user)
        response = api_client.post(f"{detail(agent)}/sync")
        assert response.status_code == 503
        assert response.json()["code"] == "not_configured"

    def test_working_hours_are_normalised(self, api_client):
        hours = {"tue": [["13:00", "17:00"], ["09:00", "12:00"]], "sat": [["10:00", "24:00"]]}
        body = api_client.post(AGENTS, {"agent_name": "A", "working_hours": hours}, format="json").json()
        assert body["working_hours"] == {
            "mon": [],
            "tue": [["09:00", "12:00"], ["13:00", "17:00"]],
            "wed": [],
            "thu": [],
            "fri": [],
            "sat": [["10:00", "24:00"]],
            "sun": [],
        }

    @pytest.mark.parametrize(
        "hours",
        [
            {"monday": [["09:00", "17:00"]]},
            {"mon": [["9:00", "17:00"]]},
            {"mon": [["09:00", "25:00"]]},
            {"mon": [["17:00", "09:00"]]},
            {"mon": [["09:00", "09:00"]]},
            {"mon": [["09:00", "12:00"], ["11:30", "14:00"]]},
            {"mon": [["09:00"]]},
            {"mon": "09:00-17:00"},
            {"mon": [[9, 17]]},
            [["09:00", "17:00"]],
            "weekdays",
        ],
    )
    def test_bad_working_hours_are_400_and_nothing_is_saved(self, api_client, hours):
        response = api_client.post(AGENTS, {"agent_name": "A", "working_hours": hours}, format="json")
        assert response.status_code == 400
        assert "working_hours" in response.json()["fields"]
        assert not Agent.objects.exists()

    def test_phone_number_is_read_only_and_shows_the_attached_number(self, api_client, user):
        body = api_client.post(AGENTS, {"agent_name": "A", "phone_number": "+1 (555) 010-1234"}, format="json").json()
        assert body["phone_number"] is None
        agent = Agent.objects.get(pk=body["id"])
        PhoneNumber.objects.create(user=user, number="+15550101234", agent=agent)
        assert api_client.get(detail(agent)).json()["phone_number"] == "+15550101234"
        patched = api_client.patch(detail(agent), {"phone_number": "+15125550100"}, format="json").json()
        assert patched["phone_number"] == "+15550101234"

    @pytest.mark.parametrize("number", ["5550101234", "+0123456", "+1555010123456789", "call me", "+1-555-CALL"])
    def test_bad_phone_numbers_are_refused_by_the_model(self, user, number):
        with pytest.raises(ValidationError) as refused:
            PhoneNumber(user=user, number=number).full_clean()
        assert "number" in refused.value.message_dict

    @pytest.mark.parametrize(
        "field, value",
        [
            ("timezone", "Mars/Olympus"),
            ("booking_horizon_days", 0),
            ("booking_horizon_days", 366),
            ("slot_minutes", 0),
            ("buffer_minutes", -5),
            ("min_notice_minutes", "soon"),
            ("agent_name", ""),
            ("agent_name", "x" * 101),
            ("vapi_assistant_id", "../../assistant"),
            ("voice", {"provider": "11labs"}),
            ("voice", {"provider": "11labs", "voice_id": "burt", "speed": 2}),
            ("voice", "burt"),
            ("is_active", "perhaps"),
        ],
    )
    def test_bad_values_are_400(self, api_client, field, value):
        response = api_client.post(AGENTS, {"agent_name": "A", field: value}, format="json")
        assert response.status_code == 400, response.content
        assert field in response.json()["fields"]
        assert not Agent.objects.exists()

    @pytest.mark.parametrize("days", [1, 365])
    def test_booking_horizon_bounds_are_inclusive(self, api_client, days):
        response = api_client.post(AGENTS, {"agent_name": "A", "booking_horizon_days": days}, format="json")
        assert response.status_code == 201

    def test_voice_round_trips(self, api_client):
        voice = {"provider": "11labs", "voice_id": "burt"}
        body = api_client.post(AGENTS, {"agent_name": "A", "voice": voice}, format="json").json()
        assert body["voice"] == voice

    def test_an_assistant_links_to_one_agent_only(self, api_client, other_user):
        AgentFactory(user=other_user, vapi_assistant_id="asst-123")
        response = api_client.post(AGENTS, {"agent_name": "A", "vapi_assistant_id": "asst-123"}, format="json")
        assert response.status_code == 400
        assert "vapi_assistant_id" in response.json()["fields"]

    def test_put_replaces_and_delete_removes(self, api_client, user):
        agent = AgentFactory(user=user)
        response = api_client.put(detail(agent), {"agent_name": "Renamed", "is_active": False}, format="json")
        assert response.status_code == 200
        assert response.json()["agent_name"] == "Renamed" and response.json()["is_active"] is False
        assert api_client.delete(f"{detail(agent)}/").status_code == 204
        assert not Agent.objects.exists()
