"""JSON-LD as listing sites really write it: complexes around their units, offers around what
they offer, floor plans, several prices, and rents only written in words."""

import datetime
import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rentals.scraping import jsonld
from rentals.scraping.jsonld_words import price_in_text
from rentals.scraping.normalize import LISTING_FIELDS
from rentals.scraping.parse import parse_jsonld

TODAY = datetime.date(2025, 11, 20)
URL = "https://oakflats.example/floorplans/"


def page(*documents):
    scripts = "\n".join(f'<script type="application/ld+json">{json.dumps(doc)}</script>' for doc in documents)
    return f"<html><head>{scripts}</head><body><h1>Oak Flats</h1></body></html>"


def listings_of(*documents):
    return parse_jsonld(page(*documents), url=URL, today=TODAY)


COMPLEX = {
    "@context": "https://schema.org",
    "@type": "ApartmentComplex",
    "@id": "https://oakflats.example/#complex",
    "name": "Oak Flats",
    "url": "https://oakflats.example/",
    "telephone": "+1-512-555-0142",
    "petsAllowed": True,
    "address": {
        "@type": "PostalAddress",
        "streetAddress": "500 Oak Blvd",
        "addressLocality": "Austin",
        "addressRegion": "TX",
        "postalCode": "78704",
    },
    "offers": {"@type": "AggregateOffer", "lowPrice": "1299", "highPrice": "2450", "priceCurrency": "USD"},
}


def test_a_complex_without_units_is_no_listing():
    assert "ApartmentComplex" not in jsonld.UNIT_TYPES
    # The whole property, priced "from": on a property website this is the only JSON-LD.
    assert listings_of(COMPLEX) == []
    assert listings_of({**COMPLEX, "@type": "GatedResidenceCommunity"}) == []
    assert listings_of({"@graph": [COMPLEX, {"@type": "Organization", "name": "Oak Flats Leasing"}]}) == []
    # Nor when a listing or an offer is about the whole complex.
    assert (
        listings_of(
            {
                "@type": "RealEstateListing",
                "name": "Oak Flats",
                "about": COMPLEX,
                "offers": {"@type": "Offer", "price": 1299},
            }
        )
        == []
    )
    assert listings_of({"@type": "Offer", "price": 1299, "itemOffered": {"@id": COMPLEX["@id"]}}, COMPLEX) == []


def test_a_complex_lends_its_address_and_pet_policy_to_its_units():
    units = [
        {
            "@type": "Apartment",
            "name": "Unit 204",
            "url": "/units/204",
            "numberOfBedrooms": 1,
            "offers": {"@type": "Offer", "price": 1450},
        },
        # Its own street and unit, the complex's city.
        {
            "@type": "Apartment",
            "name": "Unit 310",
            "url": "/units/310",
            "numberOfBedrooms": 2,
            "petsAllowed": False,
            "address": {"@type": "PostalAddress", "streetAddress": "502 Oak Blvd #310"},
            "offers": {"@type": "Offer", "price": 1890},
        },
    ]
    nested = listings_of({**COMPLEX, "containsPlace": units})
    found = [(item.url, item.price, item.address, item.city, item.postal_code, item.pets_allowed) for item in nested]
    assert found == [
        ("https://oakflats.example/units/204", Decimal("1450.00"), "500 Oak Blvd", "Austin", "78704", True),
        ("https://oakflats.example/units/310", Decimal("1890.00"), "502 Oak Blvd #310", "Austin", "78704", False),
    ]
    # Units beside the complex, pointing to it or not: the same.
    beside = listings_of(
        COMPLEX,
        {
            "@type": "ItemList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "item": {**units[0], "containedInPlace": {"@id": COMPLEX["@id"]}}},
                {"@type": "ListItem", "position": 2, "item": units[1]},
            ],
        },
    )
    assert [(item.address, item.city, item.pets_allowed) for item in beside] == [
        ("500 Oak Blvd", "Austin", True),
        ("502 Oak Blvd #310", "Austin", False),
    ]
    # A Residence with units is a complex too; one without units is a home for rent.
    residence = listings_of({**COMPLEX, "@type": "Residence", "containsPlace": units[:1]})
    assert [(item.url, item.city) for item in residence] == [("https://oakflats.example/units/204", "Austin")]


def test_the_only_complex_on_a_page_lends_nothing_to_a_listing_with_its_own_address():
    house = {
        "@type": "House",
        "name": "Cottage",
        "url": "/homes/cottage",
        "petsAllowed": "No pets",
        "address": {"@type": "PostalAddress", "streetAddress": "9 Elm St", "addressLocality": "Round Rock"},
        "offers": {"@type": "Offer", "price": "1,500"},
    }
    [cottage] = listings_of(COMPLEX, house)
    assert (cottage.address, cottage.city, cottage.postal_code, cottage.pets_allowed) == (
        "9 Elm St",
        "Round Rock",
        "",
        False,
    )


