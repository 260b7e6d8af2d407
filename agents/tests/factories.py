import factory

from accounts.tests.factories import UserFactory
from agents.models import Agent


class AgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agent

    user = factory.SubFactory(UserFactory)
    agent_name = factory.Sequence(lambda n: f"Leasing line {n}")
    timezone = "America/Chicago"
    instructions = "You answer calls for Maple Street Rentals."
    # Open every day, so tests that book do not depend on the weekday they run on.
    working_hours = factory.LazyFunction(
        lambda: {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    )
