"""The sample listing website LeaseLine serves under /demo/, so a scrape works offline.

Two renderings of the same listings: pages with schema.org JSON-LD (what most property
sites publish) and plain HTML read with CSS selectors, both paginated with `a.next`.
"""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse

JSONLD_PAGE_SIZE = 5
CSS_PAGE_SIZE = 4


@dataclass(frozen=True)
class DemoListing:
    slug: str
    title: str
    street: str
    city: str
    state: str
    postal_code: str
    price: Decimal
    bedrooms: int
    bathrooms: Decimal
    square_feet: int
    available_in_days: int
    pets_allowed: bool
    description: str

    @property
    def available_from(self):
        return date.today() + timedelta(days=self.available_in_days)

    @property
    def address(self):
        return f"{self.street}, {self.city}, {self.state} {self.postal_code}"

    def path(self):
        return reverse("demo:listing", args=[self.slug])


LISTINGS = [
    DemoListing(
        "maple-101",
        "Sunny studio on Maple",
        "101 Maple Ave",
        "Austin",
        "TX",
        "78704",
        Decimal("1195"),
        0,
        Decimal("1"),
        480,
        0,
        False,
        "Bright studio with south windows, walk to Zilker Park.",
    ),
    DemoListing(
        "maple-204",
        "One bedroom with balcony",
        "204 Maple Ave",
        "Austin",
        "TX",
        "78704",
        Decimal("1495"),
        1,
        Decimal("1"),
        690,
        10,
        True,
        "Top-floor one bedroom, private balcony, cats and small dogs welcome.",
    ),
    DemoListing(
        "cedar-12",
        "Cedar Street townhouse",
        "12 Cedar St",
        "Austin",
        "TX",
        "78702",
        Decimal("2350"),
        3,
        Decimal("2.5"),
        1480,
        30,
        True,
        "Three bedrooms over two floors, garage and fenced yard.",
    ),
    DemoListing(
        "lamar-3b",
        "Two bedroom near Lamar",
        "1800 N Lamar Blvd #3B",
        "Austin",
        "TX",
        "78705",
        Decimal("1850"),
        2,
        Decimal("2"),
        960,
        5,
        False,
        "Two bedrooms, two baths, in-unit laundry, covered parking.",
    ),
    DemoListing(
        "oak-7",
        "Garden one bedroom",
        "7 Oak Ct",
        "Round Rock",
        "TX",
        "78664",
        Decimal("1325"),
        1,
        Decimal("1"),
        720,
        14,
        True,
        "Ground floor with a shared garden and bike storage.",
    ),
    DemoListing(
        "river-22",
        "Riverside loft",
        "22 River Rd",
        "Austin",
        "TX",
        "78741",
        Decimal("2100"),
        1,
        Decimal("1.5"),
        1010,
        45,
        False,
        "Loft with 14 ft ceilings and river views.",
    ),
    DemoListing(
        "pecan-9",
        "Family home on Pecan",
        "9 Pecan Dr",
        "Pflugerville",
        "TX",
        "78660",
        Decimal("2650"),
        4,
        Decimal("3"),
        2100,
        21,
        True,
        "Four bedrooms, big kitchen, near schools.",
    ),
    DemoListing(
        "elm-5a",
        "Compact two bedroom",
        "5 Elm St Apt A",
        "Round Rock",
        "TX",
        "78681",
        Decimal("1575"),
        2,
        Decimal("1"),
        820,
        0,
        True,
        "Two bedrooms on a quiet street, dogs under 40 lb welcome.",
    ),
    DemoListing(
        "hill-31",
        "Hill Country view studio",
        "31 Hill View Ln",
        "Austin",
        "TX",
        "78746",
        Decimal("1050"),
        0,
        Decimal("1"),
        420,
        60,
        False,
        "Efficient studio with a view, utilities included.",
    ),
]

BY_SLUG = {listing.slug: listing for listing in LISTINGS}


def page_of(listings, page_number, size):
    """(listings on the page, next page number or None); pages count from 1."""
    start = (page_number - 1) * size
    chunk = listings[start : start + size]
    has_next = start + size < len(listings)
    return chunk, (page_number + 1 if has_next else None)


def listing_jsonld(listing, *, base_url):
    """A schema.org Apartment with a nested Offer, as rental websites publish it."""
    return {
        "@type": "Apartment" if listing.bedrooms < 3 else "SingleFamilyResidence",
        "@id": base_url + listing.path(),
        "identifier": listing.slug,
        "name": listing.title,
        "url": base_url + listing.path(),
        "description": listing.description,
        "numberOfBedrooms": listing.bedrooms,
        "numberOfBathroomsTotal": float(listing.bathrooms),
        "floorSize": {"@type": "QuantitativeValue", "value": listing.square_feet, "unitCode": "FTK"},
        "petsAllowed": listing.pets_allowed,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": listing.street,
            "addressLocality": listing.city,
            "addressRegion": listing.state,
            "postalCode": listing.postal_code,
        },
        "offers": {
            "@type": "Offer",
            "price": str(listing.price),
            "priceCurrency": "USD",
            "availabilityStarts": listing.available_from.isoformat(),
        },
    }


def jsonld_document(listings, *, base_url):
    graph = [listing_jsonld(listing, base_url=base_url) for listing in listings]
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, indent=2)
    # Safe inside <script>: no "</script>" can close the element early.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def css_scraping_config(start_url):
    """The selectors that read the CSS pages; what a manager would type into the source form."""
    return {
        "strategy": "css",
        "start_urls": [start_url],
        "listing": {
            "item": "div.listing",
            "fields": {
                "external_id": "::attr(data-id)",
                "title": "h2 a::text",
                "url": "h2 a::attr(href)",
                "price": ".rent::text",
                "bedrooms": ".beds::text",
                "bathrooms": ".baths::text",
                "square_feet": ".size::text",
                "address": ".address::text",
                "city": ".city::text",
                "available_from": ".available::text",
            },
        },
        "next_page": "a.next::attr(href)",
        "max_pages": 10,
    }


def jsonld_scraping_config(start_url):
    return {"strategy": "jsonld", "start_urls": [start_url], "next_page": "a.next::attr(href)", "max_pages": 10}