def test_an_offer_of_a_unit_reads_the_unit_it_offers():
    listing = {
        "@context": "https://schema.org",
        "@type": "RealEstateListing",
        "name": "Two bedroom with a patio",
        "url": "/listings/88",
        "offers": {
            "@type": "Offer",
            "price": "2,150",
            "priceCurrency": "USD",
            "availabilityStarts": "2026-01-01",
            "itemOffered": {
                "@type": "Apartment",
                "numberOfBedrooms": 2,
                "numberOfBathroomsTotal": 1.5,
                "floorSize": {"@type": "QuantitativeValue", "value": 980, "unitCode": "FTK"},
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": "12 Oak St #2",
                    "addressLocality": "Austin",
                    "addressRegion": "TX",
                    "postalCode": "78701",
                },
            },
        },
    }
    [found] = listings_of(listing)
    assert (found.title, found.price, found.bedrooms, found.bathrooms, found.square_feet) == (
        "Two bedroom with a patio",
        Decimal("2150.00"),
        2,
        Decimal("1.5"),
        980,
    )
    assert (found.address, found.city, found.available_from) == ("12 Oak St #2", "Austin", datetime.date(2026, 1, 1))

    # An offer of a FloorPlan: the plan's rooms and size.
    plan_offer = {
        "@type": "Offer",
        "url": "/plans/a1",
        "price": 1399,
        "itemOffered": {
            "@type": "FloorPlan",
            "name": "A1",
            "numberOfBedrooms": 1,
            "numberOfBathroomsTotal": 1,
            "floorSize": {"@type": "QuantitativeValue", "value": 640, "unitText": "sq ft"},
        },
    }
    [a1] = listings_of(plan_offer)
    assert (a1.price, a1.bedrooms, a1.bathrooms, a1.square_feet, a1.title) == (
        Decimal("1399.00"),
        1,
        Decimal("1.0"),
        640,
        "A1",
    )


def test_an_offer_named_for_its_rooms_gives_them_when_the_unit_does_not_say():
    product = {
        "@type": "Product",
        "name": "Cedar Court",
        "url": "/cedar",
        "offers": [
            {"@type": "Offer", "name": "2 Bedrooms / 2 Baths", "price": 1850},
        ],
    }
    [cedar] = listings_of(product)
    assert (cedar.bedrooms, cedar.bathrooms) == (2, Decimal("2.0"))
    studio = {"@type": "Offer", "name": "Studio", "url": "/s", "price": "$1,100"}
    one_bed = {"@type": "Offer", "name": "1 Bed / 1 Bath", "url": "/o", "price": "$1,300"}
    says = {
        "@type": "Offer",
        "name": "3 Bedrooms",
        "url": "/t",
        "price": 2000,
        "itemOffered": {"@type": "Apartment", "numberOfBedrooms": 2},
    }
    unlabelled = {"@type": "Offer", "name": "Plan 3", "url": "/p", "price": 1500}
    assert [(item.bedrooms, item.bathrooms) for item in listings_of(studio, one_bed, says, unlabelled)] == [
        (0, None),
        (1, Decimal("1.0")),
        (2, None),
        (None, None),
    ]


def test_several_offers_give_the_lowest_price():
    apartment = {
        "@type": "Apartment",
        "name": "Unit 5",
        "url": "/5",
        "numberOfBedrooms": 1,
        "offers": [
            {"@type": "Offer", "name": "6-month lease", "price": 2100, "availabilityStarts": "2026-02-01"},
            {"@type": "Offer", "name": "12-month lease", "price": "1,950", "availabilityStarts": "2026-01-15"},
            {"@type": "Offer", "name": "Call for pricing", "price": 0},
        ],
    }
    [unit] = listings_of(apartment)
    assert (unit.price, unit.available_from) == (Decimal("1950.00"), datetime.date(2026, 1, 15))

    aggregate = {
        "@type": "House",
        "name": "Ranch",
        "url": "/ranch",
        "offers": {
            "@type": "AggregateOffer",
            "lowPrice": 2300,
            "highPrice": 2600,
            "offerCount": 2,
            "offers": [{"@type": "Offer", "price": 2600}, {"@type": "Offer", "price": 2300}],
        },
    }
    specification = {
        "@type": "House",
        "name": "Bungalow",
        "url": "/bungalow",
        "offers": {
            "@type": "Offer",
            "priceSpecification": [
                {"@type": "PriceSpecification", "name": "Security deposit", "price": 500},
                {"@type": "UnitPriceSpecification", "price": 1700, "unitText": "MONTH"},
            ],
        },
    }
    assert [item.price for item in listings_of(aggregate, specification)] == [Decimal("2300.00"), Decimal("1700.00")]


