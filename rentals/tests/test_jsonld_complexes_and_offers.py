"""JSON-LD as listing sites really write it: complexes around their units, offers around what
they offer, and several prices."""

import datetime
from decimal import Decimal

from rentals.scraping import jsonld
from rentals.tests.jsonld_support import COMPLEX, listings_of


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
