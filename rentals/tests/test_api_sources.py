"""/api/rentals/sources: create, validate, edit, scrape (202/409), runs; scoping."""

import pytest

from rentals.models import RentalSource, ScrapeRun
from rentals.tests.factories import RentalSourceFactory, ScrapeRunFactory
from testsupport.fakes.listing_site import CSS_CONFIG

pytestmark = pytest.mark.django_db


def test_create_answers_success_and_the_source(api_client, user):
    response = api_client.post("/api/rentals/sources", {"website_url": "zillow.com"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["success"] is True
    source = body["source"]
    assert source["website_url"] == "https://zillow.com"  # a bare domain means https
    assert source["name"] == "zillow.com"
    assert (source["is_active"], source["scrape_interval_minutes"], source["scraping_config"]) == (True, 1440, {})
    assert (source["last_scraped_at"], source["last_run"], source["user_id"]) == (None, None, user.pk)
    assert set(source) == {
        "id",
        "user_id",
        "name",
        "website_url",
        "scraping_config",
        "is_active",
        "scrape_interval_minutes",
        "last_scraped_at",
        "last_run",
        "created_at",
        "updated_at",
    }
    # Creating a source does not scrape it.
    assert not ScrapeRun.objects.exists()


def test_create_with_a_full_config(api_client):
    response = api_client.post(
        "/api/rentals/sources",
        {
            "name": "Hometown",
            "website_url": "https://hometown.example.com/rentals",
            "scraping_config": CSS_CONFIG,
            "is_active": False,
            "scrape_interval_minutes": 60,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["source"]["scraping_config"] == CSS_CONFIG


@pytest.mark.parametrize(
    ("config", "field", "message"),
    [
        ("css please", "non_field_errors", "JSON object"),
        ({"strategy": "xpath"}, "strategy", "one of"),
        ({"max_pages": 0}, "max_pages", "1 to 200"),
        ({"max_pages": 201}, "max_pages", "1 to 200"),
        ({"max_pages": "20"}, "max_pages", "1 to 200"),
        ({"follow_details": "yes"}, "follow_details", "true or false"),
        ({"next_page": "a.next[::attr(href)"}, "next_page", "Not a valid CSS selector"),
        ({"listing": {"item": "div..listing", "fields": {"title": "h2::text"}}}, "listing.item", "Not a valid"),
        ({"listing": {"item": "div", "fields": {"rent": ".rent::text"}}}, "listing.fields.rent", "Unknown field"),
        ({"listing": {"item": "div", "fields": {"price": ".rent::bogus"}}}, "listing.fields.price", "Not a valid"),
        ({"listing": {"item": "div", "fields": {}}}, "listing.fields", "at least one field"),
        ({"listing": "div.listing"}, "listing", "Must be an object"),
        ({"strategy": "css"}, "listing", "css strategy needs"),
        ({"start_urls": "https://a.example"}, "start_urls", "list"),
        ({"start_urls": ["ftp://a.example"]}, "start_urls", "#1: Only http"),
        ({"surprise": 1}, "surprise", "Unknown key"),
    ],
)
def test_scraping_config_errors_name_the_field(api_client, config, field, message):
    response = api_client.post(
        "/api/rentals/sources", {"website_url": "https://a.example", "scraping_config": config}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["fields"]["scraping_config"]
    errors = {"non_field_errors": errors} if isinstance(errors, list) else errors
    assert message in " ".join(errors[field]), errors
    assert not RentalSource.objects.exists()


@pytest.mark.parametrize("interval", [0, 4, -10, "daily", 10**7])
def test_bad_interval_is_400(api_client, interval):
    response = api_client.post(
        "/api/rentals/sources", {"website_url": "a.example", "scrape_interval_minutes": interval}, format="json"
    )
    assert response.status_code == 400 and "scrape_interval_minutes" in response.json()["fields"]


def test_edit_and_delete(api_client, user):
    source = RentalSourceFactory(user=user)
    response = api_client.patch(
        f"/api/rentals/sources/{source.pk}/", {"website_url": "new.example.com", "is_active": False}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["website_url"], response.json()["is_active"]) == ("https://new.example.com", False)
    bad = api_client.patch(f"/api/rentals/sources/{source.pk}", {"website_url": "http://10.0.0.1"}, format="json")
    assert bad.status_code == 400
    source.refresh_from_db()
    assert source.website_url == "https://new.example.com"
    assert api_client.delete(f"/api/rentals/sources/{source.pk}").status_code == 204
    assert not RentalSource.objects.filter(pk=source.pk).exists()


def test_list_shows_each_sources_last_run(api_client, user, django_assert_max_num_queries):
    old, new = RentalSourceFactory(user=user), RentalSourceFactory(user=user)
    ScrapeRunFactory(source=new, status="failed", error="boom")
    latest = ScrapeRunFactory(source=new, status="succeeded")
    RentalSourceFactory.create_batch(5, user=user)

    with django_assert_max_num_queries(6):
        body = api_client.get("/api/rentals/sources").json()
    assert set(body) == {"sources", "count", "next", "previous"} and body["count"] == 7
    by_id = {source["id"]: source for source in body["sources"]}
    assert by_id[new.pk]["last_run"]["id"] == latest.pk
    assert by_id[old.pk]["last_run"] is None


def test_scrape_answers_202_with_the_run(site, api_client, user, django_capture_on_commit_callbacks):
    source = RentalSourceFactory(user=user, website_url=site.url("/css/page1.html"), scraping_config=CSS_CONFIG)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(f"/api/rentals/sources/{source.pk}/scrape/")
    assert response.status_code == 202
    run = response.json()["run"]
    assert set(run) == {
        "id",
        "source_id",
        "status",
        "trigger",
        "started_at",
        "finished_at",
        "pages_fetched",
        "listings_found",
        "created_count",
        "updated_count",
        "unavailable_count",
        "error",
        "extracted_by",
        "warnings",
        "created_at",
    }
    assert (run["source_id"], run["trigger"]) == (source.pk, "manual")


def test_scrape_while_a_run_is_active_is_409(api_client, user):
    source = RentalSourceFactory(user=user)
    for status in ("queued", "running"):
        ScrapeRun.objects.filter(source=source).delete()
        active = ScrapeRunFactory(source=source, status=status)
        response = api_client.post(f"/api/rentals/sources/{source.pk}/scrape")
        assert response.status_code == 409
        assert response.json()["code"] == "scrape_running" and response.json()["run"]["id"] == active.pk
        assert ScrapeRun.objects.filter(source=source).count() == 1


def test_runs_newest_first_and_paginated(api_client, user):
    source = RentalSourceFactory(user=user)
    runs = [ScrapeRunFactory(source=source, status="succeeded") for _ in range(3)]
    ScrapeRunFactory(source=RentalSourceFactory(user=user))

    body = api_client.get(f"/api/rentals/sources/{source.pk}/runs").json()
    assert set(body) == {"runs", "count", "next", "previous"}
    assert [run["id"] for run in body["runs"]] == [run.pk for run in reversed(runs)]
    page = api_client.get(f"/api/rentals/sources/{source.pk}/runs/?page_size=2").json()
    assert len(page["runs"]) == 2 and page["next"]


# The scoping four, and nothing of another user's reachable through the actions


def test_list_shows_only_my_sources(api_client, other_client, user, other_user):
    RentalSourceFactory(user=user, name="Mine")
    RentalSourceFactory(user=other_user, name="Theirs")
    assert [s["name"] for s in api_client.get("/api/rentals/sources").json()["sources"]] == ["Mine"]
    assert [s["name"] for s in other_client.get("/api/rentals/sources").json()["sources"]] == ["Theirs"]


def test_another_users_source_is_404_everywhere(api_client, other_user):
    theirs = RentalSourceFactory(user=other_user, name="Theirs")
    ScrapeRunFactory(source=theirs)
    base = f"/api/rentals/sources/{theirs.pk}"
    assert api_client.get(base).status_code == 404
    assert api_client.patch(base, {"name": "Hijacked"}, format="json").status_code == 404
    assert api_client.delete(base).status_code == 404
    assert api_client.post(f"{base}/scrape").status_code == 404
    assert api_client.get(f"{base}/runs").status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Theirs" and theirs.runs.count() == 1


def test_create_sets_me_as_owner(api_client, user, other_user):
    response = api_client.post(
        "/api/rentals/sources",
        {"website_url": "a.example", "user_id": other_user.pk, "user": other_user.pk},
        format="json",
    )
    assert response.status_code == 201
    assert RentalSource.objects.get(pk=response.json()["source"]["id"]).user == user


def test_anonymous_is_401(anon_client, user):
    source = RentalSourceFactory(user=user)
    assert anon_client.get("/api/rentals/sources").status_code == 401
    assert anon_client.post("/api/rentals/sources", {"website_url": "a.example"}, format="json").status_code == 401
    assert anon_client.post(f"/api/rentals/sources/{source.pk}/scrape").status_code == 401
    assert not ScrapeRun.objects.exists()