def test_a_product_offering_several_units_is_one_listing_per_unit():
    product = {
        "@type": "Product",
        "name": "Elm Lofts",
        "offers": [
            {
                "@type": "Offer",
                "price": 1500,
                "itemOffered": {"@type": "Apartment", "name": "Loft 1", "url": "/l1", "numberOfBedrooms": 1},
            },
            {
                "@type": "Offer",
                "price": 1900,
                "itemOffered": {"@type": "Apartment", "name": "Loft 2", "url": "/l2", "numberOfBedrooms": 2},
            },
        ],
    }
    assert [(item.title, item.price, item.bedrooms) for item in listings_of(product)] == [
        ("Loft 1", Decimal("1500.00"), 1),
        ("Loft 2", Decimal("1900.00"), 2),
    ]


PLAN_A = {
    "@type": "FloorPlan",
    "@id": "https://oakflats.example/#plan-a",
    "name": "The Aspen",
    "url": "/plans/aspen",
    "numberOfBedrooms": 1,
    "numberOfBathroomsTotal": 1,
    "floorSize": {"@type": "QuantitativeValue", "value": 702, "unitCode": "FTK"},
    "offers": {"@type": "Offer", "price": "1298", "priceCurrency": "USD"},
}
PLAN_B = {
    "@type": "FloorPlan",
    "@id": "https://oakflats.example/#plan-b",
    "name": "The Birch",
    "url": "/plans/birch",
    "numberOfBedrooms": 2,
    "numberOfBathroomsTotal": 2,
    "floorSize": {"@type": "QuantitativeValue", "value": 1010},
    "offers": {"@type": "Offer", "price": "1,725"},
}


def test_a_unit_inherits_its_floor_plan_and_the_plan_is_then_no_listing():
    units = [
        {
            "@type": "Apartment",
            "name": "#204",
            "url": "/units/204",
            "accommodationFloorPlan": {"@id": PLAN_A["@id"]},
            "offers": {"@type": "Offer", "price": 1340},
        },
        {
            "@type": "Apartment",
            "name": "#512",
            "url": "/units/512",
            "numberOfBathroomsTotal": 1.5,
            "accommodationFloorPlan": PLAN_B,
            "offers": {"@type": "Offer", "price": 1790},
        },
    ]
    found = listings_of({"@graph": [PLAN_A, {**COMPLEX, "containsPlace": units}]})
    assert [(item.title, item.price, item.bedrooms, item.bathrooms, item.square_feet, item.city) for item in found] == [
        ("#204", Decimal("1340.00"), 1, Decimal("1.0"), 702, "Austin"),
        ("#512", Decimal("1790.00"), 2, Decimal("1.5"), 1010, "Austin"),  # its own baths win
    ]


def test_floor_plans_with_a_price_and_no_units_are_listings():
    found = listings_of(
        {
            **COMPLEX,
            "accommodationFloorPlan": [
                PLAN_A,
                PLAN_B,
                {
                    "@type": "FloorPlan",
                    "name": "The Cedar",
                    "numberOfBedrooms": 3,  # no price: a description, no listing
                },
            ],
        }
    )
    assert [(item.title, item.url, item.price, item.bedrooms, item.square_feet, item.address) for item in found] == [
        ("The Aspen", "https://oakflats.example/plans/aspen", Decimal("1298.00"), 1, 702, "500 Oak Blvd"),
        ("The Birch", "https://oakflats.example/plans/birch", Decimal("1725.00"), 2, 1010, "500 Oak Blvd"),
    ]
    # A plan that names its units is their plan, not a listing.
    described = listings_of(
        {
            **PLAN_A,
            "isPlanForApartment": [
                {"@type": "Apartment", "name": "#101", "url": "/units/101", "offers": {"@type": "Offer", "price": 1310}}
            ],
        }
    )
    assert [(item.title, item.price, item.bedrooms, item.square_feet) for item in described] == [
        ("#101", Decimal("1310.00"), 1, 702)
    ]


def test_a_plan_page_with_its_units_listed_beside_it():
    """A property website's plan page: the plan, then its units, priced only in words."""
    units = {
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "item": {
                    "@type": "Apartment",
                    "name": f"#{number}",
                    "url": f"/plans/aspen/{number}",
                    "floorSize": {
                        "@type": "QuantitativeValue",
                        "value": 702,
                        "description": f"Unit #{number}, Starting at ${price}",
                    },
                },
            }
            for position, (number, price) in enumerate([("0204", "1,340"), ("0311", "1,365")], start=1)
        ],
    }
    found = listings_of(PLAN_A, units)
    assert [(item.title, item.price, item.bedrooms, item.bathrooms, item.square_feet) for item in found] == [
        ("#0204", Decimal("1340.00"), 1, Decimal("1.0"), 702),
        ("#0311", Decimal("1365.00"), 1, Decimal("1.0"), 702),
    ]


