"""JSON-LD rents and rooms written only in words or in odd properties, and summaries with
nothing to name them."""

from decimal import Decimal

from rentals.scraping import jsonld
from rentals.scraping.jsonld_words import price_in_text
from rentals.tests.jsonld_support import listings_of, page


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
