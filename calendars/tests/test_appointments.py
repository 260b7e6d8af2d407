"""Booking and cancelling through the API and the service, on every kind of calendar."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError
from django.db import connection as db_connection
from django.utils import timezone

from calendars.models import Appointment
from calendars.services import CalendarUnavailable, SlotUnavailable, appointment_book

from .factories import AgentFactory, RentalFactory
from .flows import book, cancel, connect, day_at


@pytest.mark.django_db
def test_booking_on_google_creates_the_event_with_a_client_chosen_id(api_client, user, google_agent, google):
    rental = RentalFactory(user=user)
    response = book(api_client, google_agent, day_at(10), rental_id=rental.pk, attendee_email="c@example.com")
    assert response.status_code == 201, response.content
    body = response.json()
    appointment = Appointment.objects.get()
    assert body["id"] == appointment.pk and body["user_id"] == user.pk
    assert (body["agent_id"], body["rental_id"], body["connection_id"]) == (
        google_agent.pk,
        rental.pk,
        google_agent.booking_calendar_id,
    )
    assert (body["source"], body["status"]) == ("api", "booked")
    assert datetime.fromisoformat(body["start"]) == day_at(10)
    assert datetime.fromisoformat(body["end"]) == day_at(10, 30)
    [event] = google.all_events()
    assert event["id"] == body["provider_event_id"]
    assert len(event["id"]) == 32 and set(event["id"]) <= set("0123456789abcdef")
    assert datetime.fromisoformat(event["start"]["dateTime"].replace("Z", "+00:00")) == day_at(10)
    assert "Casey Caller" in event["summary"] and rental.address in event["summary"]


@pytest.mark.django_db
def test_booking_on_microsoft_creates_a_graph_event(api_client, microsoft_agent, microsoft):
    response = book(api_client, microsoft_agent, day_at(11))
    assert response.status_code == 201, response.content
    [event] = microsoft.all_events()
    assert response.json()["provider_event_id"] == event["id"]
    assert event["start"]["dateTime"].startswith(day_at(11).astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M"))
    created = microsoft.seen("/me/calendar/events", "POST")[0].json()
    assert created["transactionId"] and created["start"]["timeZone"] == "UTC"


@pytest.mark.django_db
def test_booking_on_the_builtin_calendar(api_client, user):
    agent = AgentFactory(user=user)
    response = book(api_client, agent, day_at(9))
    assert response.status_code == 201
    assert (response.json()["provider_event_id"], response.json()["connection_id"]) == ("", None)
    again = book(api_client, agent, day_at(9))
    assert again.status_code == 409
    assert again.json()["next_slots"][0]["start"] == day_at(9, 30).isoformat()


@pytest.mark.django_db
def test_a_taken_slot_is_409_with_the_next_free_slots_and_changes_nothing(api_client, google_agent, google):
    google.add_event("g@example.com", start=day_at(10), end=day_at(11))
    response = book(api_client, google_agent, day_at(10, 30))
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["error"]) == ("slot_unavailable", "That time is not available.")
    assert [slot["start"] for slot in body["next_slots"]][:2] == [day_at(11).isoformat(), day_at(11, 30).isoformat()]
    assert len(body["next_slots"]) == 5
    assert not Appointment.objects.exists()
    assert len(google.all_events()) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "message"),
    [
        (lambda: day_at(20), "not available"),  # outside working hours
        (lambda: day_at(10, 10), "not available"),  # off the slot grid
        (lambda: timezone.now() + timedelta(minutes=5), "too soon"),
        (lambda: day_at(10, days=20), "too far ahead"),
    ],
)
def test_times_outside_the_rules_are_409(api_client, user, start, message):
    agent = AgentFactory(user=user)
    response = book(api_client, agent, start())
    assert response.status_code == 409
    assert message in response.json()["error"]
    assert not Appointment.objects.exists()


@pytest.mark.django_db
def test_an_unreadable_calendar_is_503_and_books_nothing(api_client, google_agent, google):
    google.fail_next("/freeBusy", status=500, times=5)
    response = book(api_client, google_agent, day_at(10))
    assert response.status_code == 503
    assert response.json()["code"] == "calendar_unavailable"
    assert not Appointment.objects.exists() and not google.all_events()


@pytest.mark.django_db
def test_another_connection_needing_reauth_fails_closed(api_client, user, google_agent, microsoft):
    other = connect(api_client, microsoft, "microsoft", email="m@example.com")
    other.status, other.last_error = "needs_reauth", "revoked"
    other.save()
    response = book(api_client, google_agent, day_at(10))
    assert response.status_code == 503
    assert "needs to be connected again" in response.json()["error"]


@pytest.mark.django_db
def test_a_failed_provider_insert_stores_nothing(api_client, google_agent, google):
    google.fail_next("/events", method="POST", status=500, times=5)
    response = book(api_client, google_agent, day_at(10))
    assert response.status_code == 503
    assert not Appointment.objects.exists() and not google.all_events()


@pytest.mark.django_db
def test_a_lost_insert_answer_is_retried_without_a_duplicate(api_client, google_agent, google):
    google.slow_inserts = 1  # the event is stored, but the answer outlives the timeout
    response = book(api_client, google_agent, day_at(10))
    assert response.status_code == 201, response.content
    # The retry carried the same id: Google said 409 and the event was read back instead.
    assert [event["id"] for event in google.all_events()] == [response.json()["provider_event_id"]]
    assert len(google.seen("/events", "POST")) == 2
    assert len(google.seen(f"/events/{response.json()['provider_event_id']}", "GET")) == 1


@pytest.mark.django_db
def test_when_storing_fails_the_provider_event_is_deleted(user, google_agent, google):
    with pytest.raises(DataError):
        appointment_book(
            user=user,
            agent=google_agent,
            start=day_at(10),
            attendee_name="Casey",
            vapi_call_id="c" * 200,  # longer than the column allows; no rule of the caller's catches it
        )
    assert not Appointment.objects.exists()
    assert google.all_events() == []
    assert len(google.seen("/events/", "DELETE")) == 1


def test_attendee_details_the_model_refuses_are_refused_before_any_calendar_is_written(user, google_agent, google):
    with pytest.raises(ValidationError) as refused:
        appointment_book(
            user=user,
            agent=google_agent,
            start=day_at(10),
            attendee_name="Casey",
            attendee_phone="+1" + "5" * 40,
        )
    assert list(refused.value.message_dict) == ["attendee_phone"]
    assert not Appointment.objects.exists()
    assert google.all_events() == [] and google.seen("/events/", "POST") == []


@pytest.mark.django_db
def test_the_same_idempotency_key_returns_the_first_appointment(api_client, user, google_agent, google):
    first = book(api_client, google_agent, day_at(10), key="call-1-tool-1")
    again = book(api_client, google_agent, day_at(10), key="call-1-tool-1")
    assert first.status_code == 201 and again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert len(google.all_events()) == 1

    same = appointment_book(
        user=user,
        agent=google_agent,
        start=day_at(14),
        attendee_name="Someone else",
        idempotency_key="call-1-tool-1",
        source="voice",
    )
    assert same.pk == first.json()["id"]


@pytest.mark.django_db
def test_an_idempotency_key_belongs_to_its_manager_only(api_client, other_client, user, other_user):
    mine, theirs = AgentFactory(user=user), AgentFactory(user=other_user)
    first = book(api_client, mine, day_at(10), key="call-1-tool-1", attendee_name="Mine Only")
    second = book(other_client, theirs, day_at(10), key="call-1-tool-1", attendee_name="Theirs Only")
    assert (first.status_code, second.status_code) == (201, 201), second.content
    assert first.json()["id"] != second.json()["id"]
    assert (second.json()["user_id"], second.json()["attendee_name"]) == (other_user.pk, "Theirs Only")

    # Each manager's retry answers their own booking, never the other's.
    for client, agent, answer in ((api_client, mine, first), (other_client, theirs, second)):
        again = book(client, agent, day_at(10), key="call-1-tool-1")
        assert again.status_code == 201 and again.json() == answer.json()
    assert "Mine Only" not in other_client.get("/api/appointments").content.decode()
    assert Appointment.objects.count() == 2
    too_long = book(api_client, mine, day_at(11), key="k" * 256)
    assert too_long.status_code == 400 and "idempotency key" in too_long.json()["error"]
    assert Appointment.objects.count() == 2


@pytest.mark.django_db
def test_the_service_raises_named_errors(user, google_agent, google):
    google.add_event("g@example.com", start=day_at(10), end=day_at(11))
    with pytest.raises(SlotUnavailable) as taken:
        appointment_book(user=user, agent=google_agent, start=day_at(10), attendee_name="A")
    assert taken.value.next_slots[0].start == day_at(11)
    google.fail_next("/freeBusy", status=503, times=5)
    with pytest.raises(CalendarUnavailable) as unreadable:
        appointment_book(user=user, agent=google_agent, start=day_at(12), attendee_name="A")
    assert "cannot be read" in unreadable.value.reason


@pytest.mark.django_db
def test_cancel_deletes_the_provider_event_and_is_idempotent(api_client, google_agent, google):
    appointment_id = book(api_client, google_agent, day_at(10)).json()["id"]
    url = f"/api/appointments/{appointment_id}"
    response = api_client.patch(url, {"status": "cancelled"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert google.all_events() == []
    assert api_client.patch(url + "/", {"status": "cancelled"}, format="json").status_code == 200
    assert len(google.seen("/events/", "DELETE")) == 1
    assert api_client.patch(url, {"status": "booked"}, format="json").status_code == 400
    # The slot is free again.
    assert book(api_client, google_agent, day_at(10)).status_code == 201


@pytest.mark.django_db
def test_cancel_tolerates_an_event_already_gone_and_reports_an_unreachable_one(api_client, google_agent, google):
    first = book(api_client, google_agent, day_at(10)).json()
    second = book(api_client, google_agent, day_at(11)).json()
    google.events["g@example.com"].clear()
    assert cancel(api_client, first["id"]).status_code == 200
    google.fail_next("/events/", method="DELETE", status=503, times=5)
    response = cancel(api_client, second["id"])
    assert response.status_code == 503
    assert Appointment.objects.get(pk=second["id"]).status == "booked"


@pytest.mark.django_db
def test_microsoft_cancel_deletes_the_graph_event(api_client, microsoft_agent, microsoft):
    appointment_id = book(api_client, microsoft_agent, day_at(10)).json()["id"]
    assert cancel(api_client, appointment_id).status_code == 200
    assert microsoft.all_events() == []


# Concurrency ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_bookings_of_one_slot_make_one_appointment(api_client, user, google_agent, google):
    start = day_at(10)
    barrier = threading.Barrier(20)
    outcomes = []

    def attempt(number):
        try:
            barrier.wait()
            appointment_book(
                user=user,
                agent=google_agent,
                start=start,
                attendee_name=f"Caller {number}",
                source="voice",
            )
            outcomes.append("booked")
        except SlotUnavailable:
            outcomes.append("taken")
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            outcomes.append(repr(exc))
        finally:
            db_connection.close()

    threads = [threading.Thread(target=attempt, args=(number,)) for number in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["booked"] + ["taken"] * 19
    assert Appointment.objects.filter(status="booked").count() == 1
    assert len(google.all_events()) == 1


@pytest.mark.django_db
def test_booking_after_a_token_refresh_uses_the_rotated_tokens(api_client, microsoft_agent, microsoft):
    microsoft.expire_access_tokens()  # the live read refreshes and rotates the refresh token first
    response = book(api_client, microsoft_agent, day_at(10))
    assert response.status_code == 201, response.content
    microsoft_agent.booking_calendar.refresh_from_db()
    assert microsoft_agent.booking_calendar.status == "active"
