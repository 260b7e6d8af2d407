"""Calls recorded from status updates and end-of-call reports; inbound routing; the calls API."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from agents.models import PhoneNumber
from agents.tests.factories import AgentFactory
from voice.models import Call

from .factories import CallFactory, ToolInvocationFactory
from .payloads import CALL_ID, assistant_request, end_of_call_report, legacy_end_of_call_report, status_update

CALLS = "/api/calls"


@pytest.mark.django_db
class TestRecording:
    def test_status_updates_then_the_report(self, vapi, agent):
        response = vapi.post(
            status_update(agent.vapi_assistant_id, "in-progress", call_id=CALL_ID), secret=agent.webhook_secret
        )
        assert response.status_code == 200 and response.json() == {}
        call = Call.objects.get()
        assert (call.user, call.agent, call.vapi_call_id, call.status) == (agent.user, agent, CALL_ID, "in-progress")
        assert call.customer_number == "+15125550199"

        vapi.post(end_of_call_report(agent.vapi_assistant_id), secret=agent.webhook_secret)
        call.refresh_from_db()
        assert call.status == "ended"
        assert call.started_at == datetime(2025, 12, 1, 16, 0, tzinfo=UTC)
        assert call.ended_at == datetime(2025, 12, 1, 16, 2, 5, 500000, tzinfo=UTC)
        assert call.duration_seconds == 125.5
        assert call.ended_reason == "customer-ended-call"
        assert call.transcript.startswith("AI: Hello!")
        assert call.messages[1]["message"] == "I'd like to see the flat on Elm Street."
        assert call.summary == "Caller booked a viewing of Elm Street."
        assert call.recording_url == "https://storage.vapi.ai/recording-0001.wav"
        assert call.cost == Decimal("0.1234")
        assert Call.objects.count() == 1

    def test_the_legacy_report_shape(self, vapi, agent):
        vapi.post(legacy_end_of_call_report(agent.vapi_assistant_id), secret=agent.webhook_secret)
        call = Call.objects.get()
        assert call.status == "ended" and call.ended_reason == "assistant-ended-call"
        assert call.transcript == "AI: Hi. User: Bye." and call.summary == "Short call."
        assert call.recording_url == "https://storage.vapi.ai/legacy.wav"
        assert call.messages == [{"role": "user", "message": "Bye."}]
        assert call.duration_seconds == 42.5  # given, not computed
        assert call.started_at == datetime(2024, 10, 8, 13, 19, 17, tzinfo=UTC)
        assert call.cost == Decimal("0.0500")

    def test_numeric_timestamps(self, vapi, agent):
        start = datetime(2025, 12, 1, 16, 0, tzinfo=UTC)
        payload = end_of_call_report(
            agent.vapi_assistant_id,
            startedAt=int(start.timestamp() * 1000),
            endedAt=int((start + timedelta(seconds=90)).timestamp() * 1000),
        )
        vapi.post(payload, secret=agent.webhook_secret)
        call = Call.objects.get()
        assert call.started_at == start and call.duration_seconds == 90

    def test_a_late_status_update_does_not_reopen_an_ended_call(self, vapi, agent):
        vapi.post(end_of_call_report(agent.vapi_assistant_id), secret=agent.webhook_secret)
        vapi.post(status_update(agent.vapi_assistant_id, "in-progress"), secret=agent.webhook_secret)
        assert Call.objects.get().status == "ended"

    def test_missing_and_unreadable_fields_leave_stored_values(self, vapi, agent):
        vapi.post(end_of_call_report(agent.vapi_assistant_id), secret=agent.webhook_secret)
        junk = end_of_call_report(
            agent.vapi_assistant_id,
            startedAt="2025-12-01T16:00:00-19:50",
            endedAt="0001-01-01T00:00:00+05:00",
            cost="free",
            artifact={"recordingUrl": "javascript:alert(1)"},
            analysis=[],
            endedReason={"a": 1},
        )
        assert vapi.post(junk, secret=agent.webhook_secret).status_code == 200
        call = Call.objects.get()
        assert call.recording_url == "https://storage.vapi.ai/recording-0001.wav"
        assert call.cost == Decimal("0.1234") and call.duration_seconds == 125.5
        assert call.ended_reason == "customer-ended-call"

    def test_text_that_postgres_cannot_store_is_cleaned(self, vapi, agent):
        payload = end_of_call_report(agent.vapi_assistant_id)
        payload["message"]["artifact"]["transcript"] = "nul\x00byte \ud800 surrogate"
        payload["message"]["artifact"]["messages"] = [{"message": "a\x00b"}]
        import json

        raw = json.dumps(payload)  # \u0000 and a lone \ud800 escape, as JSON allows
        assert vapi.post(None, raw=raw, secret=agent.webhook_secret).status_code == 200
        call = Call.objects.get()
        assert call.transcript == "nulbyte ? surrogate"
        assert call.messages == [{"message": "ab"}]

    def test_a_call_with_no_id_is_not_recorded(self, vapi, agent):
        payload = status_update(agent.vapi_assistant_id, "in-progress")
        del payload["message"]["call"]["id"]
        assert vapi.post(payload, secret=agent.webhook_secret).json() == {}
        assert not Call.objects.exists()


@pytest.mark.django_db
class TestValuesTooLongToStore:
    """Ids that do not fit are refused (cut short they would name another call); words are cut."""

    @pytest.mark.parametrize("make", [status_update, end_of_call_report], ids=["status", "report"])
    def test_a_call_id_too_long_to_store_records_nothing(self, vapi, agent, make):
        payload = (
            make(agent.vapi_assistant_id, "in-progress") if make is status_update else make(agent.vapi_assistant_id)
        )
        payload["message"]["call"]["id"] = "c" * 300
        response = vapi.post(payload, secret=agent.webhook_secret)
        assert (response.status_code, response.json()) == (200, {})
        assert not Call.objects.exists()

    def test_long_status_reason_and_number_are_stored_cut_to_fit(self, vapi, agent):
        vapi.post(status_update(agent.vapi_assistant_id, "s" * 300), secret=agent.webhook_secret)
        assert Call.objects.get().status == "s" * 32
        report = end_of_call_report(agent.vapi_assistant_id, endedReason="r" * 300, customer={"number": "9" * 300})
        assert vapi.post(report, secret=agent.webhook_secret).status_code == 200
        call = Call.objects.get()
        assert (call.status, call.ended_reason, call.customer_number) == ("ended", "r" * 200, "9" * 32)

    def test_an_assistant_id_too_long_to_store_is_unknown(self, vapi, agent):
        response = vapi.post(status_update("a" * 300, "in-progress"), secret=agent.webhook_secret)
        assert response.status_code == 401
        assert not Call.objects.exists()


@pytest.mark.django_db
class TestAssistantRequest:
    @pytest.fixture(autouse=True)
    def _platform_secret(self, settings):
        settings.VAPI_WEBHOOK_SECRET = "platform-secret-value"

    def ask(self, vapi, number):
        response = vapi.post(assistant_request(number), secret="platform-secret-value")
        assert response.status_code == 200
        return response.json()

    def test_the_active_agent_with_that_number(self, vapi, user):
        agent = AgentFactory(user=user, vapi_assistant_id="asst-inbound")
        PhoneNumber.objects.create(user=user, number="+15125550100", agent=agent)
        assert self.ask(vapi, "+15125550100") == {"assistantId": agent.vapi_assistant_id}
        assert self.ask(vapi, "+1 512-555-0100") == {"assistantId": agent.vapi_assistant_id}
        assert self.ask(vapi, "15125550100") == {"assistantId": agent.vapi_assistant_id}

    def test_only_the_agent_the_known_number_is_attached_to(self, vapi, user, other_user):
        owner = AgentFactory(user=user, vapi_assistant_id="asst-owner")
        PhoneNumber.objects.create(user=user, number="+15125550100", agent=owner)
        # Another manager's agent has no way to claim the number: it is a record of its owner's.
        AgentFactory(user=other_user, vapi_assistant_id="asst-squatter")
        assert self.ask(vapi, "+15125550100") == {"assistantId": owner.vapi_assistant_id}
        owner.is_active = False
        owner.save()
        answer = self.ask(vapi, "+15125550100")
        assert set(answer) == {"error"}

    def test_a_known_number_attached_to_no_agent_routes_nowhere(self, vapi, user):
        AgentFactory(user=user, vapi_assistant_id="asst-unattached")
        PhoneNumber.objects.create(user=user, number="+15125550100")
        assert set(self.ask(vapi, "+15125550100")) == {"error"}

    @pytest.mark.parametrize("case", ["unknown", "inactive", "local_only", "deactivated_user"])
    def test_no_agent_is_an_error_to_speak(self, vapi, user, case):
        agent = AgentFactory(user=user, vapi_assistant_id="asst-inbound")
        PhoneNumber.objects.create(user=user, number="+15125550100", agent=agent)
        if case == "inactive":
            agent.is_active = False
            agent.save()
        elif case == "local_only":
            agent.vapi_assistant_id = ""
            agent.save()
        elif case == "deactivated_user":
            user.is_active = False
            user.save()
        number = "+15125550999" if case == "unknown" else "+15125550100"
        answer = self.ask(vapi, number)
        assert set(answer) == {"error"} and answer["error"]


@pytest.mark.django_db
class TestCallsApi:
    def test_list_shows_only_yours_in_the_calls_envelope(self, api_client, agent, other_agent):
        mine = CallFactory(agent=agent)
        CallFactory(agent=other_agent)
        body = api_client.get(CALLS).json()
        assert set(body) == {"calls", "count", "next", "previous"}
        assert [call["id"] for call in body["calls"]] == [mine.pk]
        assert set(body["calls"][0]) == {
            "id",
            "agent_id",
            "vapi_call_id",
            "status",
            "started_at",
            "ended_at",
            "duration_seconds",
            "ended_reason",
            "customer_number",
            "summary",
            "cost",
            "recording_url",
        }

    def test_another_users_call_is_404(self, api_client, other_agent):
        theirs = CallFactory(agent=other_agent)
        assert api_client.get(f"{CALLS}/{theirs.pk}").status_code == 404

    def test_detail_adds_transcript_messages_and_tool_invocations(self, api_client, agent):
        call = CallFactory(agent=agent, transcript="AI: Hi.", messages=[{"role": "bot", "message": "Hi."}])
        ToolInvocationFactory(call=call, tool_call_id="t1")
        body = api_client.get(f"{CALLS}/{call.pk}/").json()
        assert body["transcript"] == "AI: Hi." and body["messages"] == [{"role": "bot", "message": "Hi."}]
        [invocation] = body["tool_invocations"]
        assert invocation["tool_call_id"] == "t1" and invocation["name"] == "search_rentals"
        assert set(invocation) == {
            "id",
            "tool_call_id",
            "name",
            "arguments",
            "result",
            "error",
            "duration_ms",
            "created_at",
        }
        assert body["appointments"] == []

    def test_filters_are_inclusive(self, api_client, user, agent):
        second = AgentFactory(user=user)
        base = datetime(2025, 12, 1, 12, 0, tzinfo=UTC)
        early = CallFactory(agent=agent, started_at=base)
        late = CallFactory(agent=second, started_at=base + timedelta(days=1))
        ids = lambda query: [call["id"] for call in api_client.get(CALLS, query).json()["calls"]]  # noqa: E731
        assert ids({"agent_id": second.pk}) == [late.pk]
        assert ids({"start": base.isoformat()}) == [late.pk, early.pk]
        assert ids({"end": base.isoformat()}) == [early.pk]
        next_day = (base + timedelta(days=1)).isoformat()
        assert ids({"start": next_day, "end": next_day}) == [late.pk]

    def test_offsets_postgres_does_not_know_still_filter(self, api_client, agent):
        call = CallFactory(agent=agent, started_at=datetime(2025, 12, 1, 12, 0, tzinfo=UTC))
        ids = lambda query: [item["id"] for item in api_client.get(CALLS, query).json()["calls"]]  # noqa: E731
        assert ids({"start": "2025-12-01T00:00:00-19:50"}) == []  # 19:50 UTC
        assert ids({"end": "2025-12-01T00:00:00-19:50"}) == [call.pk]

    @pytest.mark.parametrize(
        "query",
        [
            {"agent_id": "one"},
            {"agent_id": "1.5"},
            {"start": "soon"},
            {"end": "2025-13-40"},
            {"end": "9999-12-31T23:59:00-19:50"},
        ],
    )
    def test_filter_values_of_the_wrong_type_are_400(self, api_client, agent, query):
        assert api_client.get(CALLS, query).status_code == 400

    def test_anonymous_is_401_and_writes_are_not_allowed(self, anon_client, api_client, agent):
        call = CallFactory(agent=agent)
        assert anon_client.get(CALLS).status_code == 401
        assert anon_client.get(f"{CALLS}/{call.pk}").status_code == 401
        assert api_client.post(CALLS, {}, format="json").status_code == 405
        assert api_client.delete(f"{CALLS}/{call.pk}").status_code == 405
