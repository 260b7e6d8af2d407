"""No 500 for any input: values the database cannot hold (huge numbers, far dates, NUL bytes,
lone surrogates, very long text) are a 400 or a form error on every rentals entry point, and a
scraped page carrying them still saves its listings."""

import json

import pytest

from accounts.tests.factories import UserFactory
from rentals.models import Rental, RentalSource, ScrapeRun
from rentals.tests.factories import RentalFactory, RentalSourceFactory

pytestmark = pytest.mark.django_db

BIGINT_PLUS_ONE = "9223372036854775808"

LIST_QUERIES = [
    "available_by=9999-12-31",
    "available_by=0001-01-01",
    "available_by=10000-01-01",
    "max_price=1e400",
    "min_price=-1e400",
    "min_bathrooms=1e400",
    "max_price=NaN",
    f"min_bedrooms={BIGINT_PLUS_ONE}",
    f"max_bedrooms=-{BIGINT_PLUS_ONE}",
    f"source={BIGINT_PLUS_ONE}",
    "q=%00",
    "city=a%00b",
    "ordering=%00",
    "q=" + "x" * 10_000,
    f"page={BIGINT_PLUS_ONE}",
]


@pytest.mark.parametrize("query", LIST_QUERIES)
def test_the_rentals_list_answers_any_filter(api_client, user, query):
    RentalFactory(user=user)
    assert api_client.get(f"/api/rentals?{query}").status_code in (200, 400, 404)
    assert api_client.get(f"/rentals/?{query}").status_code in (200, 400, 404)


UNSTORABLE_RENTAL_FIELDS = [
    {"square_feet": BIGINT_PLUS_ONE},
    {"bedrooms": BIGINT_PLUS_ONE},
    {"price": BIGINT_PLUS_ONE},
    {"price": "1e400"},
    {"bathrooms": "1e400"},
    {"title": "Nul\x00title"},
    {"description": "a\x00b"},
    {"url": "https://a.example/\x00"},
    {"title": "x" * 10_000},
]


@pytest.mark.parametrize("fields", UNSTORABLE_RENTAL_FIELDS)
def test_adding_a_rental_refuses_what_the_database_cannot_hold(api_client, fields):
    response = api_client.post("/api/rentals", {"title": "Loft", **fields}, format="json")
    assert response.status_code == 400 and set(response.json()["fields"]) == set(fields) - {"title"} | (
        {"title"} if "title" in fields else set()
    )

    page = api_client.post("/rentals/new/", {"title": "Loft", "currency": "USD", "status": "available", **fields})
    assert page.status_code == 200 and "Not saved yet: 1 thing to fix." in page.content.decode()
    assert not Rental.objects.exists()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_first_and_last_day_of_the_calendar_are_dates_like_others(api_client, day):
    created = api_client.post("/api/rentals", {"title": "Loft", "available_from": day}, format="json")
    assert created.status_code == 201
    assert api_client.get(f"/api/rentals?available_by={day}&ordering=available_from").json()["count"] == 1
    assert api_client.get(f"/rentals/?available_by={day}").status_code == 200
    assert api_client.get(f"/rentals/{created.json()['id']}/").status_code == 200


UNSTORABLE_CONFIGS = {
    "nul in a selector": {"next_page": "a.next\x00::attr(href)"},
    "nul in a field": {"listing": {"item": "div", "fields": {"title": "h2\x00::text"}}},
    "nul in a key": {"listing": {"item": "div", "fields": {"ti\x00tle": "h2::text"}}},
    "lone surrogate": {"next_page": "a.next\ud800"},
}


@pytest.mark.parametrize("config", UNSTORABLE_CONFIGS.values(), ids=UNSTORABLE_CONFIGS)
def test_a_scraping_config_with_text_the_database_cannot_hold_is_refused(api_client, user, config):
    # json.dumps writes a lone surrogate as the \ud800 escape a client would send.
    body = json.dumps({"website_url": "https://rentals.example.com", "scraping_config": config})
    created = api_client.post("/api/rentals/sources", body, content_type="application/json")
    assert created.status_code == 400 and "scraping_config" in created.json()["fields"]

    source = RentalSourceFactory(user=user)
    body = json.dumps({"scraping_config": config})
    patched = api_client.patch(f"/api/rentals/sources/{source.pk}", body, content_type="application/json")
    assert patched.status_code == 400 and "scraping_config" in patched.json()["fields"]
    source.refresh_from_db()
    assert source.scraping_config == {}


