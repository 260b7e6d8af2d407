"""Listings from the app state pages ship (Next.js data and server components, Redux and Apollo
stores, JavaScript literals), on pages written for these tests in each platform's shape."""

import datetime
from decimal import Decimal

from rentals.scraping import embedded
from rentals.scraping.parse import parse_page
from rentals.tests.embedded_support import TODAY, listings
from testsupport.fakes.listing_site import page_text


def test_next_data_search_results():
    found = listings(page_text("embedded_next_data.html"), "https://www.homesearch.example/portland-or/rentals/")

    # The map repeats two results (once each); the house for sale and the market figures are not rentals.
    assert [item.external_id for item in found] == [
        "70001",
        "70002",
        "70003",
        "45.49526--122.672165:1",
        "45.49526--122.672165:2",
    ]
    alder_st, pearl, going, one_bed, two_bed = found
    assert (alder_st.price, alder_st.bedrooms, alder_st.bathrooms, alder_st.square_feet) == (
        Decimal("2100.00"),
        2,
        Decimal("1.0"),
        910,
    )
    assert (alder_st.address, alder_st.city, alder_st.state, alder_st.postal_code) == (
        "1411 SE Alder St APT 3",
        "Portland",
        "OR",
        "97214",
    )
    assert alder_st.url == "https://www.homesearch.example/homedetails/1411-SE-Alder-St-APT-3/70001_zpid/"
    assert alder_st.available_from == datetime.date(2026, 1, 5)
    assert alder_st.photos == [
        "https://photos.homesearch.example/fp/70001-p_e.jpg",
        "https://photos.homesearch.example/fp/a1-p_e.jpg",
        "https://photos.homesearch.example/fp/a2-p_e.jpg",
    ]
    assert (pearl.bedrooms, pearl.price) == (0, Decimal("1650.00"))  # a studio
    assert going.url == "https://www.homesearch.example/homedetails/3308-NE-Going-St/70003_zpid/"
    assert going.bathrooms == Decimal("2.5")
    # A building's units: each a rental at the building's address and link, told apart by their rooms.
    assert [(unit.title, unit.price, unit.bedrooms, unit.address, unit.postal_code) for unit in (one_bed, two_bed)] == [
        ("The Alder", Decimal("1795.00"), 1, "3883 S Moody Ave", "97239"),
        ("The Alder", Decimal("2560.00"), 2, "3883 S Moody Ave", "97239"),
    ]
    assert {unit.url for unit in (one_bed, two_bed)} == {
        "https://www.homesearch.example/apartments/portland-or/the-alder/CkBcxq/"
    }
    # …and stay two rentals once every extractor's findings are merged.
    page = parse_page(
        page_text("embedded_next_data.html"), url="https://www.homesearch.example/portland-or/rentals/", today=TODAY
    )
    assert [item.external_id for item in page.listings] == [item.external_id for item in found]


def test_preloaded_state_listables():
    found = listings(page_text("embedded_preloaded_state.html"), "https://www.rentfinder.example/seattle-wa")

    assert [(item.url, item.price, item.bedrooms, item.bathrooms) for item in found] == [
        (
            "https://www.rentfinder.example/apartments-for-rent/48810021/1-bedroom-capitol-hill-seattle-wa",
            Decimal("1450.00"),
            1,
            Decimal("1.0"),
        ),
        (
            "https://www.rentfinder.example/apartment-buildings/p7730/harbor-lofts-seattle-wa",
            Decimal("1895.00"),
            0,
            None,
        ),  # a building from $1,895, studios to two beds
        (
            "https://www.rentfinder.example/apartments-for-rent/48810022/2-bedroom-wallingford-seattle-wa",
            Decimal("2200.00"),
            2,
            Decimal("1.5"),
        ),
    ]
    first = found[0]
    assert (first.external_id, first.address, first.city, first.state, first.postal_code) == (
        "48810021",
        "1201 E Pine St Apt 4",
        "Seattle",
        "WA",
        "98122",
    )
    assert (first.square_feet, first.available_from, first.pets_allowed) == (640, datetime.date(2025, 12, 15), True)
    assert first.photos == ["https://img.rentfinder.example/48810021/a.jpg"]


def test_server_component_payload():
    found = listings(page_text("embedded_rsc.html"), "https://riverbend.example/units")

    assert [(item.external_id, item.url, item.price, item.bedrooms, item.square_feet) for item in found] == [
        ("u-301", "https://riverbend.example/units/301", Decimal("1725.00"), 1, 702),
        ("u-415", "https://riverbend.example/units/415", Decimal("2240.00"), 2, 1010),
        ("u-120", "https://riverbend.example/units/120", Decimal("1395.00"), 0, 455),
    ]
    # The property shown beside each unit gives its address.
    assert {(item.address, item.city, item.state, item.postal_code) for item in found} == {
        ("400 River Rd", "Boise", "ID", "83702")
    }
    assert found[1].available_from == TODAY  # "Now"


def test_javascript_literals_strings_markers_and_an_apollo_cache():
    found = {
        item.external_id: item
        for item in listings(page_text("embedded_js_literals.html"), "https://acme.example/listings")
    }

    assert list(found) == ["3410001", "3410002", "h-1", "h-2", "101", "102", "r-9", "r-10"]
    # `var unitsData = '{...}'`: JSON in a string.
    assert (found["3410001"].price, found["3410001"].bedrooms, found["3410001"].square_feet) == (
        Decimal("1640.00"),
        1,
        702,
    )
    assert found["3410002"].available_from == datetime.date(2026, 8, 15)
    # Unquoted keys, single quotes, trailing commas.
    cottage = found["h-1"]
    assert (cottage.title, cottage.price, cottage.url) == (
        "Garden cottage",
        Decimal("1525.00"),
        "https://acme.example/homes/garden-cottage",
    )
    assert cottage.photos == ["https://acme.example/img/cottage-1.jpg", "https://acme.example/img/cottage-2.jpg"]
    assert (found["h-2"].bathrooms, found["h-2"].pets_allowed) == (Decimal("2.5"), False)
    # Map markers passed to a call: "Studio, 1 ba, 520 Sq. Ft.".
    studio = found["101"]
    assert (studio.price, studio.bedrooms, studio.bathrooms, studio.square_feet) == (
        Decimal("1450.00"),
        0,
        Decimal("1.0"),
        520,
    )
    assert (studio.address, studio.city, studio.postal_code) == ("12 Oak St #3", "Austin", "78701")
    assert studio.url == "https://acme.example/listings/detail/11111111-2222-3333-4444-555555555555"
    assert (found["102"].bedrooms, found["102"].bathrooms, found["102"].square_feet) == (2, Decimal("2.5"), 1105)
    # Apollo: the address is a reference to another entry; the agent is no listing.
    assert (found["r-9"].price, found["r-9"].address, found["r-9"].postal_code) == (
        Decimal("1980.00"),
        "9 Lamar Blvd",
        "78703",
    )


def test_state_without_listings_gives_none():
    """Menus (one with a price and beds), agents, offices, map pins, filters, averages, an ad,
    price tiers, a leased unit, analytics and settings."""
    assert embedded.extract_listings(page_text("embedded_negative.html")) == []
    for name in ("empty.html", "css_page1.html", "jsonld_graph.html", "jsonld_types.html"):
        assert embedded.extract_listings(page_text(name)) == []


def test_auto_counts_embedded_listings():
    page = parse_page(
        page_text("embedded_preloaded_state.html"), url="https://www.rentfinder.example/seattle-wa", today=TODAY
    )
    assert page.extracted_by["embedded_json"] == 3
    assert len(page.listings) == 3
