from datetime import UTC, timedelta

import factory

from accounts.tests.factories import UserFactory
from agents.tests.factories import AgentFactory
from calendars.models import Appointment, CalendarConnection

__all__ = ["AgentFactory", "AppointmentFactory", "ConnectionFactory", "RentalFactory"]
from rentals.tests.factories import RentalFactory


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
