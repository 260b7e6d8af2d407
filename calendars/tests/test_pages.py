"""The calendar pages, driven like a browser: a signed-in manager's real session and CSRF-free test client."""
import pytest
from django.test import Client

from calendars.models import Appointment
from testsupport.clients import signed_in

from .factories import AgentFactory, RentalFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 40


@pytest.fixture
def browser(user):
    return signed_in(user, Client)


@pytest.mark.parametrize("zone", ["America/Chicago", "Asia/Tokyo"])
@pytest.mark.parametrize(
    "start", ["9999-12-31T23:59", "9999-12-31 23:59", "0001-01-01T00:00", "2200-01-02T00:00", "1969-06-01T00:00"]
)
def test_a_far_date_on_the_booking_page_is_a_form_error(browser, user, zone, start):
    user.timezone = zone
    user.save(update_fields=["timezone"])
    agent = AgentFactory(user=user, timezone=zone)

    response = browser.post("/calendar/appointments/new/", {"agent": agent.pk, "start": start, "attendee_name": "A"})

    assert response.status_code == 200
    assert "Use a date between 1970 and 2199." in response.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("field", ["agent", "rental"])
@pytest.mark.parametrize("value", [HUGE, f"-{HUGE}", "1e400", "1.5"])
def test_a_huge_or_odd_number_on_the_booking_page_is_a_form_error(browser, user, field, value):
    form = {"agent": AgentFactory(user=user).pk, "rental": RentalFactory(user=user).pk,
            "start": "2030-01-07T10:00", "attendee_name": "A", field: value}

    response = browser.post("/calendar/appointments/new/", form)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Appointment.objects.exists()
