"""What a manager sees of a scrape: the preview API, which extractor found what, and warnings."""

import re

import pytest

from rentals.models import Rental, RentalSource, ScrapeRun
from testsupport.fakes.listing_site import CSS_CONFIG

pytestmark = pytest.mark.django_db


def _preview(client, url, config=None):
    body = {"website_url": url} | ({"scraping_config": config} if config is not None else {})
    return client.post("/api/rentals/sources/preview", body, format="json")


def test_the_preview_answers_the_rentals_a_scrape_would_save_and_saves_nothing(api_client, site):
    response = _preview(api_client, site.url("/jsonld/graph.html"))

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"listings", "pages_fetched", "extracted_by", "warnings"}
    assert body["pages_fetched"] == 1
    assert body["extracted_by"]["jsonld"] == len(body["listings"]) > 0
    assert body["warnings"] == []
    first = body["listings"][0]
    assert first["found_by"] == ["jsonld"]
    assert isinstance(first["price"], float | int) and first["currency"] == "USD"
    assert not RentalSource.objects.exists() and not Rental.objects.exists() and not ScrapeRun.objects.exists()


def test_the_preview_names_every_extractor_it_ran(api_client, site):
    body = _preview(api_client, site.url("/css/page1.html"), {**CSS_CONFIG, "strategy": "auto"}).json()

    assert body["extracted_by"]["css"] == len(body["listings"]) > 0
    assert {"jsonld", "embedded_json", "cards"} <= set(body["extracted_by"])
    assert all(listing["found_by"][0] == "css" for listing in body["listings"])


def test_a_page_without_rentals_is_a_warning_not_an_error(api_client, site):
    response = _preview(api_client, site.url("/empty.html"))

    assert response.status_code == 200
    body = response.json()
    assert body["listings"] == [] and body["pages_fetched"] == 1
    assert "No rentals were recognised on" in body["warnings"][0]
    assert "/empty.html" in body["warnings"][0]


def test_a_site_that_fails_is_a_warning_with_what_was_found(api_client, site):
    body = _preview(api_client, site.url("/broken")).json()

    assert body["listings"] == [] and body["pages_fetched"] == 0
    assert "HTTP 500" in body["warnings"][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"website_url": "ftp://files.example.com/"}, "website_url"),
        ({"website_url": "http://169.254.169.254/latest/meta-data/"}, "website_url"),
        ({"website_url": "https://a.example/", "scraping_config": {"strategy": "xpath"}}, "scraping_config"),
        ({}, "website_url"),
    ],
)
def test_the_preview_refuses_what_a_source_refuses(api_client, body, field):
    response = api_client.post("/api/rentals/sources/preview", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_the_preview_needs_a_signed_in_manager(anon_client):
    assert _preview(anon_client, "https://a.example/").status_code == 401


def _scrape(client, source, capture):
    with capture(execute=True):
        return client.post(f"/api/rentals/sources/{source.pk}/scrape").json()["run"]


def test_a_run_records_which_extractor_found_what(api_client, user, site, django_capture_on_commit_callbacks):
    source = RentalSource.objects.create(user=user, website_url=site.url("/jsonld/graph.html"))

    run = _scrape(api_client, source, django_capture_on_commit_callbacks)

    stored = ScrapeRun.objects.get(pk=run["id"])
    assert stored.extracted_by["jsonld"] == stored.listings_found > 0
    assert stored.warnings == []
    listed = api_client.get(f"/api/rentals/sources/{source.pk}/runs").json()["runs"][0]
    assert listed["extracted_by"] == stored.extracted_by and listed["warnings"] == []


def test_a_first_run_that_finds_nothing_succeeds_with_a_warning_naming_the_page(
    api_client, user, site, django_capture_on_commit_callbacks
):
    source = RentalSource.objects.create(user=user, website_url=site.url("/empty.html"))

    run = _scrape(api_client, source, django_capture_on_commit_callbacks)

    stored = ScrapeRun.objects.get(pk=run["id"])
    assert stored.status == "succeeded" and stored.listings_found == 0
    assert len(stored.warnings) == 1 and site.url("/empty.html") in stored.warnings[0]


def test_scrape_explain_prints_what_each_extractor_found_on_one_page(site):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("scrape", explain=site.url("/jsonld/graph.html"), stdout=out)

    text = out.getvalue()
    found = int(re.search(r"^jsonld: (\d+) found$", text, re.MULTILINE).group(1))
    assert found > 0
    assert re.search(r"^embedded_json: 0 found$", text, re.MULTILINE)
    assert f"Merged: {found} rentals" in text
    assert "<- jsonld" in text
    assert not Rental.objects.exists()


def test_scrape_explain_refuses_an_address_a_source_may_not_have(settings):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="public website"):
        call_command("scrape", explain="http://127.0.0.1:9/")


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"page_fields": {"city": "footer .city::text", "price": ".rent::text"}}, None),
        ({"defaults": {"city": "Austin", "state": "TX", "pets_allowed": True}}, None),
        ({"platform": "appfolio"}, None),
        ({"platform": "myspace"}, "platform"),
        ({"page_fields": {"url": "a::attr(href)"}}, "page_fields.url"),
        ({"page_fields": {"city": "footer[[::text"}}, "page_fields.city"),
        ({"page_fields": "footer"}, "page_fields"),
        ({"defaults": {"city": ["Austin"]}}, "defaults.city"),
        ({"defaults": {"external_id": "x"}}, "defaults.external_id"),
        ({"defaults": {"city": "x" * 301}}, "defaults.city"),
    ],
)
def test_page_fields_defaults_and_platform_are_checked_like_the_rest_of_the_config(api_client, config, field):
    response = api_client.post(
        "/api/rentals/sources", {"website_url": "https://homes.example.com/", "scraping_config": config}, format="json"
    )
    if field is None:
        assert response.status_code == 201, response.content
        assert response.json()["source"]["scraping_config"] == config
    else:
        assert response.status_code == 400
        assert field in response.json()["fields"]["scraping_config"]
