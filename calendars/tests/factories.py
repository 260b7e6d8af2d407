from datetime import UTC, timedelta

import factory

from accounts.tests.factories import UserFactory
from agents.models import Agent
from calendars.models import Appointment, CalendarConnection
from rentals.models import Rental

EVERY_DAY_NINE_TO_FIVE = {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


class AgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agent

    user = factory.SubFactory(UserFactory)
    agent_name = factory.Sequence(lambda n: f"Leasing agent {n}")
    timezone = "America/Chicago"
    working_hours = factory.LazyFunction(lambda: dict(EVERY_DAY_NINE_TO_FIVE))
    slot_minutes = 30
    buffer_minutes = 0
    min_notice_minutes = 60
    booking_horizon_days = 14


class RentalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rental

    user = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Two-bed flat {n}")
    address = factory.Sequence(lambda n: f"{n} Main Street")
    url = factory.Sequence(lambda n: f"https://rentals.example.com/{n}")


class ConnectionFactory(factory.django.DjangoModelFactory):
    """A connection row without tokens (for scoping tests); connect through OAuth for real ones."""

    class Meta:
        model = CalendarConnection

    user = factory.SubFactory(UserFactory)
    provider = CalendarConnection.Provider.GOOGLE
    account_email = factory.Sequence(lambda n: f"calendar{n}@example.com")


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    user = factory.SubFactory(UserFactory)
    agent = factory.SubFactory(AgentFactory, user=factory.SelfAttribute("..user"))
    start = factory.Faker("future_datetime", tzinfo=UTC)
    end = factory.LazyAttribute(lambda appointment: appointment.start + timedelta(minutes=30))
    attendee_name = factory.Faker("name")
    attendee_phone = "+15125550100"
