"""Text a caller or a listing site chose, in a message's headers and invite: a line break in a
name or an address never adds a header, and the message still goes out."""

import pytest

from calendars.models import Appointment
from voice.tests.conftest import Vapi
from voice.tests.tools_support import book as voice_book
from voice.tests.tools_support import free_starts

from .flows import invite_event, parts

INJECTED = "Jamie\r\nBcc: thief@evil.example\r\nX-Injected: yes"


@pytest.mark.django_db
def test_a_line_break_in_the_callers_name_adds_no_header_and_the_manager_is_still_told(
    user, agent, smtp_server, django_capture_on_commit_callbacks
):
    start = free_starts(agent)[3]
    with django_capture_on_commit_callbacks(execute=True):
        result = voice_book(Vapi(), agent, start, attendee_name=INJECTED, attendee_email="jamie@example.com")
    assert "error" not in result, result
    appointment = Appointment.objects.get()
    statuses = {(n.kind, n.status, n.error) for n in appointment.notifications.exclude(kind="reminder")}
    assert {status for _, status, _ in statuses} == {"sent"}, statuses
    [manager_email] = smtp_server.to(user.email)
    assert manager_email["X-Injected"] is None and manager_email["Bcc"] is None
    assert "\n" not in manager_email["Subject"] and "Jamie" in manager_email["Subject"]
    assert smtp_server.to("thief@evil.example") == []
    [renter_email] = smtp_server.to("jamie@example.com")
    _, _, ics, _ = parts(renter_email)
    _, event = invite_event(ics)
    assert "X-Injected" not in [key.upper() for key in event] and "BCC" not in [key.upper() for key in event]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email",
    [
        "jamie@example.com\r\nBcc: thief@evil.example",
        "jamie@example.com\nX-Injected: yes",
        "jamie@example.com, thief@evil.example",
    ],
)
def test_an_email_address_with_a_header_in_it_is_never_written_to(
    user, agent, smtp_server, email, django_capture_on_commit_callbacks
):
    start = free_starts(agent)[3]
    with django_capture_on_commit_callbacks(execute=True):
        result = voice_book(Vapi(), agent, start, attendee_email=email)
    assert result.get("error") == "attendee_email is not an email address."  # the caller is asked again
    assert not Appointment.objects.exists() and smtp_server.messages == []
