"""`manage.py scrape` and the Django admin of rentals, sources and runs."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.tests.factories import UserFactory
from rentals.models import Rental, ScrapeRun
from rentals.tests.factories import RentalFactory, RentalSourceFactory, ScrapeRunFactory
from testsupport.fakes.listing_site import CSS_CONFIG

pytestmark = pytest.mark.django_db


@pytest.fixture
def css_source(site, user):
    return RentalSourceFactory(user=user, website_url=site.url("/css/page1.html"), scraping_config=CSS_CONFIG)


def test_scrape_command_prints_a_line_per_page(css_source):
    out = StringIO()
    call_command("scrape", "--source", str(css_source.pk), stdout=out)

    lines = out.getvalue().splitlines()
    assert [line.split(":")[0].strip() for line in lines if "page " in line] == ["page 1", "page 2", "page 3"]
    assert "8 listings, 8 new" in out.getvalue()
    assert ScrapeRun.objects.get().trigger == "manual"
    assert Rental.objects.count() == 8


def test_scrape_command_due(css_source):
    out = StringIO()
    call_command("scrape", "--due", stdout=out)
    assert "done: 3 pages" in out.getvalue()
    out = StringIO()
    call_command("scrape", "--due", stdout=out)
    assert out.getvalue().strip() == "Nothing to scrape."


def test_scrape_command_errors(site, user):
    with pytest.raises(CommandError, match="--source"):
        call_command("scrape", stdout=StringIO())
    with pytest.raises(CommandError, match="No source with id 424242"):
        call_command("scrape", "--source", "424242", stdout=StringIO())
    broken = RentalSourceFactory(user=user, website_url=site.url("/broken"))
    out = StringIO()
    with pytest.raises(CommandError, match="1 scrape"):
        call_command("scrape", "--source", str(broken.pk), stdout=out)
    assert "failed: " in out.getvalue() and "HTTP 500" in out.getvalue()


def test_scrape_explain_shows_what_the_listings_own_pages_give(site):
    """A grid of links without rents: --explain follows them as the crawl does and says so."""
    from rentals.tests.detail_pages_support import wordpress_site

    out = StringIO()
    call_command("scrape", explain=wordpress_site(site), stdout=out)

    text = out.getvalue()
    assert "Merged: 0 rentals" in text  # the grid alone says no rent
    assert "Listings' own pages: 4 linked without rent or rooms, 4 read, 3 completed" in text
    assert re.search(
        r"Harris Street Duplex, Unit B \| 1918 Harris St Unit B, Eugene, OR \| USD 1,450 .*"
        r"<- detail_links, detail_page",
        text,
    )
    assert "With their own pages: 3 rentals" in text
    assert not Rental.objects.exists()


def test_scrape_explain_reads_at_most_the_previews_own_pages_and_warns_of_one_gone(site):
    from rentals.scraping.engine import PREVIEW_DETAIL_PAGES
    from rentals.tests.detail_pages_support import wordpress_site

    url = wordpress_site(site)
    site.remove("/property/the-juniper-loft/")
    out = StringIO()
    call_command("scrape", explain=url, stdout=out)

    text = out.getvalue()
    assert "4 linked without rent or rooms, 3 read, 2 completed" in text and PREVIEW_DETAIL_PAGES >= 4
    assert "/property/the-juniper-loft/" in text and "could not be read" in text
    assert "With their own pages: 2 rentals" in text


def test_scrape_explain_says_nothing_of_own_pages_where_the_page_states_its_rents(site):
    out = StringIO()
    call_command("scrape", explain=site.url("/jsonld/graph.html"), stdout=out)

    assert "own pages" not in out.getvalue()


@pytest.fixture
def staff_client(client):
    admin = UserFactory(email="staff@leaseline.test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_admin_pages_show_every_users_rows(staff_client, user, other_user):
    source = RentalSourceFactory(user=user, name="Maple Court site")
    ScrapeRunFactory(source=source, status="failed", error="robots.txt disallows it")
    RentalFactory(user=other_user, title="Rival's flat")

    for url, text in [
        ("/admin/rentals/rental/?q=rival", "Rival&#x27;s flat"),
        ("/admin/rentals/rental/?status__exact=available", "Rival&#x27;s flat"),
        ("/admin/rentals/rentalsource/?q=maple", "Maple Court site"),
        ("/admin/rentals/scraperun/?status__exact=failed", "Maple Court site"),
        (f"/admin/rentals/rentalsource/{source.pk}/change/", "robots.txt disallows it"),
    ]:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_admin_scrape_now_action(staff_client, css_source, django_capture_on_commit_callbacks):
    busy = RentalSourceFactory(user=css_source.user)
    ScrapeRunFactory(source=busy, status="queued")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/rentals/rentalsource/",
            {"action": "scrape_now", "_selected_action": [css_source.pk, busy.pk]},
            follow=True,
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Queued 1 scrape" in page and "1 source(s) already had a scrape going" in page
    assert ScrapeRun.objects.get(source=css_source).status == "succeeded"
    assert ScrapeRun.objects.filter(source=busy).count() == 1


def test_the_admin_is_for_staff_only(client, user):
    client.force_login(user)
    assert client.get("/admin/rentals/rental/").status_code == 302


def test_the_admin_checks_source_addresses_and_configs_too(staff_client, user):
    response = staff_client.post(
        "/admin/rentals/rentalsource/add/",
        {
            "user": user.pk,
            "name": "Metadata",
            "website_url": "http://169.254.169.254/",
            "scraping_config": "{}",
            "is_active": "on",
            "scrape_interval_minutes": 1440,
            "runs-TOTAL_FORMS": 0,
            "runs-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200 and "link-local" in response.content.decode()
    response = staff_client.post(
        "/admin/rentals/rentalsource/add/",
        {
            "user": user.pk,
            "name": "Bad config",
            "website_url": "rentals.example.com",
            "scraping_config": '{"max_pages": 999}',
            "is_active": "on",
            "scrape_interval_minutes": 1440,
            "runs-TOTAL_FORMS": 0,
            "runs-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200 and "max_pages" in response.content.decode()
    response = staff_client.post(
        "/admin/rentals/rentalsource/add/",
        {
            "user": user.pk,
            "name": "Good",
            "website_url": "rentals.example.com",
            "scraping_config": "{}",
            "is_active": "on",
            "scrape_interval_minutes": 1440,
            "runs-TOTAL_FORMS": 0,
            "runs-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert user.rentalsources.get().website_url == "https://rentals.example.com"


def test_the_source_page_shows_the_recent_runs_and_still_saves(staff_client, user):
    source = RentalSourceFactory(user=user, website_url="https://rentals.example.com")
    ScrapeRunFactory.create_batch(25, source=source, error="old failure")
    page = staff_client.get(f"/admin/rentals/rentalsource/{source.pk}/change/").content.decode()
    assert page.count("old failure") == 20

    # Post the form back as a browser would, with the inline's hidden fields.
    hidden = dict(re.findall(r'<input type="hidden" name="(runs-[^"]+)" value="([^"]*)"', page))
    assert hidden["runs-INITIAL_FORMS"] == "20"
    response = staff_client.post(
        f"/admin/rentals/rentalsource/{source.pk}/change/",
        {
            **hidden,
            "user": user.pk,
            "name": "Renamed",
            "website_url": source.website_url,
            "scraping_config": "{}",
            "is_active": "on",
            "scrape_interval_minutes": 60,
        },
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.name, source.runs.count()) == ("Renamed", 25)
