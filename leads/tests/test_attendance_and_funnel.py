"""PATCH /api/appointments/{id} with attended / no_show, and GET /api/dashboard/funnel."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agents.tests.factories import AgentFactory
from calendars.models import Appointment
from calendars.tests.factories import AppointmentFactory
from leads.models import Lead
from voice.tests.factories import CallFactory

from .factories import LeadFactory

FUNNEL = "/api/dashboard/funnel"


def appointments(id_):
    return f"/api/appointments/{id_}"


@pytest.mark.django_db
class TestAttendance:
    def started(self, user, lead, **fields):
        start = timezone.now() - timedelta(minutes=10)
        return AppointmentFactory(user=user, lead=lead, start=start, end=start + timedelta(minutes=30), **fields)

    def test_attended_moves_the_lead_to_viewed(self, api_client, user):
        lead = LeadFactory(user=user, status="viewing_booked")
        appointment = self.started(user, lead)
        response = api_client.patch(appointments(appointment.pk), {"status": "attended"}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "attended" and response.json()["lead_id"] == lead.pk
        lead.refresh_from_db()
        assert lead.status == "viewed" and lead.status_changed_at is not None

    def test_a_no_show_leaves_the_lead_at_viewing_booked(self, api_client, user):
        lead = LeadFactory(user=user, status="viewing_booked")
        appointment = self.started(user, lead)
        response = api_client.patch(appointments(appointment.pk), {"status": "no_show"}, format="json")
        assert response.status_code == 200 and response.json()["status"] == "no_show"
        lead.refresh_from_db()
        assert lead.status == "viewing_booked"

    def test_attended_never_moves_a_lead_backward_or_out_of_the_managers_statuses(self, api_client, user):
        for status in ("applied", "leased", "lost"):
            lead = LeadFactory(user=user, status=status)
            appointment = self.started(user, lead)
            response = api_client.patch(appointments(appointment.pk), {"status": "attended"}, format="json")
            assert response.status_code == 200
            lead.refresh_from_db()
            assert lead.status == status

    def test_only_once_the_viewing_has_started(self, api_client, user):
        lead = LeadFactory(user=user, status="viewing_booked")
        start = timezone.now() + timedelta(hours=2)
        future = AppointmentFactory(user=user, lead=lead, start=start, end=start + timedelta(minutes=30))
        for status in ("attended", "no_show"):
            response = api_client.patch(appointments(future.pk), {"status": status}, format="json")
            assert response.status_code == 400
            assert "started" in response.json()["fields"]["status"][0]
        future.refresh_from_db()
        assert future.status == "booked"

    def test_a_cancelled_viewing_cannot_be_marked_and_unknown_statuses_are_refused(self, api_client, user):
        appointment = self.started(user, None, status=Appointment.Status.CANCELLED)
        assert api_client.patch(appointments(appointment.pk), {"status": "attended"}, format="json").status_code == 400
        booked = self.started(user, None)
        assert api_client.patch(appointments(booked.pk), {"status": "viewed"}, format="json").status_code == 400
        assert api_client.patch(appointments(booked.pk), {"status": "booked"}, format="json").status_code == 400

    def test_cancelling_still_goes_through_the_cancel_service(self, api_client, user):
        start = timezone.now() + timedelta(days=1)
        appointment = AppointmentFactory(user=user, start=start, end=start + timedelta(minutes=30))
        response = api_client.patch(appointments(appointment.pk), {"status": "cancelled"}, format="json")
        assert response.status_code == 200 and response.json()["status"] == "cancelled"

    def test_a_viewing_that_took_place_is_not_cancelled(self, api_client, user):
        appointment = self.started(user, None, status=Appointment.Status.ATTENDED)
        response = api_client.patch(appointments(appointment.pk), {"status": "cancelled"}, format="json")
        assert response.status_code == 400 and "status" in response.json()["fields"]
        appointment.refresh_from_db()
        assert appointment.status == "attended"

    def test_another_managers_viewing_is_404(self, api_client, other_user):
        theirs = self.started(other_user, None)
        assert api_client.patch(appointments(theirs.pk), {"status": "no_show"}, format="json").status_code == 404
        theirs.refresh_from_db()
        assert theirs.status == "booked"


@pytest.mark.django_db
class TestFunnel:
    def test_the_last_thirty_days_from_call_to_lease(self, api_client, user, other_user):
        now = timezone.now()
        agent = AgentFactory(user=user)
        old = now - timedelta(days=40)
        # Inside the window: 3 calls, 2 new leads, 3 viewings booked (one a try-panel test), 1 attended,
        # 1 no-show, 1 lease.
        for _ in range(3):
            CallFactory(agent=agent, started_at=now - timedelta(days=3))
        CallFactory(agent=agent, started_at=old)
        LeadFactory(user=user, first_contact_at=now - timedelta(days=5))
        LeadFactory(user=user, first_contact_at=now - timedelta(days=1), status="leased", status_changed_at=now)
        LeadFactory(user=user, first_contact_at=old, status="leased", status_changed_at=old)
        past = now - timedelta(days=2)
        AppointmentFactory(user=user, agent=agent, start=past, end=past + timedelta(minutes=30), status="attended")
        AppointmentFactory(user=user, agent=agent, start=past, end=past + timedelta(minutes=30), status="no_show")
        AppointmentFactory(user=user, agent=agent, source="test")
        # Another manager's numbers count nowhere.
        CallFactory(agent=AgentFactory(user=other_user), started_at=now - timedelta(days=1))
        LeadFactory(user=other_user, first_contact_at=now - timedelta(days=1), status="leased", status_changed_at=now)

        response = api_client.get(FUNNEL)
        assert response.status_code == 200
        assert response.json() == {
            "calls": 3,
            "leads": 2,
            "viewings_booked": 2,
            "attended": 1,
            "no_shows": 1,
            "leased": 1,
        }
        assert api_client.get(FUNNEL, {"days": 60}).json()["calls"] == 4
        assert api_client.get(FUNNEL, {"days": 0}).status_code == 400
        assert api_client.get(FUNNEL, {"days": "month"}).status_code == 400

    def test_stats_keep_exactly_their_keys(self, api_client):
        assert set(api_client.get("/api/dashboard/stats").json()) == {"agents", "rentals", "calendar", "calls"}

    def test_needs_credentials(self, anon_client):
        assert anon_client.get(FUNNEL).status_code == 401
        assert Lead.objects.count() == 0
