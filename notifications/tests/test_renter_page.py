"""The renter's page, /v/<token>: see the viewing, confirm, cancel, pick another free time."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from calendars.models import Appointment
from calendars.selectors import agent_free_slots
from calendars.tests.factories import AppointmentFactory, RentalFactory
from notifications.links import renter_url
from notifications.models import Notification, ViewingConfirmation
from voice.tests.conftest import Vapi
from voice.tests.tools_support import book as voice_book

from .flows import book, day_at, invite_event, parts, renter_path


def _booked_with_link(api_client, agent, smtp_server, capture, start, **extra):
    with capture(execute=True):
        booked = book(api_client, agent, start, **extra)
    [message] = smtp_server.to(extra.get("attendee_email", "casey@example.com"))
    return booked, renter_path(parts(message)[0])


def _free_after(agent, start, skip=2):
    return [slot.start for slot in agent_free_slots(user=agent.user, agent=agent).slots if slot.start > start][skip]


@pytest.mark.django_db
def test_the_page_shows_the_viewing_in_words_with_free_times_to_pick(
    api_client, user, agent, smtp_server, django_capture_on_commit_callbacks
):
    rental = RentalFactory(user=user, address="12 Oak Street, Austin, TX 78701", title="Two-bed by the park")
    booked, path = _booked_with_link(
        api_client, agent, smtp_server, django_capture_on_commit_callbacks, day_at(10), rental_id=rental.pk
    )
    page = Client().get(path)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]  # a page behind a key is not cached
    html = page.content.decode()
    assert "12 Oak Street, Austin, TX 78701" in html and "Maple Leasing" in html and "Casey Renter" in html
    assert "10:00–10:30 AM" in html and "(Chicago time)" in html and "America/" not in html
    assert "T10:00" not in html and "+00:00" not in html.split('name="start"')[0]
    assert 'name="csrfmiddlewaretoken"' in html and 'type="radio" name="start"' in html
    assert "I&#x27;ll be there" in html or "I'll be there" in html
    # The picker's other days come from the renter's own endpoint (no sign-in), as htmx asks.
    next_day = (day_at(10) + timedelta(days=1)).date().isoformat()
    assert f"{path}/slots?" in html
    other_day = Client().get(f"{path}/slots", {"day": next_day, "name": "start"}, HTTP_HX_REQUEST="true")
    assert other_day.status_code == 200 and 'class="slot-picker"' in other_day.content.decode()
    assert 'type="radio" name="start"' in other_day.content.decode()
    assert Client().get(f"{path[:-1]}x/slots", {"day": next_day}).status_code == 404


@pytest.mark.django_db
def test_confirm_and_cancel_from_the_page(api_client, user, agent, smtp_server, django_capture_on_commit_callbacks):
    booked, path = _booked_with_link(api_client, agent, smtp_server, django_capture_on_commit_callbacks, day_at(11))
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path)
    token = page.cookies["csrftoken"].value
    assert browser.post(path, {"action": "confirm"}).status_code == 403  # no CSRF token: refused
    confirmed = browser.post(path, {"action": "confirm", "csrfmiddlewaretoken": token}, follow=True)
    assert confirmed.status_code == 200 and "your viewing is confirmed" in confirmed.content.decode()
    assert ViewingConfirmation.objects.get().appointment_id == booked["id"]

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = browser.post(path, {"action": "cancel", "csrfmiddlewaretoken": token}, follow=True)
    assert "Your viewing is cancelled." in cancelled.content.decode()
    assert Appointment.objects.get(pk=booked["id"]).status == "cancelled"
    assert "is cancelled" in smtp_server.to("casey@example.com")[-1]["Subject"]
    [manager] = smtp_server.to(user.email)
    assert manager["Subject"].startswith("Viewing cancelled: Casey Renter")
    assert "by the renter on their page" in manager.get_body(preferencelist=("plain",)).get_content()
    assert browser.post(path, {"action": "cancel", "csrfmiddlewaretoken": token}).status_code == 400


@pytest.mark.django_db
def test_a_reschedule_moves_the_same_appointment_and_sends_the_new_time(
    api_client, user, agent, smtp_server, django_capture_on_commit_callbacks
):
    booked, path = _booked_with_link(api_client, agent, smtp_server, django_capture_on_commit_callbacks, day_at(10))
    old_reminders = set(Notification.objects.filter(kind="reminder").values_list("pk", flat=True))
    new_start = _free_after(agent, day_at(10))
    with django_capture_on_commit_callbacks(execute=True):
        moved = Client().post(path, {"action": "reschedule", "start": new_start.isoformat()}, follow=True)
    assert moved.status_code == 200 and "Your viewing has moved to" in moved.content.decode()
    appointment = Appointment.objects.get()
    assert (appointment.pk, appointment.start, appointment.sequence) == (booked["id"], new_start, 1)

    confirmation, reschedule = smtp_server.to("casey@example.com")
    assert "has moved to" in reschedule["Subject"]
    _, first = invite_event(parts(confirmation)[2])
    calendar, event = invite_event(parts(reschedule)[2])
    assert calendar["METHOD"] == "REQUEST" and str(event["UID"]) == str(first["UID"])
    assert (event["SEQUENCE"], event.decoded("DTSTART")) == (1, new_start.astimezone(UTC))
    assert renter_path(parts(reschedule)[0]) == path  # the same link keeps working
    [manager] = smtp_server.to(user.email)
    assert manager["Subject"].startswith("Viewing moved: Casey Renter")
    assert set(Notification.objects.filter(pk__in=old_reminders).values_list("status", "error").distinct()) == {
        ("skipped", "The viewing moved.")
    }
    assert Notification.objects.filter(kind="reminder", sequence=1, status="queued").count() == 2


@pytest.mark.django_db
def test_a_taken_time_is_refused_with_the_nearest_free_ones(
    api_client, agent, smtp_server, django_capture_on_commit_callbacks
):
    booked, path = _booked_with_link(api_client, agent, smtp_server, django_capture_on_commit_callbacks, day_at(10))
    taken = day_at(14)
    book(api_client, agent, taken, attendee_phone="+15125550177", attendee_email="")
    refused = Client().post(path, {"action": "reschedule", "start": taken.isoformat()})
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "That time is not available." in html and "The nearest free times" in html
    assert Appointment.objects.get(pk=booked["id"]).start == day_at(10)
    assert Client().post(path, {"action": "reschedule", "start": "next tuesday"}).status_code == 400


@pytest.mark.django_db
def test_an_ended_altered_or_unknown_link_is_a_clear_404_page(api_client, user, agent):
    ended = AppointmentFactory(
        user=user, agent=agent, start=timezone.now() - timedelta(hours=2), end=timezone.now() - timedelta(hours=1)
    )
    current = AppointmentFactory(user=user, agent=agent, start=timezone.now() + timedelta(days=1))
    good = renter_url(current).removeprefix("https://leaseline.example.com")
    payload, signature = good.removeprefix("/v/").split(":")
    other = AppointmentFactory(user=user, agent=agent, start=timezone.now() + timedelta(days=2))
    swapped = "/v/" + renter_url(other).rsplit("/", 1)[1].split(":")[0] + ":" + signature
    gone = AppointmentFactory(user=user, agent=agent)
    deleted = renter_url(gone).removeprefix("https://leaseline.example.com")
    gone.delete()
    for path in (
        renter_url(ended).removeprefix("https://leaseline.example.com"),
        good[:-2] + ("A" if good[-2] != "A" else "B") + good[-1],
        swapped,
        deleted,
        "/v/not-a-token",
        "/v/" + "x" * 600,
    ):
        response = Client().get(path)
        assert response.status_code == 404, path
        html = response.content.decode()
        assert "This link no longer works" in html and "Traceback" not in html
        assert 'class="renter"' in html
    assert Client().get(good).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_reschedule_racing_a_voice_booking_for_the_same_time_lets_exactly_one_win(
    api_client, user, agent, smtp_server, fake_twilio
):
    booked = book(api_client, agent, day_at(10))
    path = renter_url(Appointment.objects.get(pk=booked["id"])).removeprefix("https://leaseline.example.com")
    contested = _free_after(agent, day_at(10))
    barrier = threading.Barrier(2)
    results = {}

    def renter():
        try:
            barrier.wait(timeout=10)
            results["renter"] = Client().post(path, {"action": "reschedule", "start": contested.isoformat()})
        finally:
            connection.close()

    def caller():
        try:
            barrier.wait(timeout=10)
            results["voice"] = voice_book(Vapi(), agent, contested, tool_call_id="call_race_1")
        finally:
            connection.close()

    threads = [threading.Thread(target=renter), threading.Thread(target=caller)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    at_contested = Appointment.objects.filter(start=contested, status="booked")
    assert at_contested.count() == 1
    renter_won = results["renter"].status_code == 302
    voice_won = "error" not in results["voice"] and "booked" in str(results["voice"]).lower()
    assert renter_won != voice_won, (results["renter"].status_code, results["voice"])
    if renter_won:
        assert at_contested.get().pk == booked["id"]
    else:
        assert results["renter"].status_code == 409
        assert Appointment.objects.get(pk=booked["id"]).start == day_at(10)
    assert datetime.fromisoformat(booked["start"]) == day_at(10)


@pytest.mark.django_db
def test_a_reschedule_on_google_writes_the_new_event_and_removes_the_old(
    api_client, user, google_agent, google, smtp_server, django_capture_on_commit_callbacks
):
    booked, path = _booked_with_link(
        api_client, google_agent, smtp_server, django_capture_on_commit_callbacks, day_at(10)
    )
    [old_event] = google.all_events()
    new_start = _free_after(google_agent, day_at(10))
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(path, {"action": "reschedule", "start": new_start.isoformat()}).status_code == 302
    [event] = google.all_events()
    appointment = Appointment.objects.get(pk=booked["id"])
    assert event["id"] == appointment.provider_event_id != old_event["id"]
    assert datetime.fromisoformat(event["start"]["dateTime"].replace("Z", "+00:00")) == new_start
    assert appointment.sequence == 1


@pytest.mark.django_db
def test_a_calendar_that_cannot_be_written_leaves_the_viewing_where_it_was(
    api_client, google_agent, google, smtp_server, django_capture_on_commit_callbacks
):
    booked, path = _booked_with_link(
        api_client, google_agent, smtp_server, django_capture_on_commit_callbacks, day_at(11)
    )
    new_start = _free_after(google_agent, day_at(11))
    google.fail_next("/events", status=500, times=10, method="POST")
    refused = Client().post(path, {"action": "reschedule", "start": new_start.isoformat()})
    assert refused.status_code == 503 and "cannot be changed just now" in refused.content.decode()
    appointment = Appointment.objects.get(pk=booked["id"])
    assert (appointment.start, appointment.sequence) == (day_at(11), 0)
    assert len(google.all_events()) == 1
    assert not Notification.objects.filter(kind="reschedule").exists()
