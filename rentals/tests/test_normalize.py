"""Every normalisation rule: prices, beds, baths, square feet, dates, pets, addresses, links."""

import datetime
from decimal import Decimal

import pytest

from rentals.scraping.addresses import split_address
from rentals.scraping.links import absolute_url, photo_urls
from rentals.scraping.normalize import normalize_listing
from rentals.scraping.values import (
    clean_text,
    parse_bathrooms,
    parse_bedrooms,
    parse_date,
    parse_pets,
    parse_price,
    parse_square_feet,
)

TODAY = datetime.date(2025, 11, 20)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$1,850/mo", "1850.00", "USD"),
        ("1850", "1850.00", None),
        (1850, "1850.00", None),
        (2400.5, "2400.50", None),
        ("$1,850 - $2,100", "1850.00", "USD"),
        ("From $2.1k", "2100.00", "USD"),
        ("€950 per month", "950.00", "EUR"),
        ("CAD 1,200", "1200.00", "CAD"),
        ("2 bd · $1,900/mo", "1900.00", "USD"),
        ({"@type": "QuantitativeValue", "value": "1,450"}, "1450.00", None),
    ],
)
def test_prices(text, amount, currency):
    assert parse_price(text) == (Decimal(amount), currency)


@pytest.mark.parametrize("text", ["Call for price", "", None, "$0", True, "$999,999,999"])
def test_no_price(text):
    assert parse_price(text)[0] is None


@pytest.mark.parametrize(
    ("text", "beds"),
    [
        ("Studio", 0),
        ("studio apartment", 0),
        ("Efficiency", 0),
        ("2 bd", 2),
        ("2BR/1BA", 2),
        ("1-2 beds", 1),
        ("3 Bedrooms", 3),
        ("Two bedrooms", 2),
        ("3", 3),
        (4, 4),
        (2.0, 2),
        ({"value": 3}, 3),
        ("1.5 ba", None),
        ("", None),
        (None, None),
        ("99 beds", None),
    ],
)
def test_bedrooms(text, beds):
    assert parse_bedrooms(text) == beds


@pytest.mark.parametrize(
    ("text", "baths"),
    [
        ("1.5 ba", "1.5"),
        ("1 1/2 baths", "1.5"),
        ("1½ bath", "1.5"),
        ("2 full, 1 half baths", "2.5"),
        ("2BR/1BA", "1.0"),
        ("2", "2.0"),
        (2.5, "2.5"),
        ("3 Bathrooms", "3.0"),
    ],
)
def test_bathrooms(text, baths):
    assert parse_bathrooms(text) == Decimal(baths)


@pytest.mark.parametrize("text", ["3 bd", "", None, "lots"])
def test_no_bathrooms(text):
    assert parse_bathrooms(text) is None


@pytest.mark.parametrize(
    ("value", "square_feet"),
    [
        ("850 sq ft", 850),
        ("1,200 SF", 1200),
        ("750-900 sqft", 750),
        ("850 sq. ft.", 850),
        ("640 ft²", 640),
        ("1,000 square feet", 1000),
        ("850", 850),
        (720, 720),
        ("80 m²", 861),
        ({"@type": "QuantitativeValue", "value": 80, "unitCode": "MTK"}, 861),
        ({"@type": "QuantitativeValue", "value": 850, "unitCode": "FTK"}, 850),
        ("n/a", None),
        (None, None),
        (0, None),
    ],
)
def test_square_feet(value, square_feet):
    assert parse_square_feet(value) == square_feet


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2025-12-01", datetime.date(2025, 12, 1)),
        ("2026-01-15T00:00:00-06:00", datetime.date(2026, 1, 15)),
        ("12/1/2025", datetime.date(2025, 12, 1)),
        ("12/01/26", datetime.date(2026, 12, 1)),
        ("Available Dec 1", datetime.date(2025, 12, 1)),
        # A month already well past means next year's.
        ("Available Jan 5", datetime.date(2026, 1, 5)),
        ("Available: 9/15", datetime.date(2026, 9, 15)),
        ("December 1st, 2025", datetime.date(2025, 12, 1)),
        ("1 Sept 2026", datetime.date(2026, 9, 1)),
        ("Available now", TODAY),
        ("Immediately", TODAY),
        ("Now", TODAY),
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 1)),
        ("Not available", None),
        ("TBD", None),
        ("2025-02-30", None),
        (None, None),
    ],
)
def test_dates(text, date):
    assert parse_date(text, today=TODAY) == date


