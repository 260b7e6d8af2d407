"""JSON-LD floor plans: a unit inherits its plan, a priced plan without units is a listing, and
a plan page lists its units beside it."""

from decimal import Decimal

from rentals.tests.jsonld_support import COMPLEX, listings_of

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
