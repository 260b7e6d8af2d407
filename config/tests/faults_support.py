"""Shared by the fault tests: VAPI's time budget, and a source with a scrape history whose
rentals can be compared before and after a fault."""

from decimal import Decimal

from rentals.models import Rental
from rentals.scraping.normalize import LISTING_FIELDS
from rentals.tests.factories import RentalFactory, RentalSourceFactory
from testsupport.fakes.listing_site import CSS_CONFIG

# VAPI waits 20 s for a tool answer; every answer under fault must come well inside that.
VAPI_BUDGET_SECONDS = 10


def rentals_of(source):
    """The source's rentals as a scrape leaves them: every listing field and the status."""
    fields = ["external_id", *[name for name in LISTING_FIELDS if name != "external_id"], "status"]
    return list(Rental.objects.filter(source=source).order_by("external_id").values(*fields))


def source_with_history(owner, url):
    """A source scraped before: one rental the site still lists (stale) and one it no longer lists."""
    source = RentalSourceFactory(user=owner, website_url=url, scraping_config=CSS_CONFIG)
    RentalFactory(
        user=owner, source=source, external_id="ht-2", title="Old title", address="2 Old Road", price=Decimal("999")
    )
    RentalFactory(
        user=owner, source=source, external_id="let-last-month", title="Let last month", address="9 Gone Lane"
    )
    return source
