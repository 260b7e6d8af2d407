"""Scrapes end to end in the test process: a source added through the API, scraped inline
(no broker: tasks run eagerly), rentals read back through GET /api/rentals."""

import datetime
from decimal import Decimal

import pytest

from rentals.models import Rental, ScrapeRun
from rentals.services import run_execute, source_scrape_inline
from rentals.tests.factories import RentalFactory
from testsupport.fakes.listing_site import CSS_CONFIG, page_text

pytestmark = pytest.mark.django_db


def add_source(client, url, config=None):
    response = client.post("/api/rentals/sources", {"website_url": url, "scraping_config": config or {}}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["source"]


def scrape(client, source_id, capture):
    with capture(execute=True):
        response = client.post(f"/api/rentals/sources/{source_id}/scrape")
    assert response.status_code == 202, response.json()
    return ScrapeRun.objects.get(pk=response.json()["run"]["id"])


def rentals(client, query=""):
    response = client.get(f"/api/rentals?page_size=200&{query}")
    assert response.status_code == 200, response.json()
    return {rental["external_id"]: rental for rental in response.json()["rentals"]}


@pytest.fixture
def css_source(site, api_client):
    return add_source(api_client, site.url("/css/page1.html"), CSS_CONFIG)


def test_a_css_site_with_pagination_fills_the_rentals(site, api_client, css_source, django_capture_on_commit_callbacks):
    run = scrape(api_client, css_source["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.trigger, run.error) == ("succeeded", "manual", "")
    assert (run.pages_fetched, run.listings_found, run.created_count, run.updated_count, run.unavailable_count) == (
        3,
        8,
        8,
        0,
        0,
    )
    assert run.started_at <= run.finished_at
    found = rentals(api_client)
    assert len(found) == 8
    townhome = found["ht-2"]
    assert townhome["price"] == 1850 and isinstance(townhome["price"], (int, float))
    assert (townhome["bedrooms"], townhome["bathrooms"], townhome["square_feet"]) == (2, 1.5, 900)
    assert (townhome["city"], townhome["state"], townhome["postal_code"]) == ("Austin", "TX", "78704")
    assert townhome["available_from"] == "2026-02-01"
    assert townhome["pets_allowed"] is False
    assert townhome["url"] == site.url("/css/homes/ht-2.html")
    assert townhome["photos"] == [site.url("/css/img/ht-2.jpg")]
    assert (townhome["status"], townhome["source_id"]) == ("available", css_source["id"])
    assert townhome["first_seen_at"] and townhome["last_seen_at"]
    assert found["ht-1"]["bedrooms"] == 0
    assert site.url("/css/homes/garden-unit.html") in found  # no id: the link is the id

    source = api_client.get(f"/api/rentals/sources/{css_source['id']}").json()
    assert source["last_run"]["id"] == run.pk and source["last_scraped_at"]


def test_filters_apply_to_scraped_rentals(site, api_client, css_source, django_capture_on_commit_callbacks):
    scrape(api_client, css_source["id"], django_capture_on_commit_callbacks)

    assert set(rentals(api_client, "max_price=1850&min_bedrooms=2")) == {"ht-2"}
    assert set(rentals(api_client, "city=round%20rock")) == {"ht-4"}
    assert set(rentals(api_client, "pets_allowed=false")) == {"ht-2", "ht-7"}
    assert set(rentals(api_client, "min_bathrooms=2.5")) == {"ht-8"}
    # ht-5 gives no date (available now); the garden unit says "Available now" (today).
    garden = site.url("/css/homes/garden-unit.html")
    available_now = {garden} if datetime.date.today() <= datetime.date(2026, 1, 10) else set()
    assert set(rentals(api_client, "available_by=2026-01-10")) == {"ht-1", "ht-4", "ht-5"} | available_now


def test_jsonld_sources_with_several_start_urls(site, api_client, django_capture_on_commit_callbacks):
    source = add_source(
        api_client,
        site.url("/jsonld/graph.html"),
        {"strategy": "jsonld", "start_urls": [site.url("/jsonld/graph.html"), site.url("/jsonld/types.html")]},
    )
    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.pages_fetched, run.listings_found) == ("succeeded", 2, 9)
    found = rentals(api_client)
    assert found["MC-101"]["price"] == 1850 and found["P-9"]["bedrooms"] == 0


def test_rescrape_updates_marks_missing_unavailable_and_brings_them_back(
    site, api_client, css_source, django_capture_on_commit_callbacks
):
    first = scrape(api_client, css_source["id"], django_capture_on_commit_callbacks)
    ht8 = Rental.objects.get(external_id="ht-8")
    manual = RentalFactory(user=ht8.user, title="Typed in by hand")

    page3 = page_text("css_page3.html")
    without_ht8 = page3.split('<div class="listing" data-id="ht-8">')[0] + "</section></main></body></html>"
    site.serve("/css/page3.html", without_ht8)
    site.serve("/css/page1.html", page_text("css_page1.html").replace("$1,150/mo", "$1,175/mo"))
    second = scrape(api_client, css_source["id"], django_capture_on_commit_callbacks)

    assert (
        second.status,
        second.listings_found,
        second.created_count,
        second.updated_count,
        second.unavailable_count,
    ) == ("succeeded", 7, 0, 1, 1)
    found = rentals(api_client)
    assert found["ht-8"]["status"] == "unavailable"  # kept, never deleted
    assert found["ht-1"]["price"] == 1175
    assert Rental.objects.filter(source__isnull=False).count() == 8
    assert set(rentals(api_client, "status=available")) == set(found) - {"ht-8"}

    site.serve("/css/page3.html", page3)
    third = scrape(api_client, css_source["id"], django_capture_on_commit_callbacks)
    assert (third.updated_count, third.unavailable_count) == (1, 0)
    ht8_again = Rental.objects.get(external_id="ht-8")
    assert ht8_again.status == "available" and ht8_again.pk == ht8.pk
    assert ht8_again.first_seen_at == ht8.first_seen_at and ht8_again.last_seen_at > ht8.last_seen_at
    manual.refresh_from_db()
    assert manual.status == "available" and manual.source is None
    assert first.pk != second.pk != third.pk


def snapshot():
    return sorted(Rental.objects.values_list("external_id", "status", "price", "updated_at"))


@pytest.fixture
def scraped_once(site, api_client, css_source, django_capture_on_commit_callbacks):
    scrape(api_client, css_source["id"], django_capture_on_commit_callbacks)
    return snapshot()


@pytest.mark.parametrize(
    ("break_site", "reason"),
    [
        (lambda site: site.serve("/css/page2.html", "oops", status=500), "answered HTTP 500"),
        (lambda site: site.routes.update({"/css/page2.html": site.routes["/hang"]}), "did not answer in time"),
        (lambda site: site.serve("/css/page2.html", "<p>" + "z" * 60_000 + "</p>"), "larger than 50000 bytes"),
        (lambda site: site.redirect("/css/page2.html", "http://169.254.169.254/latest/meta-data/"), "link-local"),
        (
            lambda site: site.serve("/robots.txt", "User-agent: *\nDisallow: /css/page2", content_type="text/plain"),
            "robots.txt disallows",
        ),
        (lambda site: site.remove("/css/page3.html"), "answered HTTP 404"),
    ],
)
def test_a_run_that_fails_part_way_changes_nothing(
    site, api_client, css_source, scraped_once, django_capture_on_commit_callbacks, settings, break_site, reason
):
    settings.SCRAPER_READ_TIMEOUT_SECONDS = 0.3
    settings.SCRAPER_MAX_RETRIES = 0
    settings.SCRAPER_MAX_RESPONSE_BYTES = 50_000
    site.serve("/css/page1.html", page_text("css_page1.html").replace("$1,150/mo", "$999/mo"))
    break_site(site)

    run = scrape(api_client, css_source["id"], django_capture_on_commit_callbacks)

    assert run.status == "failed"
    assert reason in run.error and "nothing was changed" in run.error
    assert (run.created_count, run.updated_count, run.unavailable_count) == (0, 0, 0)
    assert snapshot() == scraped_once
    assert Rental.objects.filter(status="available").count() == 8
    runs = api_client.get(f"/api/rentals/sources/{css_source['id']}/runs").json()["runs"]
    assert [r["status"] for r in runs] == ["failed", "succeeded"]


def test_zero_listings_after_a_good_run_is_a_failure_that_changes_nothing(
    site, api_client, css_source, scraped_once, django_capture_on_commit_callbacks
):
    site.serve("/css/page1.html", page_text("empty.html"))
    run = scrape(api_client, css_source["id"], django_capture_on_commit_callbacks)

    assert run.status == "failed" and "last successful scrape found 8" in run.error
    assert snapshot() == scraped_once


def test_zero_listings_on_a_first_run_succeeds(site, api_client, django_capture_on_commit_callbacks):
    source = add_source(api_client, site.url("/empty.html"))
    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)
    assert (run.status, run.listings_found, run.pages_fetched) == ("succeeded", 0, 1)


def test_max_pages_bounds_the_crawl(site, api_client, django_capture_on_commit_callbacks):
    source = add_source(api_client, site.url("/css/page1.html"), {**CSS_CONFIG, "max_pages": 2})
    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)
    assert (run.status, run.pages_fetched, run.listings_found) == ("succeeded", 2, 6)
    assert "/css/page3.html" not in site.requested_paths()


