"""Propertyware: a manager's page whose widget draws its listings from JSONP calls, followed by
the crawl (the list, then each unit the list does not describe whole) and read by the preset.
The widget's server is faked on loopback (propertyware_support.py); every answer is made up."""

import json

import pytest
from werkzeug import Response

from rentals.models import Rental, RentalSource
from rentals.scraping import presets
from rentals.scraping.parse import PageSource
from rentals.scraping.presets.pagedata import jsonp_value
from rentals.scraping.presets.propertyware import rent_text
from rentals.services import source_scrape_inline
from rentals.tests.listing_sources_support import manager_page
from rentals.tests.propertyware_support import (
    BUILDINGS,
    SID,
    UNITS,
    WEBSITE_DO,
    WID,
    WIDGET_DIV,
    calls,
    config_jsp_page,
    sid_wid_page,
    widget_answers,
)
from rentals.tests.test_scraping import add_source, rentals, scrape

pytestmark = pytest.mark.django_db


def scrape_inline(user, api_client, url):
    source = add_source(api_client, url)
    return source_scrape_inline(user=user, source=RentalSource.objects.get(pk=source["id"]))


def test_a_page_with_sid_and_wid_is_read_from_the_widgets_list_and_unit_calls(
    site, api_client, django_capture_on_commit_callbacks
):
    site.serve_jsonp(WEBSITE_DO, widget_answers())
    source = add_source(api_client, sid_wid_page(site))

    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.error, run.warnings) == ("succeeded", "", [])
    # The page, the list, the unit 9002, the building 9003 and its two units; 9001 is whole in the list.
    assert run.pages_fetched == 6
    assert calls(site) == [("l", "0"), ("u", "9002"), ("u", "9003"), ("u", "9301"), ("u", "9302")]
    (list_call,) = [
        request for request, _ in site.server.log if request.path == WEBSITE_DO and request.args["action"] == "l"
    ]
    assert (list_call.args["sid"], list_call.args["wid"], list_call.args["callback"]) == (SID, WID, "loadListCallback")
    assert run.extracted_by["preset:propertyware"] == 4
    found = rentals(api_client)
    assert set(found) == {"9001", "9002", "9301", "9302"}  # the building 9003 is its units
    whole = found["9001"]
    assert (whole["address"], whole["city"], whole["state"], whole["postal_code"]) == (
        "14 Cedar Row",
        "Albany",
        "OR",
        "97321",
    )
    assert (whole["price"], whole["bedrooms"], whole["bathrooms"], whole["square_feet"]) == (1395, 2, 1.5, 980)
    unit = found["9002"]
    assert (unit["title"], unit["address"], unit["city"], unit["price"], unit["bedrooms"], unit["square_feet"]) == (
        "Sunny one bedroom near campus",
        "221 Maple Ave Apt 3",
        "Corvallis",
        1150,
        1,
        640,
    )
    assert unit["pets_allowed"] is False and unit["available_from"] is not None
    assert unit["photos"] == ["https://images.example-cdn.com/pw/9002/1.jpg"] and unit["url"] == ""
    assert (found["9301"]["price"], found["9301"]["available_from"], found["9301"]["pets_allowed"]) == (
        2040,
        "2026-09-15",
        True,
    )
    assert (found["9302"]["price"], found["9302"]["bedrooms"], found["9302"]["square_feet"]) == (1975, 3, 1120)


def test_a_config_jsp_widget_is_read_through_its_script(site, user, api_client):
    site.serve_jsonp(WEBSITE_DO, widget_answers())

    run = scrape_inline(user, api_client, config_jsp_page(site))

    assert (run.status, run.warnings) == ("succeeded", [])
    assert run.pages_fetched == 7  # the config script first: it says SID and WID
    paths = [path for path in site.requested_paths() if path != "/robots.txt"]
    assert paths[:3] == ["/homes.html", "/pw/website/widgets/config.jsp", WEBSITE_DO]
    assert set(rentals(api_client)) == {"9001", "9002", "9301", "9302"}


