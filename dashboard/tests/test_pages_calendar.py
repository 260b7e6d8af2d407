"""The calendar page: cancelling a viewing and the connect buttons."""

import pytest

from calendars.models import Appointment

pytestmark = pytest.mark.django_db


def test_cancel_an_appointment_from_the_calendar_page(web, owned):
    response = web.post(f"/calendar/appointments/{owned['appointment'].pk}/cancel/")
    assert response.status_code == 302
    assert Appointment.objects.get(pk=owned["appointment"].pk).status == "cancelled"


def test_connect_buttons_explain_when_a_provider_is_not_configured(web, settings):
    settings.MICROSOFT_CLIENT_ID = settings.GOOGLE_CLIENT_ID = ""
    page = web.get("/calendar/").content.decode()
    assert page.count("disabled") >= 2 and "isn't set up on this server yet" in page
    response = web.post("/calendar/connect/google/", follow=True)
    assert "not configured" in response.content.decode()