def test_follow_details_reads_each_listing_page_and_its_jsonld_wins(
    site, api_client, django_capture_on_commit_callbacks
):
    source = add_source(api_client, site.url("/css/page1.html"), {**CSS_CONFIG, "follow_details": True})
    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.pages_fetched, run.listings_found) == ("succeeded", 3 + 8, 8)
    townhome = rentals(api_client)["ht-2"]
    assert townhome["square_feet"] == 905  # the detail page's, over the list's 900
    assert townhome["description"].startswith("Full details of Two bedroom townhome")
    assert townhome["photos"][0] == site.url("/css/img/ht-2-1.jpg")
    assert townhome["price"] == 1850  # the detail page has none: the list's stays


def test_pages_fetched_is_recorded_while_the_run_goes(site, user):
    from rentals.tests.factories import RentalSourceFactory

    source = RentalSourceFactory(user=user, website_url=site.url("/css/page1.html"), scraping_config=CSS_CONFIG)
    seen = []

    def on_page(pages_fetched, url):
        run = ScrapeRun.objects.get(source=source)
        seen.append((pages_fetched, run.status, run.pages_fetched))

    run = source_scrape_inline(user=user, source=source, on_page=on_page)
    assert seen == [(1, "running", 1), (2, "running", 2), (3, "running", 3)]
    assert run.status == "succeeded"


