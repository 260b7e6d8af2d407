from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from agents.tests.factories import AgentFactory
from rentals.tests import factories as rentals_factories
from voice.models import Call, ToolInvocation


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    agent = factory.SubFactory(AgentFactory)
    user = factory.SelfAttribute("agent.user")
    vapi_call_id = factory.Sequence(lambda n: f"call-{n:04d}")
    status = "ended"
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    ended_at = factory.LazyAttribute(lambda call: call.started_at + timedelta(minutes=2))
    duration_seconds = 120.0
    customer_number = "+15125550199"


class ToolInvocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ToolInvocation

    call = factory.SubFactory(CallFactory)
    agent = factory.SelfAttribute("call.agent")
    user = factory.SelfAttribute("call.user")
    vapi_call_id = factory.SelfAttribute("call.vapi_call_id")
    tool_call_id = factory.Sequence(lambda n: f"toolcall-{n:04d}")
    name = "search_rentals"
    arguments = factory.LazyFunction(lambda: {"city": "Austin"})
    result = "No available rentals match that."


class RentalFactory(rentals_factories.RentalFactory):
    """A rental with every detail a caller may ask about."""

    title = "Sunny two-bed with balcony"
    address = factory.Sequence(lambda n: f"{n + 10} Elm Street")
    price = Decimal("1850")
    bedrooms = 2
    bathrooms = Decimal("1.5")
    square_feet = 850
    pets_allowed = True
