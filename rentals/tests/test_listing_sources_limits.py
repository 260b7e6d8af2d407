"""Following a platform's address, within limits: each address once and at most five a page,
never a link-local address, JSON only where the caller accepts it; a followed address that
fails or is too slow fails the run and changes nothing, one that is not there is a warning.
"""

import json

import pytest

from rentals.models import Rental, ScrapeRun
from rentals.scraping.errors import FetchError, UnsafeAddressError
from rentals.scraping.fetcher import Fetcher
from rentals.tests.listing_sources_support import (
    BUILDIUM_RENTALS,
    HOME_OF_ITS_OWN,
    RENTLY_ANSWER,
    SHOWMOJO_MAPSEARCH,
    manager_page,
    serve_json,
)
from rentals.tests.test_scraping import add_source, scrape

pytestmark = pytest.mark.django_db


def test_an_address_is_followed_once_and_at_most_five_per_page(site, api_client, django_capture_on_commit_callbacks):
    origin = site.url("/").rstrip("/")
    frame = f'<iframe src="{origin}/Resident/public/rentals?hidenav=true"></iframe>'
    site.serve("/p1.html", manager_page(frame + '<a class="next" href="/p2.html">Next</a>'))
    site.serve("/p2.html", manager_page(frame))
    site.serve("/Resident/public/rentals", BUILDIUM_RENTALS)
    accounts = [f"{number:010x}" for number in range(0xAB00000001, 0xAB00000008)]
    site.serve(
        "/many.html",
        manager_page("".join(f'<iframe src="{origin}/{account}/listings/mapsearch"></iframe>' for account in accounts)),
    )
    for account in accounts:
        site.serve(f"/{account}/listings/mapsearch", SHOWMOJO_MAPSEARCH.replace("0c4e9a7b21", account))

    paged = add_source(api_client, site.url("/p1.html"), {"next_page": "a.next::attr(href)"})
    run = scrape(api_client, paged["id"], django_capture_on_commit_callbacks)
    assert (run.status, run.pages_fetched, run.listings_found) == ("succeeded", 3, 1)
    assert site.requested_paths().count("/Resident/public/rentals") == 1

    many = add_source(api_client, site.url("/many.html"))
    run = scrape(api_client, many["id"], django_capture_on_commit_callbacks)
    assert (run.status, run.pages_fetched, run.listings_found) == ("succeeded", 6, 5)
    assert sum(path.endswith("/listings/mapsearch") for path in site.requested_paths()) == 5


def test_an_embed_naming_the_metadata_address_is_never_fetched(site, api_client, django_capture_on_commit_callbacks):
    """Private networks are allowed here (the fake site is on loopback); link-local never is."""
    site.serve(
        "/rentals.html",
        manager_page('<iframe src="http://169.254.169.254/Resident/public/rentals?hidenav=true"></iframe>'),
    )
    source = add_source(api_client, site.url("/rentals.html"))

    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    assert run.status == "failed" and run.pages_fetched == 1
    assert "http://169.254.169.254/Resident/public/rentals?hidenav=true" in run.error
    assert "only scrapes public websites" in run.error
    assert not Rental.objects.exists()


def test_the_json_opt_in_goes_through_the_guard_when_private_networks_are_not_allowed(site):
    serve_json(site, "/api/properties/searchQuery", RENTLY_ANSWER)
    url = site.url("/api/properties/searchQuery?pc=1&managerID=5521")

    with Fetcher.from_settings(allow_private=False) as fetcher, pytest.raises(UnsafeAddressError):
        fetcher.get(url, accept_json=True)
    assert site.requested_paths() == []


def test_a_json_answer_is_a_page_only_where_the_caller_accepts_json(site):
    serve_json(site, "/api/properties/searchQuery", RENTLY_ANSWER)
    url = site.url("/api/properties/searchQuery?pc=1&managerID=5521")

    with Fetcher.from_settings() as fetcher:
        with pytest.raises(FetchError, match="is not a web page"):
            fetcher.get(url)
        assert json.loads(fetcher.get(url, accept_json=True).text) == RENTLY_ANSWER


