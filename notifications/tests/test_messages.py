"""Messages to the renter and the manager, read back from a real SMTP server and the Twilio fake."""

from datetime import UTC, timedelta

import pytest

from calendars.models import Appointment
from leads.models import Lead
from notifications.models import Notification

from .flows import book, cancel, day_at, invite_event, notifications, parts, renter_path


@pytest.mark.django_db
def test_a_booking_sends_the_confirmation_with_an_invite_and_a_text(
    api_client, user, agent, smtp_server, fake_twilio, django_capture_on_commit_callbacks
):
    start = day_at(10)
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(api_client, agent, start)

    [message] = smtp_server.to("casey@example.com")
    assert message["From"] == "LeaseLine <viewings@leaseline.example.com>"
    assert message["To"] == "casey@example.com"
    assert message["Reply-To"] == user.email  # a renter's reply reaches the manager
    assert message["Subject"].startswith("Your viewing on ")
    text, html, ics, part = parts(message)
    assert "Your viewing is booked for" in text and "Chicago time" in text and "America/" not in text
    assert "T10:00" not in text  # times in words, never ISO
    link_path = renter_path(text)
    assert link_path.startswith("/v/") and link_path in html
    assert part.get_param("method") == "REQUEST"
    calendar, event = invite_event(ics)
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"viewing-{booked['id']}@leaseline.example.com"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == start.astimezone(UTC) and event["DTSTART"].to_ical().endswith(b"Z")
    assert event.decoded("DTEND") == start.astimezone(UTC) + timedelta(minutes=agent.slot_minutes)
    assert str(event["ORGANIZER"]) == f"mailto:{user.email}"
    assert str(event["ATTENDEE"]) == "mailto:casey@example.com"
    assert link_path in str(event["DESCRIPTION"])

    [text_message] = fake_twilio.texts
    assert (text_message.to, text_message.from_) == ("+15125550123", "+15005550006")
    assert link_path in text_message.body and len(text_message.body) <= 320
    assert fake_twilio.requests[0]["headers"]["Content-Type"] == "application/x-www-form-urlencoded"

    sent = notifications(api_client, appointment_id=booked["id"])
    confirmations = {(n["channel"], n["status"]) for n in sent if n["kind"] == "confirmation"}
    assert confirmations == {("email", "sent"), ("sms", "sent")}
    assert all(n["lead_id"] == booked["lead_id"] and n["lead_id"] for n in sent)
    reminders = sorted((n["due_at"], n["channel"]) for n in sent if n["kind"] == "reminder")
    assert len(reminders) == 4 and {n["status"] for n in sent if n["kind"] == "reminder"} == {"queued"}
    # An API booking is the manager's own: no email to the manager.
    assert not [n for n in sent if n["kind"] == "manager"]


@pytest.mark.django_db
def test_a_cancel_sends_the_same_invite_cancelled_and_drops_the_reminders(
    api_client, agent, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(api_client, agent, day_at(11))
    with django_capture_on_commit_callbacks(execute=True):
        cancel(api_client, booked["id"])

    confirmation, cancellation = smtp_server.to("casey@example.com")
    assert "is cancelled" in cancellation["Subject"]
    text, _, ics, part = parts(cancellation)
    assert part.get_param("method") == "CANCEL" and "cancelled" in text
    calendar, event = invite_event(ics)
    _, first = invite_event(parts(confirmation)[2])
    assert calendar["METHOD"] == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == str(first["UID"])
    sent = notifications(api_client, appointment_id=booked["id"])
    assert {n["status"] for n in sent if n["kind"] == "reminder"} == {"skipped"}
    assert {n["error"] for n in sent if n["kind"] == "reminder"} == {"The viewing was cancelled."}


@pytest.mark.django_db
def test_a_booking_closer_than_a_reminder_gets_only_the_later_reminder(
    api_client, agent, smtp_server, django_capture_on_commit_callbacks
):
    agent.reminder_minutes = [1440, 120]
    agent.min_notice_minutes = 180
    agent.save()
    from calendars.selectors import agent_free_slots

    slots = agent_free_slots(user=agent.user, agent=agent).slots
    soon = next(slot.start for slot in slots if slot.start - timedelta(hours=20) < slots[0].start)
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(api_client, agent, soon)
    reminders = [n for n in notifications(api_client, appointment_id=booked["id"]) if n["kind"] == "reminder"]
    row = Notification.objects.get(pk=reminders[0]["id"])
    assert [r.offset_minutes for r in Notification.objects.filter(kind="reminder")] == [120]
    assert row.due_at == Appointment.objects.get(pk=booked["id"]).start - timedelta(minutes=120)


@pytest.mark.django_db
def test_a_renter_who_asked_not_to_be_contacted_gets_nothing(
    api_client, user, agent, smtp_server, fake_twilio, django_capture_on_commit_callbacks
):
    Lead.objects.create(user=user, phone="+15125550123", do_not_contact=True)
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(api_client, agent, day_at(12))
    assert Appointment.objects.get(pk=booked["id"]).status == "booked"
    assert smtp_server.messages == [] and fake_twilio.texts == []
    sent = notifications(api_client, appointment_id=booked["id"])
    assert {(n["kind"], n["status"], n["error"]) for n in sent} == {
        ("confirmation", "skipped", "The renter asked not to be contacted.")
    }


@pytest.mark.django_db
def test_without_email_configured_emails_are_skipped_with_the_reason(
    api_client, agent, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(api_client, agent, day_at(13))
    [confirmation] = [n for n in notifications(api_client, appointment_id=booked["id"]) if n["kind"] == "confirmation"]
    assert (confirmation["channel"], confirmation["status"]) == ("email", "skipped")
    assert "EMAIL_URL" in confirmation["error"]
