"""Sending: at most once however often a task runs, retries with backoff, failures recorded
with the reason and never touching the booking, the manager told of voice bookings."""

import pytest

from calendars.models import Appointment
from notifications.models import Notification
from notifications.tasks import send_notification
from voice.tests.conftest import Vapi
from voice.tests.tools_support import book as voice_book
from voice.tests.tools_support import free_starts

from .flows import book, day_at, notifications


def _texts(appointment_id):
    return Notification.objects.get(appointment_id=appointment_id, kind="confirmation", channel="sms")


@pytest.mark.django_db
def test_a_text_retried_twice_is_sent_once_and_running_the_task_again_sends_nothing(
    api_client, agent, smtp_server, fake_twilio, django_capture_on_commit_callbacks
):
    fake_twilio.fail_next(503, times=2)
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(api_client, agent, day_at(10))
    row = _texts(booked["id"])
    assert (row.status, row.attempts, row.error) == ("sent", 3, "")
    assert len(fake_twilio.requests) == 3 and len(fake_twilio.texts) == 1

    for _ in range(3):
        send_notification.apply(args=[row.pk])
    email = Notification.objects.get(appointment_id=booked["id"], kind="confirmation", channel="email")
    send_notification.apply(args=[email.pk])
    assert len(fake_twilio.texts) == 1 and len(smtp_server.to("casey@example.com")) == 1
    assert _texts(booked["id"]).attempts == 3


@pytest.mark.django_db
def test_a_provider_that_keeps_failing_ends_failed_with_the_reason_and_the_viewing_stays_booked(
    api_client, agent, smtp_server, fake_twilio, django_capture_on_commit_callbacks
):
    fake_twilio.fail_next(503, times=20)
    smtp_server.refuse("casey@example.com", 550, "5.1.1 No such mailbox here")
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(api_client, agent, day_at(11))
    assert Appointment.objects.get(pk=booked["id"]).status == "booked"
    sent = {
        n["channel"]: n for n in notifications(api_client, appointment_id=booked["id"]) if n["kind"] == "confirmation"
    }
    assert sent["sms"]["status"] == "failed" and "Twilio answered 503" in sent["sms"]["error"]
    assert len(fake_twilio.requests) == send_notification.max_retries + 1
    # A refused address is not retried.
    assert sent["email"]["status"] == "failed" and "550" in sent["email"]["error"]
    assert "No such mailbox" in sent["email"]["error"] and smtp_server.messages == []
    assert Notification.objects.get(pk=sent["email"]["id"]).attempts == 1


@pytest.mark.django_db
def test_a_number_twilio_refuses_fails_at_once_with_twilios_reason(
    api_client, agent, smtp_server, fake_twilio, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(api_client, agent, day_at(12), attendee_phone="5550123")
    row = _texts(booked["id"])
    assert row.status == "failed" and row.attempts == 1
    assert "error 21211" in row.error and "Invalid 'To' Phone Number" in row.error
    assert fake_twilio.texts == []


@pytest.mark.django_db
def test_without_twilio_there_are_no_texts(api_client, agent, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(api_client, agent, day_at(13))
    assert {n["channel"] for n in notifications(api_client, appointment_id=booked["id"])} == {"email"}


@pytest.mark.django_db
def test_a_voice_booking_emails_the_manager_and_the_renter_gets_the_confirmation(
    api_client, user, agent, smtp_server, django_capture_on_commit_callbacks
):
    start = free_starts(agent)[3]
    with django_capture_on_commit_callbacks(execute=True):
        result = voice_book(Vapi(), agent, start, attendee_email="jamie@example.com")
    assert "error" not in result, result
    appointment = Appointment.objects.get()
    [manager_email] = smtp_server.to(user.email)
    assert manager_email["Subject"].startswith("Viewing booked: Jamie Renter")
    text = manager_email.get_body(preferencelist=("plain",)).get_content()
    assert "by phone with your assistant" in text and "+15125550199" in text
    assert not [part for part in manager_email.walk() if part.get_content_type() == "text/calendar"]
    assert len(smtp_server.to("jamie@example.com")) == 1
    kinds = {(n.kind, n.to, n.status) for n in appointment.notifications.exclude(kind="reminder")}
    assert kinds == {("manager", user.email, "sent"), ("confirmation", "jamie@example.com", "sent")}


@pytest.mark.django_db
def test_a_voice_cancel_emails_the_manager_and_sends_the_renter_the_cancellation(
    api_client, user, agent, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(api_client, agent, day_at(15), attendee_phone="+15125550199")
    with django_capture_on_commit_callbacks(execute=True):
        entry = Vapi().tool(agent, "cancel_appointment", {"attendee_phone": "512-555-0199"}, tool_call_id="cancel_1")
    assert "Cancelled the viewing" in str(entry)
    [manager_email] = smtp_server.to(user.email)
    assert manager_email["Subject"].startswith("Viewing cancelled: Casey Renter")
    assert "by phone with your assistant" in manager_email.get_body(preferencelist=("plain",)).get_content()
    assert "is cancelled" in smtp_server.to("casey@example.com")[-1]["Subject"]
    assert Notification.objects.get(appointment_id=booked["id"], kind="manager").by == "voice"


@pytest.mark.django_db
def test_the_sweep_sends_due_reminders_once_and_never_resends_an_interrupted_send(
    api_client, agent, smtp_server, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from notifications.tasks import send_due_notifications

    with django_capture_on_commit_callbacks(execute=True):
        booked = book(api_client, agent, day_at(16))
    reminders = Notification.objects.filter(appointment_id=booked["id"], kind="reminder").order_by("offset_minutes")
    later, earlier = reminders  # 120 minutes before, then a day before
    # As if their times had come: one due now, one whose sender was killed twenty minutes ago.
    Notification.objects.filter(pk=later.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    Notification.objects.filter(pk=earlier.pk).update(
        due_at=timezone.now() - timedelta(minutes=30), claimed_at=timezone.now() - timedelta(minutes=20)
    )
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            send_due_notifications.apply()
    later.refresh_from_db()
    earlier.refresh_from_db()
    assert (later.status, later.attempts) == ("sent", 1)
    assert earlier.status == "failed" and "not sent again" in earlier.error and earlier.attempts == 0
    subjects = [message["Subject"] for message in smtp_server.to("casey@example.com")]
    assert len(subjects) == 2 and subjects[1] == "Reminder: your viewing is in 2 hours"


@pytest.mark.django_db
def test_credentials_twilio_refuses_end_the_text_failed_without_retrying_or_showing_the_token(
    api_client, agent, settings, smtp_server, fake_twilio, django_capture_on_commit_callbacks
):
    settings.TWILIO_AUTH_TOKEN = "not-the-token"
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(api_client, agent, day_at(14))
    row = _texts(booked["id"])
    assert (row.status, row.attempts) == ("failed", 1)
    assert "401" in row.error and "20003" in row.error and "not-the-token" not in row.error
    assert len(fake_twilio.requests) == 1 and fake_twilio.texts == []
