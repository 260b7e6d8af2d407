"""The JSON-LD and CSS parsers on saved pages, without any network."""

import datetime
from decimal import Decimal

from rentals.scraping.config import crawl_settings
from rentals.scraping.parse import parse_css, parse_detail, parse_jsonld, parse_page
from testsupport.fakes.listing_site import CSS_CONFIG, page_text

TODAY = datetime.date(2025, 11, 20)


def by_id(listings):
    return {listing.external_id: listing for listing in listings}


def test_jsonld_graph_joins_listing_and_apartment_by_id():
    listings = parse_jsonld(page_text("jsonld_graph.html"), url="https://maplecourt.example/units/", today=TODAY)

    assert [listing.external_id for listing in listings] == ["MC-101", "https://maplecourt.example/units/204"]
    unit_101, unit_204 = listings
    assert unit_101.title == "Unit 101 – One bedroom with balcony"
    assert unit_101.url == "https://maplecourt.example/units/101"
    assert (unit_101.price, unit_101.currency) == (Decimal("1850.00"), "USD")
    assert (unit_101.bedrooms, unit_101.bathrooms, unit_101.square_feet) == (1, Decimal("1.0"), 720)
    assert unit_101.available_from == datetime.date(2025, 12, 1)
    assert unit_101.pets_allowed is True
    assert (unit_101.address, unit_101.city, unit_101.state, unit_101.postal_code) == (
        "400 Maple Ave, Unit 101",
        "Austin",
        "TX",
        "78701",
    )
    assert unit_101.description == "Bright corner unit with a balcony."
    assert unit_101.photos == [
        "https://maplecourt.example/img/101-living.jpg",
        "https://maplecourt.example/img/101-kitchen.jpg",
    ]
    # Nested offer with a price specification, rooms as bedrooms, full + half baths, m² to ft².
    assert unit_204.price == Decimal("2400.00")
    assert (unit_204.bedrooms, unit_204.bathrooms, unit_204.square_feet) == (2, Decimal("1.5"), 1023)
    assert unit_204.pets_allowed is False
    assert unit_204.available_from == datetime.date(2026, 1, 15)


def test_jsonld_reads_every_schema_org_type():
    listings = by_id(parse_jsonld(page_text("jsonld_types.html"), url="https://hill.example/rentals", today=TODAY))

    assert set(listings) == {
        "https://hill.example/homes/oak-hollow",  # House in an ItemList, no id: its link
        "SFR-77",  # SingleFamilyResidence, identifier as a PropertyValue
        "P-9",  # Product with an AggregateOffer and additionalProperty facts
        "https://hill.example/homes/guest-suite",  # Offer of an Accommodation
        "https://hill.example/lofts/a1",  # units of an ApartmentComplex
        "https://hill.example/lofts/a2",
        "https://hill.example/homes/cottage",  # Residence
    }
    house = listings["https://hill.example/homes/oak-hollow"]
    assert (house.price, house.bedrooms, house.bathrooms, house.square_feet) == (
        Decimal("2950.00"),
        3,
        Decimal("2.5"),
        1650,
    )
    assert (house.address, house.city, house.postal_code) == ("88 Oak Hollow Dr", "Round Rock", "78664")
    assert house.available_from == datetime.date(2025, 12, 1)
    assert house.pets_allowed is True
    assert house.photos == ["https://hill.example/photos/oak-hollow.jpg"]

    assert (listings["SFR-77"].price, listings["SFR-77"].bedrooms, listings["SFR-77"].city) == (
        Decimal("3100.00"),
        4,
        "Georgetown",
    )
    studio = listings["P-9"]
    assert (studio.price, studio.bedrooms, studio.bathrooms, studio.square_feet, studio.pets_allowed) == (
        Decimal("1395.00"),
        0,
        Decimal("1.0"),
        480,
        False,
    )
    suite = listings["https://hill.example/homes/guest-suite"]
    assert (suite.title, suite.price, suite.bedrooms, suite.city) == (
        "Furnished guest suite",
        Decimal("1200.00"),
        1,
        "Austin",
    )
    assert suite.available_from == datetime.date(2026, 1, 15)
    loft = listings["https://hill.example/lofts/a1"]
    # A unit lends its complex's address and pet policy.
    assert (loft.price, loft.bedrooms, loft.address, loft.city, loft.pets_allowed) == (
        Decimal("1725.00"),
        2,
        "1200 River Rd",
        "San Marcos",
        True,
    )
    assert listings["https://hill.example/homes/cottage"].price == Decimal("1500.00")


