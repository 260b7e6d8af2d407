from decimal import Decimal

import factory

from accounts.tests.factories import UserFactory
from rentals.models import Rental, RentalSource, ScrapeRun


class RentalSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RentalSource

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Property site {n}")
    website_url = factory.Sequence(lambda n: f"https://rentals{n}.example.com/listings")
    scraping_config = factory.LazyFunction(dict)


class RentalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rental

    user = factory.SubFactory(UserFactory)
    source = None
    external_id = factory.Sequence(lambda n: f"unit-{n}")
    title = factory.Sequence(lambda n: f"Unit {n}")
    address = factory.Sequence(lambda n: f"{n} Main St")
    city = "Austin"
    state = "TX"
    price = Decimal("1500.00")
    bedrooms = 1
    bathrooms = Decimal("1.0")
    status = Rental.Status.AVAILABLE


class ScrapeRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScrapeRun

    source = factory.SubFactory(RentalSourceFactory)
    user = factory.LazyAttribute(lambda run: run.source.user)
    status = ScrapeRun.Status.SUCCEEDED
