"""Listings from the app state pages ship (Next.js data and server components, Redux and Apollo
stores, JavaScript literals), on pages written for these tests in each platform's shape."""

import datetime
import json
import time
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rentals.scraping import embedded
from rentals.scraping.normalize import normalize_listing
from rentals.scraping.parse import parse_page
from testsupport.fakes.listing_site import page_text

TODAY = datetime.date(2025, 11, 20)


def listings(text, url):
    raws = embedded.extract_listings(text)
    found = [normalize_listing(raw, base_url=url, today=TODAY, make_id=False) for raw in raws]
    return [listing for listing in found if listing is not None]


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


def test_json_parse_json_scripts_and_data_attributes():
    rental = {
        "id": 5,
        "url": "/r/5",
        "rent": "$1,300",
        "beds": 1,
        "baths": 1,
        "address": {"street": "5 Pine St", "city": "Tulsa", "state": "OK", "zip": "74103"},
    }
    state = json.dumps(json.dumps({"page": {"rentals": [rental]}}))
    props = json.dumps({"rentals": [{**rental, "id": 6, "url": "/r/6"}]}).replace('"', "&quot;")
    text = (
        f"<script>window.__INITIAL_STATE__ = JSON.parse({state});</script>"
        f'<script type="application/json" data-for="grid">{json.dumps([{**rental, "id": 7, "url": "/r/7"}])}</script>'
        f'<div data-props="{props}"></div>'
    )
    found = listings(text, "https://tulsa.example/")
    assert [(item.external_id, item.price, item.address, item.city) for item in found] == [
        ("5", Decimal("1300.00"), "5 Pine St", "Tulsa"),
        ("7", Decimal("1300.00"), "5 Pine St", "Tulsa"),
        ("6", Decimal("1300.00"), "5 Pine St", "Tulsa"),
    ]


def test_a_building_with_plans_and_their_units():
    """Units inside plans inside a building: each available unit is a rental with its plan's rooms
    and the building's address; a priced plan without units is one; other buildings shown
    nearby, unavailable units and unpriced plans are not."""
    building = {
        "rental_id": "b-1",
        "property_name": "Cortland Lofts",
        "address": "1776 Platte St",
        "city": "Denver",
        "state": "CO",
        "zip": "80202",
        "price_min": 1385,
        "bed_min": 0,
        "available_units": [
            {
                "remote_listing_id": "fp-1",
                "name": "S1",
                "bed": 0,
                "bath": 1,
                "sqft": 495,
                "price": 1385,
                "units": [
                    {
                        "remote_listing_id": "u-204",
                        "display_name": "204",
                        "price": 1385,
                        "available_on": "2026-01-20",
                        "availability": "available",
                    },
                    {"remote_listing_id": "u-102", "display_name": "102", "price": 1375, "availability": "unavailable"},
                ],
            },
            {"remote_listing_id": "fp-2", "name": "B1", "bed": 2, "bath": 2, "sqft": 1040, "price": 2240, "units": []},
            {"remote_listing_id": "fp-3", "name": "Penthouse", "bed": 2, "bath": 2.5, "price": None, "units": []},
        ],
    }
    state = {
        "props": {
            "pageProps": {
                "component": {
                    "listing": building,
                    "nearbyListings": [
                        {
                            "rental_id": "b-2",
                            "property_name": "Union Yards",
                            "price_min": 1510,
                            "bed_min": 1,
                            "address": "1901 Wazee St",
                            "city": "Denver",
                        }
                    ],
                }
            }
        }
    }
    text = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'
    found = listings(text, "https://homes.example/co/denver/cortland-lofts")
    assert [
        (item.external_id, item.title, item.address, item.price, item.bedrooms, item.bathrooms, item.square_feet)
        for item in found
    ] == [
        ("u-204", "Cortland Lofts – #204", "1776 Platte St #204", Decimal("1385.00"), 0, Decimal("1.0"), 495),
        ("fp-2", "Cortland Lofts – B1", "1776 Platte St", Decimal("2240.00"), 2, Decimal("2.0"), 1040),
    ]
    assert (found[0].city, found[0].postal_code, found[0].available_from) == (
        "Denver",
        "80202",
        datetime.date(2026, 1, 20),
    )


def test_full_and_half_baths_win_over_a_rounded_count():
    result = {
        "zpid": "9",
        "detailUrl": "/h/9",
        "price": "$2,875/mo",
        "beds": 3,
        "baths": 3.0,
        "factsAndFeatures": {"fullBathroomCount": 2, "halfBathroomCount": 1},
    }
    text = f'<script type="application/json">{json.dumps({"listResults": [result]})}</script>'
    [house] = listings(text, "https://homes.example/")
    assert house.bathrooms == Decimal("2.5")


def test_apollo_references_inside_next_data():
    cache = {
        "ROOT_QUERY": {"search": {"homes": [{"__ref": "Home:1"}]}},
        "Home:1": {
            "__typename": "Home",
            "id": "1",
            "url": "/h/1",
            "rent": 1600,
            "beds": 2,
            "baths": 1,
            "address": {"__ref": "Address:1"},
        },
        "Address:1": {"__typename": "Address", "line1": "1 Main St", "city": "Ames", "state": "IA"},
    }
    state = {"props": {"pageProps": {"apolloState": cache}}, "page": "/homes"}
    text = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'
    [home] = listings(text, "https://ames.example/")
    assert (home.external_id, home.price, home.address, home.city) == ("1", Decimal("1600.00"), "1 Main St", "Ames")


