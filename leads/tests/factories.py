from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from leads.models import Lead


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    user = factory.SubFactory(UserFactory)
    phone = factory.Sequence(lambda n: f"+1512555{n % 10000:04d}")
    name = factory.Faker("name")
    status = Lead.Status.CONTACTED
    first_contact_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    last_contact_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