def test_a_list_of_three_whole_buildings_needs_no_unit_call(site, user, api_client):
    whole = [{**BUILDINGS[0], "id": 9001 + number, "address": f"{14 + number} Cedar Row"} for number in range(3)]
    site.serve_jsonp(WEBSITE_DO, widget_answers(whole, {}))

    run = scrape_inline(user, api_client, sid_wid_page(site))

    assert (run.status, run.pages_fetched, run.warnings) == ("succeeded", 2, [])
    assert calls(site) == [("l", "0")]
    assert sorted(rental["address"] for rental in rentals(api_client).values()) == [
        "14 Cedar Row",
        "15 Cedar Row",
        "16 Cedar Row",
    ]


def test_the_lists_next_pages_are_followed(site, user, api_client):
    whole = [{**BUILDINGS[0], "id": 9100 + number, "address": f"{100 + number} Cedar Row"} for number in range(5)]
    site.serve_jsonp(WEBSITE_DO, widget_answers(whole, {}, page_size=2))

    run = scrape_inline(user, api_client, sid_wid_page(site))

    assert run.status == "succeeded"
    assert calls(site) == [("l", "0"), ("l", "1"), ("l", "2")]
    assert len(rentals(api_client)) == 5


@pytest.mark.parametrize(
    "answer",
    [
        'loadListCallback({"buildings": [{"id": 9001, "targetRent": "$1,395.00"',  # cut short
        'alert(document.cookie);loadListCallback({"buildings": [], "unitCount": 0, "pageSize": 10});',
        'window.evil({"buildings": [], "unitCount": 0, "pageSize": 10});',
        "<html><body>Service unavailable</body></html>",
    ],
    ids=["cut-short", "code-before", "another-callback", "html"],
)
def test_a_malformed_jsonp_answer_is_refused_with_a_warning_and_gives_no_rental(site, user, api_client, answer):
    site.serve_jsonp(WEBSITE_DO, lambda args: answer)

    run = scrape_inline(user, api_client, sid_wid_page(site))

    assert run.status == "succeeded" and run.pages_fetched == 2
    assert any(
        f"{WEBSITE_DO}?sid={SID}" in warning and "not the answer Propertyware" in warning for warning in run.warnings
    ), run.warnings
    assert not Rental.objects.exists()


def test_a_malformed_unit_answer_leaves_out_that_unit_only(site, user, api_client):
    answers = widget_answers()
    site.serve_jsonp(
        WEBSITE_DO, lambda args: "loadDetailCallback({oops" if args.get("uid") == "9002" else answers(args)
    )

    run = scrape_inline(user, api_client, sid_wid_page(site))

    assert run.status == "succeeded"
    assert set(rentals(api_client)) == {"9001", "9301", "9302"}
    assert any("uid=9002" in warning for warning in run.warnings)


def test_a_propertyware_page_without_sid_follows_nothing(site, user, api_client):
    site.serve("/rentals.html", manager_page(WIDGET_DIV))
    site.serve_jsonp(WEBSITE_DO, widget_answers())

    run = scrape_inline(user, api_client, site.url("/rentals.html"))

    assert run.pages_fetched == 1 and calls(site) == []
    assert run.extracted_by["preset:propertyware"] == 0
    assert not Rental.objects.exists()


def test_unit_calls_beyond_the_pages_limit_are_left_out_with_a_warning(site, user, api_client, settings):
    settings.SCRAPER_DETAIL_PAGES_PER_PAGE = 2
    site.serve_jsonp(WEBSITE_DO, widget_answers())

    run = scrape_inline(user, api_client, sid_wid_page(site))

    assert run.status == "succeeded"
    assert calls(site) == [("l", "0"), ("u", "9002"), ("u", "9003")]
    assert set(rentals(api_client)) == {"9001", "9002"}
    assert any("load from 4 more addresses; the first 2 were read" in warning for warning in run.warnings)


