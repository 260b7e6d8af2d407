"""Where the listings are: a manager's page that only embeds a platform (a widget, a frame, a
script asking an API), whose listings the crawl fetches from the address the platform preset
names, through the same fetcher, and merges with the page's own.

The platforms are faked on loopback by the `site` fixture; every page and answer here is made
up, shaped like the real ones (/tmp/platform-notes.md and the presets' docstrings). Limits on
following and followed addresses that fail are in test_listing_sources_limits.py.
"""

import pytest

from rentals.models import Rental, RentalSource
from rentals.scraping import presets
from rentals.scraping.parse import PageSource
from rentals.services import source_scrape_inline
from rentals.tests.listing_sources_support import (
    BUILDIUM_RENTALS,
    REALPAGE_UNITS,
    RENTLY_ANSWER,
    SHOWMOJO_MAPSEARCH,
    appfolio_site,
    manager_page,
    serve_json,
)
from rentals.tests.test_scraping import add_source, rentals, scrape

pytestmark = pytest.mark.django_db


def test_an_appfolio_widget_is_followed_to_its_listing_page_and_the_rentals_are_saved(
    site, api_client, django_capture_on_commit_callbacks
):
    source = add_source(api_client, appfolio_site(site))

    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.error, run.warnings) == ("succeeded", "", [])
    assert run.pages_fetched == 2  # the manager's page and the widget's listing page
    assert run.extracted_by["preset:appfolio"] == 2 and run.listings_found == 2
    found = rentals(api_client)
    duplex = found["a1b2c3d4-0000-4000-8000-000000000701"]
    assert duplex["url"] == site.url("/listings/detail/a1b2c3d4-0000-4000-8000-000000000701")
    assert (duplex["title"], duplex["price"], duplex["bedrooms"], duplex["bathrooms"], duplex["square_feet"]) == (
        "Quince Street duplex",
        1640,
        2,
        1,
        910,
    )
    assert (duplex["address"], duplex["city"], duplex["state"], duplex["postal_code"]) == (
        "415 Quince St",
        "Eugene",
        "OR",
        "97402",
    )
    assert duplex["photos"] == ["https://images.example-cdn.com/jl/701/medium.jpg"]
    studio = found["a1b2c3d4-0000-4000-8000-000000000702"]
    assert (studio["price"], studio["bedrooms"], studio["city"]) == (1150, 0, "Springfield")
    assert site.requested_paths().count("/listings") == 1


@pytest.mark.parametrize(
    ("path", "answer", "embed", "expected"),
    [
        (
            "/Resident/public/rentals",
            BUILDIUM_RENTALS,
            '<iframe src="{origin}/Resident/public/rentals?hidenav=true" width="100%" height="1200"></iframe>',
            {
                "58120": {
                    "url": "/Resident/public/rentals/58120",
                    "address": "902 Hawthorne Ave - 2",
                    "city": "Salem",
                    "price": 1725,
                    "bedrooms": 3,
                    "bathrooms": 2,
                    "square_feet": 1240,
                }
            },
        ),
        (
            "/0c4e9a7b21/listings/mapsearch",
            SHOWMOJO_MAPSEARCH,
            '<iframe src="{origin}/0c4e9a7b21/listings/mapsearch" style="border:0"></iframe>',
            {
                "0c4e9a7b21": {
                    "url": "/l/0c4e9a7b21/66-spruce-way-4-corvallis-or?g=2",
                    "address": "66 Spruce Way #4",
                    "city": "Corvallis",
                    "price": 1095,
                    "bedrooms": 1,
                    "bathrooms": 1,
                }
            },
        ),
    ],
    ids=["buildium-frame", "showmojo-frame"],
)
def test_a_framed_platform_page_is_followed_and_read_by_its_preset(
    site, api_client, django_capture_on_commit_callbacks, path, answer, embed, expected
):
    origin = site.url("/").rstrip("/")
    site.serve("/rentals.html", manager_page(embed.format(origin=origin)))
    site.serve(path, answer)
    source = add_source(api_client, site.url("/rentals.html"))

    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.pages_fetched, run.listings_found) == ("succeeded", 2, len(expected))
    found = rentals(api_client)
    assert set(found) == set(expected)
    for external_id, fields in expected.items():
        fields = {**fields, "url": site.url(fields["url"])}  # links resolve against the framed page
        assert {name: found[external_id][name] for name in fields} == fields


def test_rentlys_search_answer_is_fetched_as_json_and_read(site, user, api_client):
    search = site.url("/api/properties/searchQuery") + "?pc=1&managerID=5521"
    embed = (
        '<iframe src="https://u5521.rently.com/propertiesSearch2" title="Self tours"></iframe>'
        f'<script>window.rentlyHomes = fetch("{search}").then(r => r.json());</script>'
    )
    site.serve("/homes.html", manager_page(embed))
    serve_json(site, "/api/properties/searchQuery", RENTLY_ANSWER)
    source = add_source(api_client, site.url("/homes.html"))

    run = source_scrape_inline(user=user, source=RentalSource.objects.get(pk=source["id"]))

    assert (run.status, run.pages_fetched, run.extracted_by["preset:rently"]) == ("succeeded", 2, 2)
    query = [
        request.query_string.decode() for request, _ in site.server.log if request.path == "/api/properties/searchQuery"
    ]
    assert query == ["pc=1&managerID=5521"]
    found = rentals(api_client)
    house = found["880311"]
    assert (house["address"], house["city"], house["state"], house["postal_code"]) == (
        "19 Pecan Hollow Dr",
        "Hampton",
        "GA",
        "30228",
    )
    assert (house["price"], house["bedrooms"], house["bathrooms"], house["square_feet"], house["pets_allowed"]) == (
        2240,
        3,
        2,
        1710,
        True,
    )
    assert (found["880347"]["bathrooms"], found["880347"]["pets_allowed"]) == (2.5, False)