def test_a_finished_run_is_not_executed_again(site, user):
    from rentals.tests.factories import RentalSourceFactory

    source = RentalSourceFactory(user=user, website_url=site.url("/css/page1.html"), scraping_config=CSS_CONFIG)
    run = source_scrape_inline(user=user, source=source)
    fetched = len(site.server.log)

    again = run_execute(run_id=run.pk)
    assert again.status == "succeeded" and len(site.server.log) == fetched
    assert run_execute(run_id=987654321) is None


def test_a_run_left_running_by_a_killed_worker_runs_again_to_the_same_result(site, user):
    from rentals.tests.factories import RentalSourceFactory, ScrapeRunFactory

    source = RentalSourceFactory(user=user, website_url=site.url("/css/page1.html"), scraping_config=CSS_CONFIG)
    clean = source_scrape_inline(user=user, source=source)
    expected = sorted(Rental.objects.values_list("external_id", "price", "status"))
    # A redelivered task finds its run "running", half-way, as the killed worker left it.
    crashed = ScrapeRunFactory(source=source, status="running", pages_fetched=1, started_at=clean.finished_at)

    rerun = run_execute(run_id=crashed.pk)
    assert (rerun.status, rerun.pages_fetched, rerun.listings_found, rerun.created_count) == ("succeeded", 3, 8, 0)
    assert sorted(Rental.objects.values_list("external_id", "price", "status")) == expected


def test_dates_are_read_relative_to_today(site, api_client, css_source, django_capture_on_commit_callbacks):
    scrape(api_client, css_source["id"], django_capture_on_commit_callbacks)
    garden = rentals(api_client)[site.url("/css/homes/garden-unit.html")]
    assert garden["available_from"] == datetime.date.today().isoformat()  # "Available now"
    assert Rental.objects.get(external_id="ht-8").bathrooms == Decimal("3.5")


def test_preview_shows_the_first_page_and_saves_nothing(site):
    from rentals.preview import source_preview

    preview = source_preview(website_url=site.url("/css/page1.html"), scraping_config=CSS_CONFIG)

    assert preview["ok"] is True and preview["warnings"] == []
    assert (preview["extracted_by"], preview["next_page"]) == ({"css": 3}, site.url("/css/page2.html"))
    assert [listing["external_id"] for listing in preview["listings"]] == ["ht-1", "ht-2", "ht-3"]
    assert preview["listings"][1]["price"] == Decimal("1850.00")
    assert site.requested_paths() == ["/robots.txt", "/css/page1.html"]
    assert not Rental.objects.exists() and not ScrapeRun.objects.exists()


def test_preview_explains_what_is_wrong(site, settings):
    from rentals.preview import source_preview

    broken = source_preview(website_url=site.url("/broken"), scraping_config={})
    assert broken["ok"] is True and "HTTP 500" in broken["warnings"][0]
    bad_config = source_preview(website_url=site.url("/css/page1.html"), scraping_config={"max_pages": 0})
    assert bad_config["ok"] is False and "max_pages" in bad_config["config_errors"]
    empty = source_preview(website_url=site.url("/empty.html"), scraping_config={})
    assert (empty["ok"], empty["listings"]) == (True, [])
    assert "No rentals were recognised" in empty["warnings"][0]

    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = False
    private = source_preview(website_url=site.url("/css/page1.html"), scraping_config={})
    assert private["ok"] is False and "only scrapes public websites" in private["error"]


def test_a_long_site_is_crawled_to_its_last_page(site, user):
    from rentals.tests.factories import RentalSourceFactory

    start = site.add_many_pages(25)
    source = RentalSourceFactory(user=user, website_url=start, scraping_config={**CSS_CONFIG, "max_pages": 200})
    run = source_scrape_inline(user=user, source=source)
    assert (run.status, run.pages_fetched, run.listings_found, run.created_count) == ("succeeded", 25, 75, 75)