SOURCE_FORM = {"website_url": "https://rentals.example.com", "strategy": "auto", "scrape_interval_minutes": 1440}


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "a\x00b"},
        {"next_page": "a\x00"},
        {"max_pages": BIGINT_PLUS_ONE},
        {"scrape_interval_minutes": BIGINT_PLUS_ONE},
        {"start_urls": "https://rentals.example.com/\x00"},
        {"strategy": "css", "item": "div", "field_title": "h2\x00"},
        {"website_url": "https://rentals.example.com/" + "a" * 3000},
    ],
)
def test_the_source_form_refuses_what_the_database_cannot_hold(api_client, fields):
    for path in ("/sources/new/", "/sources/preview/"):
        response = api_client.post(path, {**SOURCE_FORM, **fields})
        assert response.status_code == 200, path
    assert not RentalSource.objects.exists()


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(email="staff@leaseline.test", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "config",
    [
        json.dumps({"next_page": "a\x00"}),
        "[" * 10_000 + "]" * 10_000,
        '{"listing": ' * 5_000 + "1" + "}" * 5_000,
    ],
)
def test_the_admin_refuses_a_config_the_database_cannot_hold(staff_client, user, config):
    response = staff_client.post(
        "/admin/rentals/rentalsource/add/",
        {
            "user": user.pk,
            "website_url": "https://rentals.example.com",
            "scraping_config": config,
            "is_active": "on",
            "scrape_interval_minutes": 1440,
            "runs-TOTAL_FORMS": 0,
            "runs-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert not RentalSource.objects.exists()


@pytest.mark.parametrize("path", ["rental", "scraperun", "rentalsource"])
@pytest.mark.parametrize("query", ["status__exact=%00", "q=%00", f"bedrooms__exact={BIGINT_PLUS_ONE}", "o=%00"])
def test_the_admin_lists_answer_any_filter(staff_client, user, path, query):
    ScrapeRun.objects.create(user=user, source=RentalSourceFactory(user=user), status="failed")
    RentalFactory(user=user)
    response = staff_client.get(f"/admin/rentals/{path}/?{query}")
    assert response.status_code in (200, 302, 400)


def test_a_scraped_page_with_nul_bytes_and_lone_surrogates_still_saves(
    site, api_client, user, django_capture_on_commit_callbacks
):
    listing = {
        "@context": "https://schema.org",
        "@type": "Apartment",
        "name": "Nul\u0000 loft \ud800by the river",
        "url": "/units/nul",
        "description": "Bright\u0000 and quiet",
        "address": {"@type": "PostalAddress", "streetAddress": "1 River Rd\u0000", "addressLocality": "Austin"},
        "image": ["/img/nul\u0000.jpg"],
        "offers": {"@type": "Offer", "price": "1500"},
    }
    site.serve("/nul.html", f'<script type="application/ld+json">{json.dumps(listing)}</script>')
    source = RentalSourceFactory(user=user, website_url=site.url("/nul.html"))

    with django_capture_on_commit_callbacks(execute=True):
        api_client.post(f"/api/rentals/sources/{source.pk}/scrape")

    run = ScrapeRun.objects.get(source=source)
    assert (run.status, run.error, run.created_count) == ("succeeded", "", 1)
    saved = Rental.objects.get(source=source)
    assert "\x00" not in saved.title + saved.description + saved.address + json.dumps(saved.photos)
    assert saved.title.startswith("Nul loft")


@pytest.mark.parametrize(("path", "field"), [("/api/rentals", "photos"), ("/api/rentals/sources", "scraping_config")])
def test_json_nested_too_deeply_to_parse_is_a_400(api_client, path, field):
    body = f'{{"website_url": "https://rentals.example.com", "{field}": {"[" * 100_000}{"]" * 100_000}}}'
    response = api_client.post(path, body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "parse_error"
