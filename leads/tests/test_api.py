"""GET /api/leads, GET and PATCH /api/leads/{id}: the manager's view of their renters."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from agents.tests.factories import AgentFactory
from calendars.tests.factories import AppointmentFactory
from leads.models import Lead
from notifications.models import Notification
from testsupport.clients import signed_in
from voice.tests.factories import CallFactory
from voice.tests.tools_support import free_starts

from .factories import LeadFactory

LEADS = "/api/leads"


@pytest.mark.django_db
class TestScoping:
    def test_the_list_shows_only_the_managers_own_leads(self, api_client, user, other_user):
        mine = LeadFactory(user=user)
        LeadFactory(user=other_user)
        body = api_client.get(LEADS).json()
        assert [lead["id"] for lead in body["leads"]] == [mine.pk] and body["count"] == 1

    def test_another_managers_lead_is_404_to_read_and_to_edit(self, api_client, other_user):
        theirs = LeadFactory(user=other_user, name="Theirs")
        assert api_client.get(f"{LEADS}/{theirs.pk}").status_code == 404
        assert api_client.patch(f"{LEADS}/{theirs.pk}", {"name": "Mine now"}, format="json").status_code == 404
        theirs.refresh_from_db()
        assert theirs.name == "Theirs"

    def test_a_booking_makes_the_lead_owned_by_the_manager_who_booked(self, api_client, user, other_user):
        # Leads are created by bookings and calls, never posted: the lead belongs to the booking's owner.
        LeadFactory(user=other_user, phone="+15125550142")
        agent = AgentFactory(user=user)
        response = api_client.post(
            "/api/appointments",
            {
                "agent_id": agent.pk,
                "start": free_starts(agent)[0].isoformat(),
                "attendee_name": "Sam Renter",
                "attendee_phone": "(512) 555-0142",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        lead = Lead.objects.get(user=user)
        assert response.json()["lead_id"] == lead.pk
        assert (lead.phone, lead.name, lead.status) == ("+15125550142", "Sam Renter", "viewing_booked")
        assert api_client.post(LEADS, {"phone": "+15125550143"}, format="json").status_code == 405

    def test_another_managers_agent_as_a_filter_finds_nothing_and_foreign_keys_stay_out(
        self, api_client, user, other_user
    ):
        theirs = AgentFactory(user=other_user)
        lead = LeadFactory(user=user)
        CallFactory(agent=AgentFactory(user=user), lead=lead)
        assert api_client.get(LEADS, {"agent_id": theirs.pk}).json()["leads"] == []
        assert api_client.get(LEADS, {"agent_id": "x"}).status_code == 400
        # A lead's rentals are LeaseLine's record of what was asked about: not writable.
        response = api_client.patch(f"{LEADS}/{lead.pk}", {"rental_ids": [1, 2]}, format="json")
        assert response.status_code == 200 and response.json()["rental_ids"] == []


@pytest.mark.django_db
class TestList:
    def test_newest_contact_first_with_every_field(self, api_client, user):
        now = timezone.now()
        older = LeadFactory(user=user, last_contact_at=now - timedelta(days=3))
        newer = LeadFactory(user=user, last_contact_at=now - timedelta(hours=1))
        body = api_client.get(LEADS).json()
        assert [lead["id"] for lead in body["leads"]] == [newer.pk, older.pk]
        assert set(body["leads"][0]) == {
            "id",
            "user_id",
            "phone",
            "name",
            "email",
            "status",
            "budget_max",
            "bedrooms_min",
            "move_in_date",
            "pets",
            "rental_ids",
            "notes",
            "do_not_contact",
            "first_contact_at",
            "last_contact_at",
            "calls_count",
            "appointments_count",
            "created_at",
        }

    def test_filters(self, api_client, user):
        now = timezone.now()
        agent = AgentFactory(user=user)
        jamie = LeadFactory(user=user, name="Jamie Fox", phone="+15125550199", email="jamie@example.com")
        sam = LeadFactory(user=user, name="Sam Lee", status="viewing_booked", last_contact_at=now - timedelta(days=9))
        AppointmentFactory(user=user, agent=agent, lead=sam)

        def ids(**query):
            response = api_client.get(LEADS, query)
            assert response.status_code == 200, response.content
            return {lead["id"] for lead in response.json()["leads"]}

        assert ids(status="viewing_booked") == {sam.pk}
        assert ids(q="jamie") == {jamie.pk}
        assert ids(q="(512) 555-0199") == {jamie.pk}
        assert ids(q="EXAMPLE.com") == {jamie.pk}
        assert ids(agent_id=agent.pk) == {sam.pk}
        assert ids(start=(now - timedelta(days=2)).isoformat()) == {jamie.pk}
        assert ids(end=(now - timedelta(days=2)).isoformat()) == {sam.pk}
        assert api_client.get(LEADS, {"status": "maybe"}).status_code == 400
        assert api_client.get(LEADS, {"start": "yesterday"}).status_code == 400


@pytest.mark.django_db
class TestEdit:
    def test_the_manager_edits_and_their_values_are_remembered_as_theirs(self, api_client, user):
        lead = LeadFactory(user=user, status="viewing_booked")
        response = api_client.patch(
            f"{LEADS}/{lead.pk}",
            {"name": " Jamie Fox ", "budget_max": 1900, "bedrooms_min": 2, "status": "new", "notes": "Call back"},
            format="json",
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["name"] == "Jamie Fox" and body["budget_max"] == 1900 and body["status"] == "new"
        assert body["timeline"] == []
        lead.refresh_from_db()
        assert lead.manager_fields == ["bedrooms_min", "budget_max", "name"]
        assert lead.status == "new"  # the manager may move a lead backward

    def test_bad_values_are_400_with_fields(self, api_client, user):
        lead = LeadFactory(user=user)
        response = api_client.patch(
            f"{LEADS}/{lead.pk}",
            {"email": "not an email", "bedrooms_min": 99, "status": "won", "budget_max": -1},
            format="json",
        )
        assert response.status_code == 400
        assert {"email", "bedrooms_min", "status", "budget_max"} <= set(response.json()["fields"])
        response = api_client.patch(f"{LEADS}/{lead.pk}", {"notes": "x" * 5001}, format="json")
        assert response.status_code == 400 and "notes" in response.json()["fields"]

    def test_the_timeline_lists_calls_and_viewings_oldest_first(self, api_client, user):
        now = timezone.now()
        agent = AgentFactory(user=user)
        lead = LeadFactory(user=user)
        call = CallFactory(agent=agent, lead=lead, started_at=now - timedelta(days=2))
        appointment = AppointmentFactory(user=user, agent=agent, lead=lead)
        later_call = CallFactory(agent=agent, lead=lead, started_at=now + timedelta(minutes=1))
        timeline = api_client.get(f"{LEADS}/{lead.pk}").json()["timeline"]
        assert [(entry["type"], entry["id"]) for entry in timeline] == [
            ("call", call.pk),
            ("appointment", appointment.pk),
            ("call", later_call.pk),
        ]
        assert timeline[1]["status"] == "booked" and timeline[1]["agent_id"] == agent.pk
        assert timeline[0]["duration_seconds"] == 120.0


@pytest.mark.django_db
def test_the_timeline_lists_messages_to_the_renter_but_not_the_managers_emails(api_client, user):
    lead = LeadFactory(user=user)
    appointment = AppointmentFactory(user=user, lead=lead)
    now = timezone.now()  # sent after the booking
    common = {"user": user, "appointment": appointment, "lead": lead, "due_at": now, "event": "booked"}
    sent = Notification.objects.create(
        **common, channel="email", kind="confirmation", to="jo@example.com", status="sent", sent_at=now
    )
    Notification.objects.create(**common, channel="email", kind="manager", to="manager@example.com", status="sent")
    timeline = api_client.get(f"{LEADS}/{lead.pk}").json()["timeline"]
    assert [(entry["type"], entry["id"]) for entry in timeline] == [
        ("appointment", appointment.pk),
        ("message", sent.pk),
    ]
    assert (
        timeline[1]["channel"] == "email" and timeline[1]["status"] == "sent" and timeline[1]["to"] == "jo@example.com"
    )
    page = signed_in(user, Client).get(f"/leads/{lead.pk}/").content.decode()
    assert "Confirmation by email" in page and "manager@example.com" not in page