def test_auto_counts_embedded_listings():
    page = parse_page(
        page_text("embedded_preloaded_state.html"), url="https://www.rentfinder.example/seattle-wa", today=TODAY
    )
    assert page.extracted_by["embedded_json"] == 3
    assert len(page.listings) == 3


def test_a_huge_or_hostile_page_is_cut_short():
    listing = {"id": 1, "url": "/u/1", "price": 1500, "beds": 2, "baths": 1}
    many = [{**listing, "id": number, "url": f"/u/{number}"} for number in range(60_000)]
    deep = "[" * 50_000 + "]" * 50_000
    text = (
        f'<script type="application/json">{json.dumps({"results": many})}</script>'
        f'<script type="application/json">{deep}</script>'
        f"<script>var x = {{a: {deep}}}; var y = JSON.parse('{deep}');</script>"
        + "<script>window.s = {a: [{b: 1}], c: '"
        + "x" * 3_000_000
        + "'};</script>"  # a string past the scan
        + "<script>f({a: 1, "
        + "/*" * 200_000
        + "</script>"  # comments that never close
        + "<script>f({a: "
        + '"x' * 200_000
        + "</script>"  # quotes that never close
        + "<script>"
        + "f({a: [" * 100_000
        + "</script>"  # calls that never close
        + "<script>self.__next_f.push([1,"
        + json.dumps("5:[1]\n" * 200_000)
        + "])</script>"
        + '<div data-x="{&quot;price&quot;: 1}"></div>' * 20_000
    )
    started = time.perf_counter()
    found = embedded.extract_listings(text)
    assert time.perf_counter() - started < 5
    assert 0 < len(found) <= embedded.MAX_LISTINGS


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "<script>",
                "</script>",
                '<script type="application/json">',
                "window.__INITIAL_STATE__ = ",
                "var a = ",
                "self.__next_f.push([1,",
                '"5:[\\"$\\",\\"div\\",null,{}]\\n"',
                "])",
                "{",
                "}",
                "[",
                "]",
                "price: 1500,",
                '"beds": 2,',
                "'",
                '"',
                "JSON.parse(",
                ")",
                "markers: [{",
                "units: [",
                "\\",
                "//",
                "/*",
                "`",
                ",",
                ":",
                "null",
                '{"__ref": "A:1"}',
                "&quot;",
                'data-x="{&quot;',
                "1e999",
                "NaN",
                "\x00",
                "é",
            ]
        ),
        max_size=40,
    )
)
def test_any_script_soup_gives_listings_or_nothing(parts):
    for raw in embedded.extract_listings("".join(parts)):
        normalize_listing(raw, base_url="https://a.example/")


state_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["$1,850/mo", "2 bd", "Studio", "850 sq ft", "12 Oak St", "/u/1", "Leased", "2026-01-01"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "price",
                    "rent",
                    "beds",
                    "bedrooms",
                    "baths",
                    "sqft",
                    "address",
                    "city",
                    "zip",
                    "id",
                    "url",
                    "units",
                    "available_units",
                    "floorplan",
                    "hdpData",
                    "photos",
                    "imgSrc",
                    "__ref",
                    "status",
                    "isAd",
                    "property",
                    "nearby",
                    "name",
                    "title",
                    "fullBathroomCount",
                    "halfBathroomCount",
                    "carouselPhotosComposable",
                    "baseUrl",
                    "photoData",
                    "photoKey",
                    "display_name",
                    "ROOT_QUERY",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(state_values)
def test_any_state_gives_listings_or_nothing(value):
    text = (
        f'<script type="application/json">{json.dumps(value)}</script>'
        f"<script>window.__INITIAL_STATE__ = {json.dumps({'a': value, 'A:1': value})};</script>"
    )
    for raw in embedded.extract_listings(text):
        assert raw.get("price") is not None
        normalize_listing(raw, base_url="https://a.example/")


def test_an_items_own_name_wins_over_its_floor_plans():
    """A Zumper-like search state: each result holds its floor plan, whose name is the plan's."""
    state = {
        "listables": {
            "listables": [
                {
                    "listing_id": 48817301,
                    "building_name": "Diamond Lofts",
                    "address": "2250 NW Diamond Ave",
                    "city": "Portland",
                    "state": "OR",
                    "zipcode": "97210",
                    "min_price": 1795,
                    "max_price": 2450,
                    "min_bedrooms": 1,
                    "url": "/apartment-buildings/p48817301/diamond-lofts-portland-or",
                    "floorplan": {"name": "Diamond 2 - Plan A", "beds": 2, "baths": 2, "sqft": 980},
                },
                {
                    "listing_id": 48817355,
                    "name": "Quarry Flats",
                    "address": "88 SE Quarry St",
                    "city": "Portland",
                    "state": "OR",
                    "min_price": 1450,
                    "bedrooms": 1,
                    "url": "/apartments-for-rent/p48817355",
                    "floorplan": {"title": "Quarry 1 - Plan B", "beds": 1, "sqft": 640},
                },
                {
                    "listing_id": 48817390,
                    "address": "5 N Alder St",
                    "city": "Portland",
                    "state": "OR",
                    "min_price": 1300,
                    "url": "/apartments-for-rent/p48817390",
                    "floorplan": {"name": "Alder Studio", "beds": 0, "sqft": 420},
                },
            ]
        }
    }
    text = f"<html><body><script>window.__PRELOADED_STATE__ = {json.dumps(state)};</script></body></html>"

    found = listings(text, "https://www.zumper.example/apartments-for-rent/portland-or")

    assert [(item.title, item.square_feet) for item in found] == [
        ("Diamond Lofts", 980),
        ("Quarry Flats", 640),
        ("Alder Studio", 420),  # no name of its own: the plan's
    ]
