"""One rule set: the API, the pages, the admin and the services refuse the same bad input,
because every one of them asks the model (field validators, clean_fields, clean)."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.tests.factories import UserFactory
from agents.models import Agent
from agents.services import agent_create
from rentals.models import Rental, RentalSource
from rentals.services import rental_create, source_create
from testsupport.clients import signed_in

pytestmark = pytest.mark.django_db

NEGATIVE_RENT = {"title": "Loft", "price": "-1200"}
EMPTY_RENTAL = {}
PAGE_DEFAULTS = {"currency": "USD", "status": "available"}


@pytest.fixture
def page(user):
    return signed_in(user, Client)


@pytest.fixture
def admin_page(client):
    client.force_login(UserFactory(email="staff@leaseline.test", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (NEGATIVE_RENT, "price", "Rent can't be negative."),
        (EMPTY_RENTAL, "non_field_errors", "Give the rental a title, an address or its listing's link."),
    ],
)
def test_every_way_in_refuses_the_same_rental(api_client, page, admin_page, user, fields, field, message):
    api = api_client.post("/api/rentals", fields, format="json")
    assert api.status_code == 400 and api.json()["fields"][field] == [message]

    form_page = page.post("/rentals/new/", {**PAGE_DEFAULTS, **fields})
    assert form_page.status_code == 200 and message in form_page.content.decode().replace("&#x27;", "'")

    admin = admin_page.post("/admin/rentals/rental/add/", {"user": user.pk, **PAGE_DEFAULTS, "photos": "[]", **fields})
    assert admin.status_code == 200 and message in admin.content.decode().replace("&#x27;", "'")

    with pytest.raises(ValidationError) as refused:
        rental_create(user=user, **fields)
    assert message in str(refused.value)
    assert not Rental.objects.exists()


def test_every_way_in_refuses_a_link_local_source(api_client, page, admin_page, user):
    address = "http://169.254.169.254/latest"
    api = api_client.post("/api/rentals/sources", {"website_url": address}, format="json")
    [message] = api.json()["fields"]["website_url"]

    form_page = page.post(
        "/sources/new/", {"website_url": address, "scrape_interval_minutes": 1440, "strategy": "auto"}
    )
    assert form_page.status_code == 200 and message in form_page.content.decode().replace("&#x27;", "'")

    admin = admin_page.post(
        "/admin/rentals/rentalsource/add/",
        {"user": user.pk, "website_url": address, "scraping_config": "{}", "scrape_interval_minutes": 1440},
    )
    assert admin.status_code == 200 and message in admin.content.decode().replace("&#x27;", "'")

    with pytest.raises(ValidationError) as refused:
        source_create(user=user, website_url=address)
    assert refused.value.message_dict["website_url"] == [message]
    assert not RentalSource.objects.exists()


def test_every_way_in_refuses_the_same_working_hours(api_client, page, user):
    overlapping = {"mon": [["09:00", "13:00"], ["12:00", "17:00"]]}
    message = "Monday: 09:00–13:00 and 12:00–17:00 overlap."
    api = api_client.post("/api/agents", {"agent_name": "Maple", "working_hours": overlapping}, format="json")
    assert api.status_code == 400 and api.json()["fields"]["working_hours"] == [message]

    week = {"mon_open": "on", "mon_start": "09:00", "mon_end": "13:00", "mon_start2": "12:00", "mon_end2": "17:00"}
    form_page = page.post(
        "/agents/new/",
        {
            "agent_name": "Maple",
            "timezone": "UTC",
            "slot_minutes": 30,
            "buffer_minutes": 0,
            "min_notice_minutes": 60,
            "booking_horizon_days": 14,
            **week,
        },
    )
    assert form_page.status_code == 200 and message in form_page.content.decode()

    with pytest.raises(ValidationError) as refused:
        agent_create(user=user, agent_name="Maple", working_hours=overlapping)
    assert refused.value.message_dict["working_hours"] == [message]
    assert not Agent.objects.exists()


def test_every_way_in_refuses_the_same_booking_notes(api_client, page, user):
    from agents.tests.factories import AgentFactory
    from calendars.models import NOTES_MAX_LENGTH, Appointment
    from calendars.services import appointment_book
    from voice.tools import tool_run

    agent = AgentFactory(user=user)
    start = "2030-01-07T10:00:00+00:00"
    booking = {
        "start": start,
        "attendee_name": "Robin",
        "attendee_phone": "+15125550100",
        "notes": "n" * (NOTES_MAX_LENGTH + 1),
    }
    api = api_client.post("/api/appointments", {"agent_id": agent.pk, **booking}, format="json")
    assert api.status_code == 400 and list(api.json()["fields"]) == ["notes"]

    form_page = page.post("/calendar/appointments/new/", {"agent": agent.pk, **booking, "start": "2030-01-07T10:00"})
    assert form_page.status_code == 200 and f"at most {NOTES_MAX_LENGTH} characters" in form_page.content.decode()

    spoken = tool_run(agent=agent, name="book_appointment", arguments=booking)
    assert not spoken.ok and spoken.error == f"notes must be at most {NOTES_MAX_LENGTH} characters."

    with pytest.raises(ValidationError) as refused:
        appointment_book(
            user=user, agent=agent, start=datetime.fromisoformat(start), attendee_name="Robin", notes=booking["notes"]
        )
    assert list(refused.value.message_dict) == ["notes"]
    assert not Appointment.objects.exists()
