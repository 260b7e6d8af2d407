"""Schema.org microdata read like JSON-LD, and any JSON-LD or microdata shape giving listings or
nothing."""

import datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rentals.scraping import jsonld
from rentals.scraping.normalize import LISTING_FIELDS
from rentals.scraping.parse import parse_jsonld
from rentals.tests.fuzz_strategies import json_values as json_values_of
from rentals.tests.jsonld_support import TODAY, URL, page

MICRODATA = """<html><body>
<nav itemscope itemtype="https://schema.org/BreadcrumbList"><span itemprop="name">Home</span></nav>
<div class="unit" itemscope itemtype="https://schema.org/Apartment">
  <h2 itemprop="name"><a itemprop="url" href="/units/7">Unit 7 – garden level</a></h2>
  <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
    <span itemprop="streetAddress">41 Birch Ln #7</span>, <span itemprop="addressLocality">Austin</span>,
    <span itemprop="addressRegion">TX</span> <span itemprop="postalCode">78702</span></div>
  <span itemprop="numberOfBedrooms">2</span> bd · <span itemprop="numberOfBathroomsTotal">1</span> ba ·
  <span itemprop="floorSize" itemscope itemtype="https://schema.org/QuantitativeValue">
    <span itemprop="value">880</span> <meta itemprop="unitCode" content="FTK">sq ft</span>
  <img itemprop="image" src="/img/7.jpg" alt="">
  <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
    <meta itemprop="priceCurrency" content="USD"><span itemprop="price" content="1725">$1,725</span>/mo
    <time itemprop="availabilityStarts" datetime="2026-01-10">Jan 10</time></div>
</div>
</body></html>"""


def test_schema_org_microdata_is_read_like_json_ld():
    [unit] = parse_jsonld(MICRODATA, url=URL, today=TODAY)
    assert (unit.url, unit.title, unit.price, unit.bedrooms, unit.bathrooms, unit.square_feet) == (
        "https://oakflats.example/units/7",
        "Unit 7 – garden level",
        Decimal("1725.00"),
        2,
        Decimal("1.0"),
        880,
    )
    assert (unit.address, unit.city, unit.postal_code, unit.available_from, unit.photos) == (
        "41 Birch Ln #7",
        "Austin",
        "78702",
        datetime.date(2026, 1, 10),
        ["https://oakflats.example/img/7.jpg"],
    )
    # The same unit in JSON-LD too: found once.
    both = MICRODATA.replace(
        "<body>",
        "<body>"
        + page(
            {"@type": "Apartment", "url": "/units/7", "name": "Unit 7", "offers": {"@type": "Offer", "price": 1725}}
        ),
    )
    assert len(jsonld.extract_listings(both)) == 1
    assert jsonld.microdata_items("<p>no items</p>") == []
    # A page that declares its encoding (XHTML) is read all the same.
    xhtml = '<?xml version="1.0" encoding="utf-8"?>' + MICRODATA
    assert [item.url for item in parse_jsonld(xhtml, url=URL)] == ["https://oakflats.example/units/7"]


JSONLD_KEYS = [
    "@type",
    "@id",
    "@graph",
    "name",
    "url",
    "offers",
    "price",
    "lowPrice",
    "address",
    "itemOffered",
    "containsPlace",
    "containedInPlace",
    "accommodationFloorPlan",
    "isPlanForApartment",
    "numberOfBedrooms",
    "floorSize",
    "description",
    "value",
    "additionalProperty",
    "priceSpecification",
    "makesOffer",
    "itemListElement",
    "item",
]
json_values = json_values_of(JSONLD_KEYS, max_leaves=25)
schema_types = st.sampled_from(
    [
        "Apartment",
        "FloorPlan",
        "Offer",
        "AggregateOffer",
        "Product",
        "ApartmentComplex",
        "Residence",
        "RealEstateListing",
        "GatedResidenceCommunity",
        "ItemList",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, schema_types, schema_types)
def test_any_json_ld_shape_gives_listings_or_nothing(value, outer, inner):
    document = {
        "@type": outer,
        "@id": "#a",
        "offers": value,
        "containsPlace": [{"@type": inner, "offers": value}],
        "accommodationFloorPlan": [{"@id": "#a"}, value],
        "itemOffered": {"@type": inner, "@id": "#a"},
    }
    for raw in jsonld.extract_listings(page(document, value)):
        assert set(raw) <= set(LISTING_FIELDS)
    parse_jsonld(page(document, value), url=URL)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                '<div itemscope itemtype="https://schema.org/Apartment">',
                '<div itemprop="offers" itemscope itemtype="http://schema.org/Offer">',
                "</div>",
                '<span itemprop="price" content="$1,200">',
                "</span>",
                '<a itemprop="url" href="/u/1">',
                "</a>",
                '<meta itemprop="numberOfBedrooms" content="2">',
                "<p>",
                "text",
                '<span itemprop="name">',
                "<!-- c -->",
                "<![CDATA[x]]>",
                "\x00",
            ]
        ),
        max_size=30,
    )
)
def test_any_microdata_markup_gives_listings_or_nothing(parts):
    parse_jsonld("".join(parts), url=URL)
