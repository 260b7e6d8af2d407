"""Listings from app state in the shapes platforms nest them: JSON in strings and attributes,
buildings with plans and units, Apollo references, fact containers and an item's own name."""

import datetime
import json
from decimal import Decimal

from rentals.tests.embedded_support import listings


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
