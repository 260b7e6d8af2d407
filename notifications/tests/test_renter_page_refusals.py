"""The renter's page refuses, with nothing changed: a time in the past, outside the agent's
hours or of another year, junk in the picker's day, and anything at all on a cancelled viewing."""

import pytest
from django.test import Client

from calendars.models import Appointment

from .flows import book, cancel, day_at, parts, renter_path


def _booked(api_client, agent, smtp_server, capture, start):
    with capture(execute=True):
        booked = book(api_client, agent, start)
    [message] = smtp_server.to("casey@example.com")
    return booked, renter_path(parts(message)[0])


@pytest.mark.django_db
def test_a_time_outside_the_agents_free_slots_is_refused_and_nothing_moves(
    api_client, agent, smtp_server, django_capture_on_commit_callbacks
):
    booked, path = _booked(api_client, agent, smtp_server, django_capture_on_commit_callbacks, day_at(10))
    before = Appointment.objects.get(pk=booked["id"])
    for start in (
        day_at(10, days=-1),  # yesterday
        day_at(3),  # the middle of the night
        day_at(10, 7),  # not on a slot boundary
        day_at(10, days=4000),  # past the booking horizon
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "²",
    ):
        value = start if isinstance(start, str) else start.isoformat()
        response = Client().post(path, {"action": "reschedule", "start": value})
        assert response.status_code in (400, 409), (value, response.status_code)
        assert "Traceback" not in response.content.decode()
    after = Appointment.objects.get(pk=booked["id"])
    assert (after.start, after.sequence, after.status) == (before.start, before.sequence, "booked")
    for day in ("", "²", "99999-01-01", "2026-13-45", "x" * 500):
        assert Client().get(f"{path}/slots", {"day": day}).status_code == 200
        assert Client().get(path, {"day": day}).status_code == 200


@pytest.mark.django_db
def test_a_cancelled_viewings_link_shows_it_cancelled_and_changes_nothing(
    api_client, agent, smtp_server, django_capture_on_commit_callbacks
):
    booked, path = _booked(api_client, agent, smtp_server, django_capture_on_commit_callbacks, day_at(10))
    cancel(api_client, booked["id"])
    page = Client().get(path)
    assert page.status_code == 200 and "cancelled" in page.content.decode().lower()
    for action in ("confirm", "cancel", "reschedule"):
        response = Client().post(path, {"action": action, "start": day_at(11).isoformat()})
        assert response.status_code == 400, action
    assert Client().get(f"{path}/slots").status_code == 404
    after = Appointment.objects.get(pk=booked["id"])
    assert (after.status, after.start) == ("cancelled", day_at(10)) and not hasattr(after, "renter_confirmation")
