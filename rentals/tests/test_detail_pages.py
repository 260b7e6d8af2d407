"""Managers' own sites whose listing page shows no rent: a grid of photos, titles and "View
details" links (WordPress, Squarespace, Wix, hand-made), the rent, rooms and address only on
each listing's own page. The crawl follows those links (same site, same fetcher) and reads each
page as one listing; a blog, a team page or a menu of links gives no rental.

Every page is made up, shaped like the builders' markup (rentals/tests/pages/detail_*.html).
"""

import time

import pytest

from rentals.models import Rental
from rentals.scraping.detail import read_single_listing
from rentals.scraping.detail_links import listing_pattern, may_follow, registrable_host
from rentals.scraping.parse import PageSource, parse_source
from rentals.services import source_scrape_inline
from rentals.tests.detail_pages_support import (
    WORDPRESS_FACTS,
    by_title,
    handmade_site,
    squarespace_site,
    wix_site,
    wordpress_site,
)
from rentals.tests.factories import RentalSourceFactory
from rentals.tests.test_scraping import add_source, scrape
from testsupport.fakes.listing_site import METADATA_URL, DrippingSite, page_text

pytestmark = pytest.mark.django_db


def test_a_wordpress_grid_without_rents_gives_the_rentals_from_their_own_pages(
    site, api_client, django_capture_on_commit_callbacks
):
    url = wordpress_site(site)
    assert parse_source(PageSource(page_text("detail_wordpress_grid.html"), url)).listings == []  # before

    run = scrape(api_client, add_source(api_client, url)["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.listings_found, run.pages_fetched) == ("succeeded", 3, 1 + 4)
    assert run.extracted_by["detail_page"] == 3 and run.warnings == []
    found = by_title(api_client)
    assert set(found) == {"Harris Street Duplex, Unit B", "The Juniper Loft", "Craftsman on West 14th"}
    harris = found["Harris Street Duplex, Unit B"]
    assert (harris["price"], harris["bedrooms"], harris["bathrooms"], harris["square_feet"]) == (1450, 2, 1.5, 850)
    assert (harris["address"], harris["city"], harris["state"]) == ("1918 Harris St Unit B", "Eugene", "OR")
    assert harris["url"] == harris["external_id"] == site.url("/property/1918-harris-st-unit-b/")  # the list's link
    assert harris["photos"][0] == site.url("/wp-content/uploads/2025/01/1918-harris-st-unit-b-1024x683.jpg")
    loft = found["The Juniper Loft"]
    assert (loft["price"], loft["bedrooms"], loft["square_feet"], loft["address"]) == (1625, 1, 720, "211 Olive St #4")
    craftsman = found["Craftsman on West 14th"]
    assert (craftsman["price"], craftsman["bedrooms"], craftsman["bathrooms"]) == (2100, 3, 2)
    assert (craftsman["square_feet"], craftsman["postal_code"]) == (1480, "97402")
    requested = site.requested_paths()
    # The blog's posts, the footer's and the menu's links, and the similar properties: never fetched.
    assert not [path for path in requested if path.startswith(("/2025/", "/rentals/", "/apply", "/contact"))]
    assert "/property/old-mill-flat/" not in requested and "/property/cascade-court-3/" in requested


@pytest.mark.parametrize(
    "make_site, expected",
    [
        (
            squarespace_site,
            {"Cedar Cottage": (1650, 3, 2, "2245 NW Arthur Cir"), "The Quince Duplex": (1395, 2, 1, "415 Quince St")},
        ),
        (wix_site, {"Maple Street Bungalow": (1275, 2, 1, "88 Maple St"), "Downtown Studio": (995, 0, None, "")}),
        (
            handmade_site,
            {
                "Unit 4 - One Bedroom": (1050, 1, 1, "2210 Onyx St Apt 4"),
                "Unit 7 - Two Bedroom": (1325, 2, 1, "2210 Onyx St Apt 7"),
                "Unit 9 - Studio": (875, 0, 1, "2210 Onyx St Apt 9"),
            },
        ),
    ],
    ids=["squarespace", "wix", "hand-made"],
)
def test_squarespace_wix_and_hand_made_grids_give_their_rentals(
    site, api_client, django_capture_on_commit_callbacks, make_site, expected
):
    url = make_site(site)

    run = scrape(api_client, add_source(api_client, url)["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.listings_found) == ("succeeded", len(expected)), run.warnings
    found = {
        title: (rental["price"], rental["bedrooms"], rental["bathrooms"], rental["address"])
        for title, rental in by_title(api_client).items()
    }
    assert found == expected


@pytest.mark.parametrize(
    "page",
    [
        "detail_blog_grid.html",
        "detail_team_page.html",
        "detail_nav_menu.html",
    ],
)
def test_a_blog_a_team_page_or_a_menu_of_links_gives_no_rental_and_nothing_is_followed(
    site, api_client, django_capture_on_commit_callbacks, page
):
    site.serve("/page", page_text(page))

    run = scrape(api_client, add_source(api_client, site.url("/page"))["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.listings_found, run.pages_fetched) == ("succeeded", 0, 1)
    assert "No rentals were recognised" in run.warnings[0]
    assert set(site.requested_paths()) == {"/robots.txt", "/page"}


def test_a_followed_page_that_is_a_list_itself_adds_no_rental(site, api_client, django_capture_on_commit_callbacks):
    area = (
        '<html><body><h1>Rentals in {name}</h1><div class="results">'
        '<div class="home"><a href="/homes/{name}-1">A</a><p>$1,300/mo</p><p>2 bd</p></div>'
        '<div class="home"><a href="/homes/{name}-2">B</a><p>$1,550/mo</p><p>3 bd</p></div></div></body></html>'
    )
    for name in ("whiteaker", "south-hills"):
        site.serve(f"/rentals/area/{name}", area.format(name=name))
    site.serve("/areas", page_text("detail_neighborhoods.html"))

    run = scrape(api_client, add_source(api_client, site.url("/areas"))["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.listings_found, run.pages_fetched) == ("succeeded", 0, 3)
    assert not Rental.objects.exists()


def test_no_link_is_followed_where_structured_data_found_complete_listings(
    site, api_client, django_capture_on_commit_callbacks
):
    grid = page_text("detail_wordpress_grid.html")
    jsonld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Apartment",'
        ' "name": "Old Mill Flat", "url": "/property/old-mill-flat/", "numberOfBedrooms": 1,'
        ' "offers": {"@type": "Offer", "price": 1195}}</script></head>'
    )
    site.serve("/fernhill/rentals/", grid.replace("</head>", jsonld))

    run = scrape(
        api_client, add_source(api_client, site.url("/fernhill/rentals/"))["id"], django_capture_on_commit_callbacks
    )

    assert (run.status, run.listings_found, run.pages_fetched) == ("succeeded", 1, 1)
    assert not [path for path in site.requested_paths() if path.startswith("/property/")]


def test_a_listing_named_only_by_its_link_in_structured_data_is_completed_by_its_page(
    site, api_client, django_capture_on_commit_callbacks
):
    wordpress_site(site)
    items = ", ".join(
        f'{{"@type": "ListItem", "position": {n}, "item": {{"@type": "Apartment", "name": "{title}",'
        f' "url": "/property/{slug}/"}}}}'
        for n, (slug, (title, _)) in enumerate(WORDPRESS_FACTS.items(), start=1)
    )
    site.serve(
        "/plain",
        '<html><head><script type="application/ld+json">{"@context": "https://schema.org",'
        f' "@type": "ItemList", "itemListElement": [{items}]}}</script></head><body></body></html>',
    )

    run = scrape(api_client, add_source(api_client, site.url("/plain"))["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.listings_found) == ("succeeded", 3)
    assert by_title(api_client)["Harris Street Duplex, Unit B"]["price"] == 1450


def test_a_listing_page_gone_for_good_is_a_warning_and_the_others_stand(
    site, api_client, django_capture_on_commit_callbacks
):
    url = wordpress_site(site)
    site.remove("/property/the-juniper-loft/")
    site.serve("/robots.txt", "User-agent: *\nDisallow: /property/740-w-14th-ave/\n", content_type="text/plain")

    run = scrape(api_client, add_source(api_client, url)["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.listings_found) == ("succeeded", 1)
    assert set(by_title(api_client)) == {"Harris Street Duplex, Unit B"}
    assert len(run.warnings) == 1
    assert site.url("/property/the-juniper-loft/") in run.warnings[0] and "left out" in run.warnings[0]
    assert site.url("/property/740-w-14th-ave/") in run.warnings[0]


@pytest.mark.parametrize("failure", ["5xx", "refused"])
def test_a_listing_page_failing_for_now_fails_the_run_and_changes_nothing(
    site, api_client, django_capture_on_commit_callbacks, failure
):
    url = wordpress_site(site)
    source = add_source(api_client, url)
    first = scrape(api_client, source["id"], django_capture_on_commit_callbacks)
    assert first.listings_found == 3
    if failure == "5xx":
        site.serve("/property/the-juniper-loft/", "<h1>Service Unavailable</h1>", status=503)
    else:  # the link now leads, through a redirect, to the cloud's metadata address
        site.redirect("/property/the-juniper-loft/", METADATA_URL)

    second = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    assert second.status == "failed" and "nothing was changed" in second.error
    assert site.url("/property/the-juniper-loft/") in second.error
    assert Rental.objects.filter(status="available").count() == 3


def test_listing_pages_that_never_end_stop_the_run_at_its_deadline(settings, user):
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    settings.SCRAPER_RUN_DEADLINE_SECONDS = 1.5
    settings.SCRAPER_DOWNLOAD_DEADLINE_SECONDS = 30  # the run's deadline is the one that binds
    # The list comes at once; every listing's own page one byte at a time.
    site = DrippingSite(pages={"/fernhill/rentals/": page_text("detail_wordpress_grid.html")})
    try:
        source = RentalSourceFactory(user=user, website_url=site.url("/fernhill/rentals/"))
        started = time.monotonic()
        run = source_scrape_inline(user=user, source=source)
        seconds = time.monotonic() - started
    finally:
        site.close()

    assert seconds < 1.5 + 1.0
    assert run.status == "failed" and "took longer than 1.5 s" in run.error
    assert "/property/1918-harris-st-unit-b/" in run.error and not Rental.objects.exists()


def test_links_to_another_site_are_never_followed(site, api_client, django_capture_on_commit_callbacks):
    url = wordpress_site(site)
    other = site.url("/").replace("localhost", "127.0.0.1")  # the same server under another name
    grid = page_text("detail_wordpress_grid.html").replace('href="/property/', f'href="{other}property/')
    site.serve("/fernhill/rentals/", grid)

    run = scrape(api_client, add_source(api_client, url)["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.listings_found, run.pages_fetched) == ("succeeded", 0, 1)


def test_the_listing_pages_read_for_one_page_are_bounded_by_the_setting(
    site, api_client, settings, django_capture_on_commit_callbacks
):
    settings.SCRAPER_DETAIL_PAGES_PER_PAGE = 2
    url = wordpress_site(site)

    run = scrape(api_client, add_source(api_client, url)["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.pages_fetched, run.listings_found) == ("succeeded", 1 + 2, 2)
    assert "links to 4 listings without their rent; the own pages of the first 2 were read" in run.warnings[0]


def test_the_preview_shows_what_the_listings_own_pages_give(site, api_client):
    url = squarespace_site(site)

    body = api_client.post("/api/rentals/sources/preview", {"website_url": url}, format="json").json()

    assert body["pages_fetched"] == 3 and body["warnings"] == []
    assert {listing["title"]: listing["price"] for listing in body["listings"]} == {
        "Cedar Cottage": 1650,
        "The Quince Duplex": 1395,
    }
    assert body["listings"][0]["found_by"] == ["detail_links", "detail_page"]
    assert not Rental.objects.exists()


@pytest.mark.parametrize(
    "url, pattern",
    [
        ("https://a.example/listings/2-bed-on-oak", ("/listings/", "")),
        ("https://a.example/property/1918-harris/", ("/property/", "")),
        ("https://a.example/rentals-1/maple", ("/rentals/", "")),
        ("https://a.example/our-homes/for-rent/88", ("/our-homes/for-rent/", "")),
        ("https://a.example/details.php?listing=12", ("/details.php", "listing")),
        ("https://a.example/view?property_id=9&ref=grid", ("/view", "property_id")),
        ("https://a.example/blog/how-to-rent/", None),
        ("https://a.example/2025/03/rentals-update/", None),
        ("https://a.example/team/rosa", None),
        ("https://a.example/agents/dana/", None),
        ("https://a.example/contact", None),
        ("https://a.example/rentals", None),  # the list itself: no listing after the folder
        ("https://a.example/about/history", None),
        ("https://a.example/?p=42", None),
        ("mailto:rent@a.example", None),
    ],
)
def test_which_links_read_as_a_listings_own_page(url, pattern):
    assert listing_pattern(url) == pattern


def test_only_links_on_the_same_site_may_be_followed():
    assert registrable_host("https://listings.fernhill.example/x") == "fernhill.example"
    assert registrable_host("https://www.oak.co.uk/x") == "oak.co.uk"
    assert may_follow("https://listings.fernhill.example/p/1", "https://www.fernhill.example/rentals")
    assert not may_follow("https://www.zillow.com/homedetails/1", "https://www.fernhill.example/rentals")
    assert not may_follow("https://www.fernhill.example/blog/1", "https://www.fernhill.example/rentals")


@pytest.mark.parametrize(
    "body, price",
    [
        ("<h1>Oak</h1><p>$1,450/mo</p><p>2 Bed</p>", 1450),
        ("<h1>Oak</h1><p>Rent: $1,450</p>", 1450),
        ('<h1>Oak</h1><span class="listing-price">$1,450</span><p>1 ba</p>', 1450),
        ("<h1>Oak</h1><p>$1,450</p><p>2 Bed</p>", None),  # an amount without a label is not the rent
        ("<h1>Oak</h1><p>Security deposit: $1,450</p><p>2 Bed</p>", None),
        ("<h1>Oak</h1><p>Pet rent: $35/mo</p><p>2 Bed</p>", None),
    ],
)
def test_a_listing_page_s_rent_is_read_only_where_it_is_labelled(body, price):
    listing = read_single_listing(
        PageSource(f"<html><body>{body}</body></html>", "https://a.example/l/1").selector, "https://a.example/l/1"
    )
    assert listing.title == "Oak" and listing.price == price


def test_a_listing_page_s_address_is_its_own_not_the_office_s():
    text = (
        "<html><head><meta property='og:title' content='Birch Flat'></head><body>"
        "<p>Rent: $1,200/mo</p><p>Visit 80 Birch Ave, Eugene, OR 97401 for keys</p>"
        "<div class='office-info'><p>80 Birch Ave, Eugene, OR 97401</p></div></body></html>"
    )
    listing = read_single_listing(PageSource(text, "https://a.example/l/2").selector, "https://a.example/l/2")
    assert (listing.title, listing.price, listing.address) == ("Birch Flat", 1200, "")
