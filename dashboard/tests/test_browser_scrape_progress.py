"""Watching a scrape in the browser, with a real Celery worker: the click holds the button and
shows the run queued, then reading pages with the counts growing, then the result, all on the
same page without reloading it.

The worker is another process on the test's Redis and database. It executes one run at a
time, so a first source's run, held on its first page, keeps the second one queued for as long
as the test looks; the listing site holds the second run's second page the same way.
Screenshots at 1280 and 390 px wide, during the scrape and after, go to
test-output/scrape-progress/.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from rentals.models import RentalSource, ScrapeRun
from rentals.services import source_scrape
from testsupport.celery import running_worker
from testsupport.fakes.held_listing_site import HeldListingSite

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "scrape-progress"


@pytest.fixture
def held_site():
    site = HeldListingSite(pages=3)
    yield site
    site.close()


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_scrape_shows_its_progress_from_the_click_to_the_result(
    page, user, sign_in, held_site, monkeypatch, settings
):
    # The worker is another process: it reads these from its environment.
    monkeypatch.setenv("SCRAPER_ALLOW_PRIVATE_NETWORKS", "true")
    monkeypatch.setenv("SCRAPER_POLITENESS_DELAY_SECONDS", "0")
    settings.SCRAPER_POLITENESS_DELAY_SECONDS = 0
    busy, watched = (
        RentalSource.objects.create(
            user=user,
            name=name,
            website_url=held_site.site_url(number),
            scraping_config=held_site.config(),
            scrape_interval_minutes=360,
        )
        for number, name in ((1, "Oak Street Lofts"), (2, "Riverside Flats"))
    )
    held_site.hold("/s1/page1.html")
    held_site.hold("/s2/page2.html")
    sign_in(page, user)
    page.goto(f"/sources/{watched.pk}/")
    expect(page.locator("#source-counts")).to_contain_text("Every 6 hours")
    page.evaluate("window.sameDocument = true")

    with running_worker():
        source_scrape(user=user, source=busy)  # the worker takes it and waits on its first page
        assert held_site.wait_for("/s1/page1.html", timeout=30)

        page.get_by_role("button", name="Scrape now").click()
        button = page.locator("#scrape-button")
        expect(button).to_be_disabled()
        expect(button).to_have_text("Scraping…")
        progress = page.locator("#run-progress")
        expect(progress).to_have_attribute("data-run-status", "queued")
        expect(progress).to_contain_text("Queued")
        _shoot(page, "queued")

        held_site.release("/s1/page1.html")  # the first run ends; the worker takes this one
        assert held_site.wait_for("/s2/page2.html", timeout=30)
        expect(progress).to_have_attribute("data-run-status", "running")
        expect(progress).to_contain_text("Reading pages: 1 page read so far, 3 listings found")
        expect(button).to_be_disabled()
        _shoot(page, "reading-pages")

        held_site.release("/s2/page2.html")
        expect(progress).to_have_attribute("data-run-status", "succeeded", timeout=30_000)

    expect(progress).to_contain_text("3 pages read, 9 listings found: 9 new, 0 updated, 0 no longer listed.")
    expect(button).to_be_enabled()
    expect(button).to_have_text("Scrape now")
    expect(page.locator("#run-rows tr").first).to_contain_text("Succeeded")
    expect(page.locator("#run-rows tr").first).to_contain_text("started by you")
    expect(page.locator("#source-counts")).to_contain_text("9 available of 9")
    assert page.evaluate("window.sameDocument") is True  # never reloaded
    _shoot(page, "done")
    run = ScrapeRun.objects.get(source=watched)
    assert (run.status, run.pages_fetched, run.listings_found, run.created_count) == ("succeeded", 3, 9, 9)


def test_long_actions_hold_their_button_and_say_what_is_happening(page, user, sign_in, held_site, settings):
    """The generic data-busy-label: a plain form (the dashboard's Scrape now, run inline here as
    tests run tasks) and an htmx button (Test this source) are held with their words while
    the site is slow, and let go when the answer comes."""
    settings.SCRAPER_POLITENESS_DELAY_SECONDS = 0
    source = RentalSource.objects.create(
        user=user, name="Oak Street Lofts", website_url=held_site.site_url(1), scraping_config=held_site.config()
    )
    sign_in(page, user)

    held_site.hold("/s1/page2.html")
    page.goto("/")
    # What the button showed while the page waited for the answer, noted as the page is left.
    page.evaluate(
        """() => window.addEventListener("pagehide", () => {
            const b = document.querySelector("[data-alert=scrape] button");
            sessionStorage.setItem("held", JSON.stringify([b.disabled, b.textContent]));
        })"""
    )
    page.locator('[data-alert="scrape"] button').click(no_wait_after=True)
    assert held_site.wait_for("/s1/page2.html")
    held_site.release("/s1/page2.html")
    page.wait_for_url(f"**/sources/{source.pk}/")
    expect(page.locator("#source-counts")).to_contain_text("9 available of 9")
    assert page.evaluate("JSON.parse(sessionStorage.getItem('held'))") == [True, "Scraping…"]

    held_site.hold("/s2/page1.html")
    page.goto("/sources/new/")
    page.get_by_label("Website address").fill(held_site.site_url(2))
    test = page.get_by_role("button", name="Test this source")
    test.click()
    held = page.locator("button", has_text="Testing…")
    expect(held).to_be_disabled()
    assert held_site.wait_for("/s2/page1.html")
    held_site.release("/s2/page1.html")
    expect(page.locator("#preview")).to_contain_text("Unit 101 on site 2")
    expect(test).to_be_enabled()
    expect(test).to_have_text("Test this source")