def test_a_followed_address_that_fails_fails_the_run_and_changes_nothing(
    site, api_client, django_capture_on_commit_callbacks
):
    """A run saves only a complete crawl: without the widget's listings every one of them would
    be marked unavailable. The preview shows the page's own listings and which address failed."""
    origin = site.url("/").rstrip("/")
    site.serve(
        "/rentals.html",
        manager_page(f'<iframe src="{origin}/Resident/public/rentals?hidenav=true"></iframe>', own=HOME_OF_ITS_OWN),
    )
    site.serve("/Resident/public/rentals", BUILDIUM_RENTALS)
    source = add_source(api_client, site.url("/rentals.html"))
    good = scrape(api_client, source["id"], django_capture_on_commit_callbacks)
    assert (good.status, good.listings_found) == ("succeeded", 2)

    site.serve("/Resident/public/rentals", "<h1>Service Unavailable</h1>", status=503)
    failed = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    followed = f"{origin}/Resident/public/rentals?hidenav=true"
    assert failed.status == "failed"
    assert f"load from {followed}, which could not be read" in failed.error and "HTTP 503" in failed.error
    assert "nothing was changed" in failed.error
    assert sorted(Rental.objects.filter(status="available").values_list("address", flat=True)) == [
        "12 Larch St",
        "902 Hawthorne Ave - 2",
    ]

    body = api_client.post(
        "/api/rentals/sources/preview", {"website_url": site.url("/rentals.html")}, format="json"
    ).json()
    assert [(listing["address"], listing["found_by"]) for listing in body["listings"]] == [("12 Larch St", ["jsonld"])]
    assert len(body["warnings"]) == 1 and followed in body["warnings"][0]
    assert ScrapeRun.objects.filter(status="failed").count() == 1


def test_a_followed_address_that_is_not_there_is_a_warning_and_the_pages_own_rentals_stand(
    site, api_client, django_capture_on_commit_callbacks
):
    """A 404 is no source (a community site without the platform's data callback): the run
    succeeds with the page's own listings and says which address gave nothing."""
    origin = site.url("/").rstrip("/")
    site.serve(
        "/rentals.html",
        manager_page(f'<iframe src="{origin}/Resident/public/rentals?hidenav=true"></iframe>', own=HOME_OF_ITS_OWN),
    )
    site.serve("/Resident/public/rentals", "<h1>Not Found</h1>", status=404)
    source = add_source(api_client, site.url("/rentals.html"))

    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    followed = f"{origin}/Resident/public/rentals?hidenav=true"
    assert (run.status, run.listings_found) == ("succeeded", 1)
    assert len(run.warnings) == 1 and followed in run.warnings[0] and "HTTP 404" in run.warnings[0]
    assert list(Rental.objects.values_list("address", flat=True)) == ["12 Larch St"]


def test_a_followed_address_too_slow_to_answer_fails_the_run_instead_of_dropping_its_rentals(
    api_client, settings, django_capture_on_commit_callbacks
):
    """Out of time is not "not there": the run stops and changes nothing, as for a 5xx."""
    from testsupport.fakes.listing_site import DrippingSite

    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    settings.SCRAPER_DOWNLOAD_DEADLINE_SECONDS = 1.5
    site = DrippingSite()
    try:
        site.pages["/rentals.html"] = manager_page(
            f'<iframe src="{site.url("/Resident/public/rentals")}"></iframe>', own=HOME_OF_ITS_OWN
        )
        source = add_source(api_client, site.url("/rentals.html"))

        run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)
    finally:
        site.close()

    assert run.status == "failed"
    assert "took longer than 1.5 s" in run.error and "nothing was changed" in run.error
    assert not Rental.objects.exists()


def test_a_host_name_no_dns_can_carry_is_refused_not_a_server_error(api_client):
    label = "a" * 300
    response = api_client.post("/api/rentals/sources/preview", {"website_url": f"http://{label}.com/"}, format="json")
    assert response.status_code in (200, 400)
    assert response.status_code == 400 or "could not be found" in response.json()["warnings"][0]