def test_prices_written_in_words_or_in_odd_properties():
    def house(slug, **fields):
        return {
            "@type": "SingleFamilyResidence",
            "name": f"Home {slug}",
            "url": f"/{slug}",
            "numberOfBathroomsTotal": 1,
            **fields,
        }

    found = {
        item.url.rsplit("/", 1)[-1]: item
        for item in listings_of(
            house("described", description="Three bedroom home. Rent: $1,850/month. Security deposit $500."),
            house("deposit-first", description="Deposit $500, pet fee $35; only $2,050 per month."),
            house("dollars", description="Lovely home for $1,795, water included."),
            house(
                "monthly-rent",
                additionalProperty=[{"@type": "PropertyValue", "name": "Monthly Rent", "value": "$1,900"}],
            ),
            house(
                "unnamed",
                additionalProperty=[
                    {"@type": "PropertyValue", "value": "$1,925"},
                    {"@type": "PropertyValue", "value": "3 bedrooms"},
                ],
            ),
            house(
                "odd-name",
                additionalProperty=[
                    {"@type": "PropertyValue", "name": "Application fee", "value": "$45"},
                    {"@type": "PropertyValue", "name": "Cost", "value": "$2,010"},
                ],
            ),
            house("deposit-only", additionalProperty=[{"@type": "PropertyValue", "name": "Deposit", "value": "$900"}]),
            house("no-label", description="Unit 1850 on floor 2, 2 parking spots", identifier="H-1850"),
            house(
                "current", additionalProperty=[{"@type": "PropertyValue", "name": "Current tenant", "value": "1200"}]
            ),
        )
    }
    prices = {slug: item.price for slug, item in found.items()}
    assert prices == {
        "described": Decimal("1850.00"),
        "deposit-first": Decimal("2050.00"),
        "dollars": Decimal("1795.00"),
        "monthly-rent": Decimal("1900.00"),
        "unnamed": Decimal("1925.00"),
        "odd-name": Decimal("2010.00"),
        "deposit-only": None,
        "no-label": None,
        "current": None,
    }
    assert found["described"].bedrooms == 3
    assert found["unnamed"].bedrooms == 3
    assert (found["no-label"].bedrooms, found["no-label"].square_feet) == (None, None)


def test_rooms_in_words_need_their_label_and_one_value():
    def home(slug, description):
        return {
            "@type": "House",
            "name": "Home",
            "url": f"/{slug}",
            "description": description,
            "offers": {"@type": "Offer", "price": 1500},
        }

    found = [
        (item.bedrooms, item.bathrooms, item.square_feet)
        for item in listings_of(
            home("a", "Bright 2 bedroom, 1.5 bath duplex, 950 sq ft."),
            home("b", "Choose a 1 bedroom or a 2 bedroom: 2 parks nearby."),
            home("c", "Near the yoga studio, 3 blocks to the lake, 1200 square feet."),
        )
    ]
    assert found == [(2, Decimal("1.5"), 950), (None, None, None), (None, None, 1200)]


def test_unnamed_summaries_beside_a_search_page_cards_are_not_kept():
    """A search page's JSON-LD that names each result and its rooms but gives no link, id, price
    or street: the cards carry those, and these could never be matched to them."""
    summaries = {
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": str(position),
                "item": {
                    "@type": "Apartment",
                    "name": name,
                    "numberOfBedrooms": beds,
                    "numberOfBathroomsTotal": 1,
                    "address": {
                        "@type": "PostalAddress",
                        "addressLocality": "Portland",
                        "addressRegion": "OR",
                        "streetAddress": "",
                    },
                },
            }
            for position, (name, beds) in enumerate([("Bright 2BR near the park", 2), ("Studio w/ loft", 0)])
        ],
    }
    assert jsonld.extract_listings(page(summaries)) == []
    # One such unit is the page's own: a listing's detail page.
    [own] = listings_of({**summaries["itemListElement"][0]["item"], "floorSize": "720 sq ft"})
    assert (own.title, own.bedrooms, own.square_feet, own.city) == ("Bright 2BR near the park", 2, 720, "Portland")


def test_rent_in_words():
    assert [
        price_in_text(text)
        for text in (
            "Rent: $1,850/month",
            "Monthly rent is 1,725 with water included",
            "$500 off your first month! Now $1,640/mo",
            "Application fee $45. Security deposit $1,000.",
            "Apartment 1850, second floor",
            "Pet rent $35",
        )
    ] == ["$1,850", "1,725", "$1,640", None, None, None]


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


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
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
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)
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
