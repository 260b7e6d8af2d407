"""Appointments and connections through the API: scoping to their manager, filters, and input
that is out of range or malformed."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from calendars.models import Appointment
from calendars.services import SlotUnavailable, appointment_book

from .factories import AgentFactory, AppointmentFactory, RentalFactory
from .flows import CHICAGO, book, day_at


@pytest.mark.django_db
def test_appointment_scoping_four(api_client, user, other_user):
    mine = AppointmentFactory(user=user)
    theirs = AppointmentFactory(user=other_user)
    listed = api_client.get("/api/appointments").json()
    assert [item["id"] for item in listed["appointments"]] == [mine.pk] and listed["count"] == 1
    assert api_client.get(f"/api/appointments/{theirs.pk}").status_code == 404
    assert api_client.patch(f"/api/appointments/{theirs.pk}", {"status": "cancelled"}, format="json").status_code == 404
    assert Appointment.objects.get(pk=theirs.pk).status == "booked"

    agent = AgentFactory(user=user)
    created = book(api_client, agent, day_at(9), user_id=other_user.pk)
    assert created.status_code == 201 and created.json()["user_id"] == user.pk

    their_agent = AgentFactory(user=other_user)
    assert book(api_client, their_agent, day_at(10)).status_code == 400
    their_rental = RentalFactory(user=other_user)
    response = book(api_client, agent, day_at(10), rental_id=their_rental.pk)
    assert response.status_code == 400 and "rental_id" in response.json()["fields"]
    assert Appointment.objects.filter(user=user).count() == 2


@pytest.mark.django_db
def test_bad_input_is_400_and_changes_nothing(api_client, user):
    agent = AgentFactory(user=user)
    for payload in (
        {},
        {"agent_id": agent.pk, "start": "tomorrow", "attendee_name": "A"},
        {"agent_id": agent.pk, "start": day_at(9).isoformat()},
        {"agent_id": "x", "start": day_at(9).isoformat(), "attendee_name": "A"},
        {"agent_id": agent.pk, "start": day_at(9).isoformat(), "attendee_name": "A", "attendee_email": "nope"},
    ):
        assert api_client.post("/api/appointments", payload, format="json").status_code == 400
    assert api_client.delete(f"/api/appointments/{AppointmentFactory(user=user).pk}").status_code == 405
    assert Appointment.objects.count() == 1


@pytest.mark.django_db
def test_appointment_filters_are_inclusive_and_typed(api_client, user):
    agent, other_agent = AgentFactory(user=user), AgentFactory(user=user)
    early = AppointmentFactory(user=user, agent=agent, start=day_at(9), end=day_at(9, 30))
    late = AppointmentFactory(user=user, agent=other_agent, start=day_at(15), end=day_at(15, 30), status="cancelled")

    def ids(**params):
        response = api_client.get("/api/appointments", params)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["appointments"]]

    assert ids() == [early.pk, late.pk]
    assert ids(status="cancelled") == [late.pk]
    assert ids(start=day_at(9).isoformat(), end=day_at(9).isoformat()) == [early.pk]
    assert ids(start=day_at(9, 1).isoformat()) == [late.pk]
    assert ids(agent_id=agent.pk) == [early.pk]
    for bad in ({"status": "maybe"}, {"start": "soon"}, {"agent_id": "x"}):
        assert api_client.get("/api/appointments", bad).status_code == 400


@pytest.mark.django_db
def test_connection_scoping_and_disconnect(api_client, other_client, user, google_agent, google):
    connection = google_agent.booking_calendar
    assert other_client.get("/api/calendar/connections").json()["count"] == 0
    assert other_client.get(f"/api/calendar/connections/{connection.pk}").status_code == 404
    assert other_client.delete(f"/api/calendar/connections/{connection.pk}").status_code == 404
    assert api_client.post("/api/calendar/connections", {"provider": "google"}, format="json").status_code == 405

    assert api_client.delete(f"/api/calendar/connections/{connection.pk}/").status_code == 204
    assert api_client.get("/api/calendar/connections").json()["count"] == 0
    google_agent.refresh_from_db()
    assert google_agent.booking_calendar is None  # back on the built-in calendar


@pytest.mark.django_db
def test_out_of_range_datetimes_are_400(api_client, user):
    agent = AgentFactory(user=user)
    for value in (
        "5079-12-10T04:58:33-19:50",
        "0001-01-01T00:00:00+01:00",
        "1900-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59-12:00",
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+14:00",
        "2200-01-01T00:00:00Z",
    ):
        assert api_client.get("/api/appointments", {"start": value}).status_code == 400
        assert api_client.get("/api/calendar/events", {"start": value}).status_code == 400
        assert api_client.get("/api/calendar/availability", {"agent_id": agent.pk, "end": value}).status_code == 400
        assert book(api_client, agent, datetime.fromisoformat(value)).status_code == 400


@pytest.mark.django_db
def test_the_service_answers_a_far_date_as_not_available(user):
    """Voice tools call the service with dates they parsed themselves: year 9999 is no free slot, not an error."""
    agent = AgentFactory(user=user)
    for start, reason in (
        (datetime(9999, 12, 31, 23, 59, tzinfo=ZoneInfo("Pacific/Kiritimati")), "too far ahead"),
        (datetime(9999, 12, 31, 23, 59, tzinfo=CHICAGO), "too far ahead"),
        (datetime(1, 1, 1, tzinfo=ZoneInfo("Asia/Tokyo")), "too soon"),
    ):
        with pytest.raises(SlotUnavailable, match=reason):
            appointment_book(user=user, agent=agent, start=start, attendee_name="A")
    assert not Appointment.objects.exists()


@pytest.mark.django_db
def test_huge_numbers_are_refused_or_find_nothing(api_client, user):
    agent, huge = AgentFactory(user=user), "9" * 40
    AppointmentFactory(user=user, agent=agent)
    for path, params in (
        ("/api/appointments", {"agent_id": huge}),
        ("/api/appointments", {"agent_id": f"-{huge}"}),
        ("/api/appointments", {"page": huge}),
        ("/api/appointments", {"page_size": huge}),
        ("/api/calendar/availability", {"agent_id": huge}),
        ("/api/calendar/availability", {"agent_id": agent.pk, "duration_minutes": huge}),
        (f"/api/appointments/{huge}", {}),
        (f"/api/calendar/connections/{huge}", {}),
    ):
        response = api_client.get(path, params)
        assert response.status_code in (200, 400, 404), f"{path} {params}: {response.status_code}"
        if response.status_code == 200 and "agent_id" in params:
            assert response.json()["appointments"] == []
    for payload in ({"agent_id": huge}, {"rental_id": huge}, {"agent_id": agent.pk, "rental_id": f"-{huge}"}):
        response = book(api_client, agent, day_at(10), **payload)
        assert response.status_code == 400, response.content
    assert api_client.patch(f"/api/appointments/{huge}", {"status": "cancelled"}, format="json").status_code == 404
    assert api_client.delete(f"/api/calendar/connections/{huge}").status_code == 404
    assert Appointment.objects.count() == 1
