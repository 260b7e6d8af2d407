"""Reminders through a real Celery worker and beat on the local Redis: the booking queues the
confirmation, the reminder waits in the table as a due time, the beat's one-minute sweep hands
it to a worker started after the first one stopped, and each message goes out once."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from agents.tests.factories import AgentFactory
from calendars.selectors import agent_free_slots
from notifications.models import Notification
from testsupport.celery import running_beat, running_worker
from testsupport.fakes.twilio import twilio_env
from testsupport.smtp import smtp_env

from .flows import book, parts


def _wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_reminder_is_sent_by_the_beat_sweep_and_a_worker_restart_loses_nothing(
    api_client, user, smtp_server, fake_twilio, monkeypatch, tmp_path
):
    # The worker and beat are other processes: they read these from their environment.
    for name, value in {**smtp_env(smtp_server), **twilio_env(fake_twilio)}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://leaseline.example.com")
    agent = AgentFactory(
        user=user,
        min_notice_minutes=0,
        working_hours={day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    )
    now = timezone.now()
    start = next(
        s.start for s in agent_free_slots(user=user, agent=agent).slots if s.start - now >= timedelta(minutes=7)
    )
    # A reminder due within the next minute (offsets are whole minutes).
    offset = int((start - now).total_seconds() // 60)
    agent.reminder_minutes = [offset]
    agent.save(update_fields=["reminder_minutes"])

    with running_worker():
        booked = book(api_client, agent, start)
        assert _wait_for(lambda: len(smtp_server.to("casey@example.com")) == 1 and fake_twilio.texts, 30)
    reminders = Notification.objects.filter(appointment_id=booked["id"], kind="reminder")
    assert {(r.channel, r.status, r.offset_minutes) for r in reminders} == {
        ("email", "queued", offset),
        ("sms", "queued", offset),
    }
    assert all(r.due_at == start - timedelta(minutes=offset) > now for r in reminders)

    # No worker holds the reminder: a new worker and beat find it in the table when it is due.
    with running_worker(), running_beat(tmp_path):
        assert _wait_for(lambda: not reminders.filter(status="queued").exists(), 150), "the sweep sent nothing"
        time.sleep(3)  # a second sweep or a duplicate task would send again here
    assert {(r.channel, r.status) for r in reminders.all()} == {("email", "sent"), ("sms", "sent")}
    emails = smtp_server.to("casey@example.com")
    assert len(emails) == 2 and emails[1]["Subject"].startswith("Reminder: your viewing is in ")
    assert parts(emails[1])[3].get_param("method") == "REQUEST"
    assert len(fake_twilio.texts) == 2 and "reminder" in fake_twilio.texts[1].body
    assert all(r.sent_at >= r.due_at for r in reminders.all())
