"""The rental and source pages: the rental list's filters, the rental and source forms and their
errors, a scrape's progress, and a source that needs attention."""

import pytest

from calendars.tests.factories import RentalFactory
from rentals.models import RentalSource, ScrapeRun

pytestmark = pytest.mark.django_db


def test_rental_list_uses_the_api_filters_and_reports_bad_values(web, user):
    RentalFactory(user=user, title="Cheap studio", price=900, bedrooms=0, city="Austin")
    RentalFactory(user=user, title="Big house", price=2900, bedrooms=4, city="Round Rock")
    page = web.get("/rentals/", {"max_price": "1000"}).content.decode()
    assert "Cheap studio" in page and "Big house" not in page
    page = web.get("/rentals/", {"city": "round rock", "ordering": "-price"}).content.decode()
    assert "Big house" in page and "Cheap studio" not in page
    response = web.get("/rentals/", {"max_price": "lots"})
    assert response.status_code == 200
    assert "max_price" in response.context["filters"].errors


def test_rental_create_through_the_form_sets_the_owner(web, user, other_user):
    response = web.post(
        "/rentals/new/",
        {
            "title": "Hand-added loft",
            "price": "1750",
            "bedrooms": "1",
            "status": "available",
            "currency": "usd",
            "pets_allowed": "unknown",
            "user": other_user.pk,
        },
    )
    assert response.status_code == 302
    rental = user.rentals.get()
    assert rental.title == "Hand-added loft" and rental.currency == "USD"


def test_source_form_reports_selector_errors_beside_their_fields(web, user):
    response = web.post(
        "/sources/new/",
        {
            "website_url": "https://rentals.example.com",
            "scrape_interval_minutes": 1440,
            "strategy": "css",
            "item": "div.listing",
            "field_price": "[[[",
            "max_pages": 500,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "field_price" in errors and "max_pages" in errors
    assert not RentalSource.objects.for_user(user).exists()


def test_source_form_refuses_private_addresses(web, user, settings):
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = False
    response = web.post(
        "/sources/new/", {"website_url": "http://127.0.0.1/", "scrape_interval_minutes": 1440, "strategy": "auto"}
    )
    assert response.status_code == 200 and "website_url" in response.context["form"].errors


def test_run_progress_polls_while_active_and_stops_when_done(web, owned):
    source = owned["source"]
    run = ScrapeRun.objects.create(user=source.user, source=source, status="running", pages_fetched=2)
    url = f"/sources/{source.pk}/runs/{run.pk}/"
    text = web.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in text and "2 pages read so far" in text

    ScrapeRun.objects.filter(pk=run.pk).update(status="succeeded", pages_fetched=3, listings_found=9, created_count=9)
    text = web.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in text.split("<template>")[0]
    assert "9 listings found: 9 new" in text and 'hx-swap-oob="true"' in text


def test_a_scrape_already_running_shows_that_run(web, owned):
    source = owned["source"]
    ScrapeRun.objects.create(user=source.user, source=source, status="running")
    text = web.post(f"/sources/{source.pk}/scrape/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-run-status="running"' in text
    assert ScrapeRun.objects.filter(source=source).count() == 2


def test_a_source_that_gave_no_rentals_needs_attention_until_a_scrape_finds_some(web, user):
    source = RentalSource.objects.create(user=user, name="Unreadable site", website_url="https://unread.example")
    ScrapeRun.objects.create(
        user=user,
        source=source,
        status="succeeded",
        listings_found=0,
        pages_fetched=1,
        warnings=["No rentals were recognised on https://unread.example."],
    )
    html = web.get("/").content.decode()
    assert "LeaseLine found no rentals on" in html and "Unreadable site" in html
    detail = web.get(f"/sources/{source.pk}/").content.decode()
    assert "No rentals were recognised on https://unread.example." in detail

    ScrapeRun.objects.create(user=user, source=source, status="succeeded", listings_found=4, pages_fetched=1)
    assert "Unreadable site" not in web.get("/").content.decode()


def test_source_form_sets_platform_defaults_and_a_page_address_and_keeps_what_it_does_not_show(web, user):
    source = RentalSource.objects.create(
        user=user,
        name="Maple",
        website_url="https://maple.example",
        scraping_config={"defaults": {"postal_code": "78701"}, "page_fields": {"city": "footer .city::text"}},
    )
    page = web.get(f"/sources/{source.pk}/edit/").content.decode()
    assert "Listing platform" in page and "Recognise it automatically" in page

    response = web.post(
        f"/sources/{source.pk}/edit/",
        {
            "name": "Maple",
            "website_url": "https://maple.example",
            "scrape_interval_minutes": 1440,
            "is_active": "on",
            "strategy": "auto",
            "platform": "appfolio",
            "page_address": "footer .address::text",
            "default_city": "Austin",
            "default_state": "TX",
        },
    )

    assert response.status_code == 302
    source.refresh_from_db()
    assert source.scraping_config == {
        "strategy": "auto",
        "platform": "appfolio",
        "page_fields": {"city": "footer .city::text", "address": "footer .address::text"},
        "defaults": {"postal_code": "78701", "city": "Austin", "state": "TX"},
    }
    shown = web.get(f"/sources/{source.pk}/edit/").content.decode()
    assert 'value="Austin"' in shown and 'value="footer .address::text"' in shown


def test_source_form_shows_a_bad_page_address_beside_its_field(web, user):
    response = web.post(
        "/sources/new/",
        {
            "website_url": "https://rentals.example.com",
            "scrape_interval_minutes": 1440,
            "strategy": "auto",
            "page_address": "footer[[",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["page_address"]