def test_jsonld_on_a_page_without_it_finds_nothing():
    assert parse_jsonld(page_text("empty.html"), url="https://a.example/") == []
    assert parse_jsonld(page_text("css_page1.html"), url="https://a.example/") == []


def test_css_selectors_read_every_field():
    listings = parse_css(
        page_text("css_page1.html"), url="https://ht.example/css/page1.html", listing=CSS_CONFIG["listing"], today=TODAY
    )
    assert [listing.external_id for listing in listings] == ["ht-1", "ht-2", "ht-3"]
    studio, townhome, patio = listings
    assert studio.title == "Cozy studio near campus"
    assert studio.url == "https://ht.example/css/homes/ht-1.html"
    assert (studio.price, studio.bedrooms, studio.bathrooms, studio.square_feet) == (
        Decimal("1150.00"),
        0,
        Decimal("1.0"),
        450,
    )
    assert (studio.address, studio.city, studio.state, studio.postal_code) == (
        "210 Guadalupe St",
        "Austin",
        "TX",
        "78705",
    )
    assert studio.available_from == datetime.date(2026, 1, 1)
    assert studio.pets_allowed is True
    assert studio.photos == ["https://ht.example/css/img/ht-1.jpg"]
    assert (townhome.bedrooms, townhome.bathrooms, townhome.pets_allowed) == (2, Decimal("1.5"), False)
    assert townhome.available_from == datetime.date(2026, 2, 1)
    assert patio.available_from == datetime.date(2026, 1, 15)
    # A lazy-loaded image: its data-src.
    assert patio.photos == ["https://ht.example/css/img/ht-3-lazy.jpg"]


def test_css_listing_without_id_is_known_by_its_link_and_next_page_is_found():
    settings = crawl_settings("https://ht.example/css/page1.html", CSS_CONFIG)
    page = parse_page(
        page_text("css_page2.html"), url="https://ht.example/css/page2.html", settings=settings, today=TODAY
    )

    assert page.strategy == "css"
    assert page.next_page == "https://ht.example/css/page3.html"
    assert [listing.external_id for listing in page.listings] == [
        "ht-4",
        "ht-5",
        "https://ht.example/css/homes/garden-unit.html",
    ]
    assert page.listings[0].price == Decimal("2600.00")  # "$2,600 - $2,750": the lowest
    assert page.listings[2].available_from == TODAY  # "Available now"
    last = parse_page(page_text("css_page3.html"), url="https://ht.example/css/page3.html", settings=settings)
    assert last.next_page is None
    assert last.listings[1].bathrooms == Decimal("3.5")


def test_auto_prefers_jsonld_and_falls_back_to_css():
    auto = crawl_settings("https://x.example/", {**CSS_CONFIG, "strategy": "auto"})
    assert parse_page(page_text("jsonld_graph.html"), url="https://x.example/", settings=auto).strategy == "jsonld"
    assert parse_page(page_text("css_page1.html"), url="https://x.example/", settings=auto).strategy == "css"

    jsonld_only = crawl_settings("https://x.example/", {**CSS_CONFIG, "strategy": "jsonld"})
    assert parse_page(page_text("css_page1.html"), url="https://x.example/", settings=jsonld_only).listings == []
    css_only = crawl_settings(
        "https://x.example/", {"strategy": "css", "listing": {"item": "div.none", "fields": {"title": "h2"}}}
    )
    assert parse_page(page_text("jsonld_graph.html"), url="https://x.example/", settings=css_only).listings == []
    nothing = parse_page(page_text("empty.html"), url="https://x.example/", settings=auto)
    assert (nothing.listings, nothing.strategy, nothing.next_page) == ([], "", None)


def test_detail_page_listing():
    text = page_text("css_detail.html").replace("$title", "Loft").replace("$sqft", "777").replace("$slug", "loft")
    detail = parse_detail(text, url="https://ht.example/css/homes/loft.html")
    assert (detail.title, detail.square_feet) == ("Loft", 777)
    assert detail.photos[0] == "https://ht.example/css/img/loft-1.jpg"