@pytest.mark.parametrize(
    ("text", "pets"),
    [
        ("Pets allowed", True),
        ("Cats OK", True),
        ("Dogs welcome", True),
        ("Pet friendly", True),
        ("pet-friendly", True),
        ("Yes", True),
        (True, True),
        ("No pets", False),
        ("Pets not allowed", False),
        ("Pets: No", False),
        ("No", False),
        (False, False),
        ("Pet policy: call us", None),
        ("", None),
        (None, None),
    ],
)
def test_pets(text, pets):
    assert parse_pets(text) is pets


def test_links_and_photos_become_absolute():
    base = "https://rentals.example.com/listings/page2.html"
    assert absolute_url("/units/7", base) == "https://rentals.example.com/units/7"
    assert absolute_url("unit-8.html", base) == "https://rentals.example.com/listings/unit-8.html"
    assert absolute_url("//cdn.example.com/a.jpg", base) == "https://cdn.example.com/a.jpg"
    assert absolute_url("javascript:void(0)", base) == ""
    assert absolute_url("mailto:leasing@example.com", base) == ""
    assert absolute_url("ftp://example.com/x", base) == ""
    assert photo_urls(
        ["a.jpg", {"@type": "ImageObject", "contentUrl": "/b.jpg"}, "a.jpg", "c.jpg 1x, c@2x.jpg 2x", 42], base
    ) == [
        "https://rentals.example.com/listings/a.jpg",
        "https://rentals.example.com/b.jpg",
        "https://rentals.example.com/listings/c.jpg",
    ]
    assert len(photo_urls([f"/p{n}.jpg" for n in range(50)], base)) == 20


def test_text_is_cleaned():
    assert clean_text("<p>Bright &amp; <b>airy</b>.</p>\n\n  Near  park") == "Bright & airy. Near park"
    assert clean_text("x" * 400, 300).endswith("…")
    assert len(clean_text("x" * 400, 300)) == 300


def test_addresses_split_into_parts():
    assert split_address("12 Oak St, Austin, TX 78701") == {
        "address": "12 Oak St",
        "city": "Austin",
        "state": "TX",
        "postal_code": "78701",
    }
    assert split_address("500 Elm Ave Apt 3, San Antonio, Texas")["city"] == "San Antonio"
    assert split_address("Oak St") == {}


def test_a_listing_without_id_is_known_by_its_link():
    listing = normalize_listing({"url": "/units/3", "title": "Unit 3"}, base_url="https://a.example/list")
    assert listing.external_id == "https://a.example/units/3"
    assert normalize_listing({"external_id": 77, "url": "/u/77"}, base_url="https://a.example/").external_id == "77"


def test_a_listing_without_id_or_link_is_known_by_its_words():
    first = normalize_listing({"title": "Loft", "address": "1 Main St", "price": "$900"}, base_url="https://a.example/")
    repriced = normalize_listing(
        {"title": "Loft", "address": "1 Main St", "price": "$950"}, base_url="https://a.example/"
    )
    assert first.external_id == repriced.external_id and first.external_id.startswith("sha1:")
    assert normalize_listing({"bedrooms": "2 bd"}, base_url="https://a.example/") is None


def test_a_placeholder_date_far_ahead_is_no_date():
    today, base = datetime.date(2026, 8, 3), "https://a.example/"
    far = normalize_listing({"title": "Loft", "available_from": "12/31/9999"}, base_url=base, today=today)
    near = normalize_listing({"title": "Loft", "available_from": "10/1/26"}, base_url=base, today=today)
    assert far.available_from is None
    assert near.available_from == datetime.date(2026, 10, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2br -", None),
        ("2 bd", None),
        ("1 bath", None),
        ("Size: 850", None),
        ("1,105", 1105),
        ("702 - 748", 702),
        ("900ft2", 900),
        ("850 sq ft", 850),
    ],
)
def test_square_feet_only_from_a_number_labelled_or_read_under_a_size_label(text, expected):
    from rentals.scraping.values import parse_square_feet

    assert parse_square_feet(text) == expected
