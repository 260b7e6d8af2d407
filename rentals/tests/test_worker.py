"""End to end with a real Celery worker on the local Redis: the API queues, the worker scrapes
the fake site (served by this process on loopback), the rentals appear through the API."""

import time

import pytest

from rentals.models import ScrapeRun
from testsupport.celery import running_worker
from testsupport.fakes.listing_site import CSS_CONFIG


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_scrape_through_a_real_worker(site, api_client, monkeypatch):
    # The worker is another process: it reads these from its environment.
    monkeypatch.setenv("SCRAPER_ALLOW_PRIVATE_NETWORKS", "true")
    monkeypatch.setenv("SCRAPER_POLITENESS_DELAY_SECONDS", "0")
    source = api_client.post(
        "/api/rentals/sources",
        {"website_url": site.url("/css/page1.html"), "scraping_config": CSS_CONFIG},
        format="json",
    ).json()["source"]

    with running_worker():
        response = api_client.post(f"/api/rentals/sources/{source['id']}/scrape")
        assert response.status_code == 202
        run = response.json()["run"]
        assert run["status"] == "queued"  # the worker has it now, not this request

        again = api_client.post(f"/api/rentals/sources/{source['id']}/scrape")
        assert again.status_code in (202, 409)  # 409 unless the worker already finished

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status = ScrapeRun.objects.get(pk=run["id"]).status
            if status in ("succeeded", "failed"):
                break
            time.sleep(0.1)

    finished = api_client.get(f"/api/rentals/sources/{source['id']}/runs").json()["runs"][-1]
    assert finished["id"] == run["id"]
    assert (finished["status"], finished["error"]) == ("succeeded", "")
    assert (finished["pages_fetched"], finished["listings_found"], finished["created_count"]) == (3, 8, 8)
    rentals = api_client.get("/api/rentals?ordering=price").json()
    assert rentals["count"] == 8
    assert rentals["rentals"][0]["title"] == "Studio by the river" and rentals["rentals"][0]["price"] == 995
    assert {path for path in site.requested_paths()} >= {"/robots.txt", "/css/page1.html", "/css/page3.html"}