def test_a_realpage_community_site_reads_its_available_units_from_getunits(
    site, api_client, django_capture_on_commit_callbacks
):
    page = manager_page(
        '<script src="https://cs-cdn.realpage.com/cws/js/site.js"></script><div id="floorplans-app"></div>'
    )
    site.serve("/floor-plans.aspx", page)
    serve_json(site, "/CmsSiteManager/callback.aspx", REALPAGE_UNITS)
    source = add_source(api_client, site.url("/floor-plans.aspx"))

    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.pages_fetched, run.extracted_by["preset:realpage"]) == ("succeeded", 2, 2)
    found = rentals(api_client)
    assert set(found) == {"u-3101", "u-1108"}  # the leased unit is not a rental
    aster = found["u-3101"]
    assert (aster["title"], aster["price"], aster["bedrooms"], aster["bathrooms"], aster["square_feet"]) == (
        "Aster · Unit 3101",
        1485,
        1,
        1,
        702,
    )
    assert aster["available_from"] == "2026-03-02" and aster["photos"] == []  # "%s" is no picture
    assert found["u-1108"]["price"] == 1995  # no number: the rent as written
    (request,) = [request for request, _ in site.server.log if request.path == "/CmsSiteManager/callback.aspx"]
    assert request.args["act"] == "Proxy/GetUnits" and request.args["available"] == "true"


def test_the_preview_shows_the_listings_of_the_followed_address(site, api_client):
    response = api_client.post("/api/rentals/sources/preview", {"website_url": appfolio_site(site)}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["pages_fetched"] == 2 and body["warnings"] == []
    assert body["extracted_by"]["preset:appfolio"] == 2
    assert sorted(listing["title"] for listing in body["listings"]) == ["Garden studio", "Quince Street duplex"]
    assert all(listing["found_by"] == ["preset:appfolio"] for listing in body["listings"])
    assert not Rental.objects.exists()


def test_presets_name_the_platform_addresses_from_the_page():
    """Where the real platforms are: no fetch, only what each preset reads off a page."""

    def sources(platform, text, url="https://www.juniperlane.example/rentals"):
        source = PageSource(text, url)
        preset = presets.detect(source)
        assert preset.name == platform
        return preset.listing_sources(source)

    search = "https://secure.rently.com/api/properties/searchQuery?pc=1&managerID={}"
    assert sources("rently", manager_page('<iframe src="https://u5521.rently.com/propertiesSearch2"></iframe>')) == [
        search.format(5521)
    ]
    assert sources(
        "rently", "<html><body><div id=app></div></body></html>", "https://u7310.rently.com/propertiesSearch2"
    ) == [search.format(7310)]
    assert sources(
        "appfolio",
        manager_page(
            '<script src="//juniperlane.appfolio.com/javascripts/listing.js"></script>'
            "<script>Appfolio.Listing({hostUrl: 'juniperlane.appfolio.com'});</script>"
        ),
    ) == ["https://juniperlane.appfolio.com/listings"]
    assert sources(
        "appfolio", manager_page('<script src="//juniperlane.appfolio.com/javascripts/listing.js"></script>')
    ) == ["https://juniperlane.appfolio.com/listings"]
    assert sources(
        "buildium",
        manager_page('<iframe src="https://juniper.managebuilding.com/Resident/public/rentals?hidenav=true"></iframe>'),
    ) == ["https://juniper.managebuilding.com/Resident/public/rentals?hidenav=true"]
    assert sources(
        "showmojo",
        manager_page(
            '<iframe src="https://showmojo.com/0c4e9a7b21/listings/mapsearch"></iframe>'
            '<iframe src="https://showmojo.com/widgets/schedule"></iframe>'
        ),
    ) == ["https://showmojo.com/0c4e9a7b21/listings/mapsearch"]
    assert sources(
        "realpage",
        manager_page('<script src="https://cs-cdn.realpage.com/cws/js/site.js"></script>'),
        "https://www.astercommons.example/floor-plans.aspx",
    ) == [
        "https://www.astercommons.example/CmsSiteManager/callback.aspx"
        "?act=Proxy/GetUnits&available=true&honordisplayorder=true"
    ]
    # Propertyware's widget: its config script says SID and WID (test_propertyware.py follows it).
    assert sources(
        "propertyware",
        manager_page('<script src="https://app.propertyware.com/pw/website/widgets/config.jsp?wid=27"></script>'),
    ) == ["https://app.propertyware.com/pw/website/widgets/config.jsp?wid=27"]
    # An embed's address that is no web address is not followed.
    assert (
        sources("buildium", manager_page('<iframe src="javascript:void(0)//Resident/public/rentals"></iframe>')) == []
    )


def test_scrape_explain_follows_where_a_widgets_listings_load_from(site):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("scrape", explain=appfolio_site(site), stdout=out)

    text = out.getvalue()
    assert "Platform detected: appfolio" in text
    assert f"Its listings load from: {site.url('/listings')}" in text
    assert "Merged: 2 rentals" in text and "Quince Street duplex" in text