def test_a_unit_call_that_fails_for_now_fails_the_run(site, user, api_client):
    answers = widget_answers()
    site.serve_jsonp(WEBSITE_DO, answers)
    url = sid_wid_page(site)
    scrape_inline(user, api_client, url)
    site.routes[WEBSITE_DO] = lambda request: Response("busy", status=503)

    run = scrape_inline(user, api_client, url)

    assert run.status == "failed" and "could not be read" in run.error
    assert Rental.objects.filter(status="available").count() == 4  # nothing marked gone


def test_the_preview_follows_the_widget(site, api_client):
    site.serve_jsonp(WEBSITE_DO, widget_answers())

    response = api_client.post("/api/rentals/sources/preview", {"website_url": sid_wid_page(site)}, format="json")

    body = response.json()
    assert response.status_code == 200, body
    assert body["warnings"] == [] and len(body["listings"]) == 4 and body["pages_fetched"] == 6
    assert all(listing["found_by"] == ["preset:propertyware"] for listing in body["listings"])


def test_the_preset_names_the_real_widgets_calls():
    def sources(text, url="https://www.juniperlane.example/rentals"):
        page = PageSource(manager_page(text), url)
        assert presets.detect(page).name == "propertyware"
        return presets.detect(page).listing_sources(page)

    list_call = (
        "https://webreq.propertyware.com/pw/marketing/website.do?sid=4410&wid=27&forSale=false"
        "&action=l&pageNumber=0&callback=loadListCallback"
    )
    widget = '<script src="https://app.propertyware.com/pw/website/widgets/js/listings.js"></script>'
    assert sources(f"{widget}<script>var SID =  4410;\nvar WID = 27;</script>") == [list_call]
    assert sources(f"{WIDGET_DIV}<script>var SID = 4410; var WID = 27;</script>") == [list_call]
    assert sources(
        f'{WIDGET_DIV}<a class="brochure" href="https://app.propertyware.com/pw/website/brochure.do'
        '?sid=4410&wid=27">Brochure</a>'
    ) == [list_call]
    config = "https://app.propertyware.com/pw/website/widgets/config.jsp?wid=27"
    assert sources(f'<script src="{config}"></script>') == [config]
    assert sources(WIDGET_DIV) == []


def test_jsonp_is_read_as_json_only_for_a_plain_callback():
    assert jsonp_value('loadListCallback({"a": 1});', "loadListCallback") == {"a": 1}
    assert jsonp_value('/**/ cb_1$ ( {"a": [1, 2,\n ]} )', "cb_1$") == {"a": [1, 2]}  # trailing comma forgiven
    assert jsonp_value('{"a": 1}') is None
    assert jsonp_value('loadListCallback({"a": 1});', "loadDetailCallback") is None
    assert jsonp_value('a.b({"a": 1})') is None
    assert jsonp_value('cb({"a": 1}); steal()') is None
    assert jsonp_value("cb(function(){return 1}())") is None
    assert jsonp_value("") is None


@pytest.mark.parametrize(
    ("descriptions", "expected"),
    [
        (('<span class="boldFont">Monthly Rent: </span>$1,050.00', "$1,050.00"), "$1,050.00"),
        (("$2.55 / Sq Ft ($2,868.75 / Month)",), "$2,868.75"),
        (("$0.00", "$1,050.00"), "$1,050.00"),
        ((None, "", "$2,800.00"), "$2,800.00"),
        (("$2.55 / Sq Ft",), None),
        ((None, None), None),
    ],
)
def test_the_rent_is_read_from_the_first_description_that_states_one(descriptions, expected):
    assert rent_text(*descriptions) == expected


def test_a_building_with_units_is_no_rental_of_its_own():
    answer = PageSource(
        f'loadDetailCallback({{"unit": {json.dumps(UNITS["9003"])}}});',
        f"https://webreq.propertyware.com{WEBSITE_DO}?sid=4410&wid=27&uid=9003&action=u&callback=loadDetailCallback",
    )
    preset = presets.detect(answer)

    assert preset.extract(answer) == []
    assert [address.split("uid=")[1].split("&")[0] for address in preset.answer_listing_sources(answer)] == [
        "9301",
        "9302",
    ]
