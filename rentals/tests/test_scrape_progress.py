"""A scrape shows its state from the click on: queued, reading pages (pages read and listings
found so far), then done or failed in words. Without a broker (`make run`) a thread of the web
process executes the run after the response, one run per source at a time.

The site is a loopback fake that holds a page until the test lets it go, so the run is caught
between two pages with its counters committed for the page to poll.
"""

import re
import threading
import time

import pytest
from django.db import connection
from django.db import connections as db_connections
from django.test import Client

from rentals import runner
from rentals.locks import source_lock
from rentals.models import RentalSource, ScrapeRun
from testsupport.clients import signed_in
from testsupport.fakes.held_listing_site import HeldListingSite

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def no_broker(settings):
    """As `make run`: no broker, so scrapes run in a thread of this process."""
    settings.CELERY_BROKER_URL = None
    yield settings
    assert runner.wait(timeout=30), "a scrape thread was still running at the end of the test"


@pytest.fixture
def held_site(settings):
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    settings.SCRAPER_READ_TIMEOUT_SECONDS = 10  # a held page is a slow site, not a dead one
    site = HeldListingSite(pages=3)
    yield site
    site.close()


@pytest.fixture
def web(user):
    return signed_in(user, Client)


def _source(user, site, number=1):
    return RentalSource.objects.create(
        user=user, name=f"Loop site {number}", website_url=site.site_url(number), scraping_config=site.config()
    )


def _progress(web, source, run):
    return web.get(f"/sources/{source.pk}/runs/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()


def _until_ended(web, source, run, timeout=20):
    """Poll the progress line as the page does until the run has ended; its last answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = _progress(web, source, run)
        if 'data-run-status="succeeded"' in text or 'data-run-status="failed"' in text:
            return text
        time.sleep(0.1)
    raise AssertionError(f"The run did not end: {text}")


def _button(text):
    """The Scrape now button the answer brings along (out of band)."""
    match = re.search(r'<button [^>]*id="scrape-button"[^>]*>[^<]*</button>', text)
    assert match, text
    return match.group(0)


def test_the_click_answers_at_once_queued_then_the_progress_shows_the_counts_as_they_grow(
    web, user, no_broker, held_site
):
    source = _source(user, held_site)
    held_site.hold("/s1/page2.html")

    started = time.monotonic()
    answer = web.post(f"/sources/{source.pk}/scrape/", HTTP_HX_REQUEST="true")
    assert time.monotonic() - started < 2
    text = answer.content.decode()
    assert answer.status_code == 200
    assert 'data-run-status="queued"' in text and "Queued" in text
    assert 'hx-trigger="every 1s"' in text  # it polls itself
    assert "disabled" in _button(text) and "Scraping…" in _button(text)
    run = ScrapeRun.objects.get(source=source)

    # Between the first and second page: what was read so far is committed and shown.
    assert held_site.wait_for("/s1/page2.html")
    text = _progress(web, source, run)
    assert 'data-run-status="running"' in text and "Reading pages" in text
    assert "1 page read so far, 3 listings found" in text
    assert "disabled" in _button(text)
    stored = ScrapeRun.objects.get(pk=run.pk)
    assert (stored.status, stored.pages_fetched, stored.listings_found) == ("running", 1, 3)

    held_site.release("/s1/page2.html")
    text = _until_ended(web, source, run)
    assert "Done" in text
    assert "3 pages read, 9 listings found: 9 new, 0 updated, 0 no longer listed." in text
    assert "hx-trigger" not in text.split("</div>")[0]  # polling stops
    assert "disabled" not in _button(text) and "Scrape now" in _button(text)
    assert 'id="run-rows" hx-swap-oob="true"' in text and "Succeeded" in text
    assert '<div id="run-pager" hx-swap-oob="true">' in text and "1 in all" in text
    assert "<b>9</b> available</a> of 9" in text
    assert user.rentals.count() == 9


def test_a_second_click_while_a_run_is_under_way_starts_no_second_run(web, user, no_broker, held_site):
    source = _source(user, held_site)
    held_site.hold("/s1/page1.html")
    first = web.post(f"/sources/{source.pk}/scrape/", HTTP_HX_REQUEST="true").content.decode()
    assert held_site.wait_for("/s1/page1.html")
    second = web.post(f"/sources/{source.pk}/scrape/", HTTP_HX_REQUEST="true").content.decode()
    run = ScrapeRun.objects.get(source=source)  # exactly one
    assert f"/runs/{run.pk}/" in first and f"/runs/{run.pk}/" in second
    assert 'data-run-status="running"' in second and "0 pages read so far, 0 listings found" in second

    held_site.release("/s1/page1.html")
    assert 'data-run-status="succeeded"' in _until_ended(web, source, run)
    assert ScrapeRun.objects.filter(source=source).count() == 1


def test_a_run_that_fails_in_the_background_says_why_in_words(web, user, no_broker, held_site):
    source = RentalSource.objects.create(user=user, name="Gone", website_url=held_site.url("/moved-away.html"))
    web.post(f"/sources/{source.pk}/scrape/", HTTP_HX_REQUEST="true")
    run = ScrapeRun.objects.get(source=source)
    text = _until_ended(web, source, run)
    assert 'data-run-status="failed"' in text and "Failed" in text
    assert "404" in text or "not found" in text.lower()
    assert "Nothing was changed" in text or "nothing was changed" in text
    assert "Traceback" not in text and "Error(" not in text
    assert "disabled" not in _button(text)


def test_a_source_another_process_is_scraping_fails_the_new_run_with_the_reason(web, user, no_broker, held_site):
    if connection.vendor != "postgresql":
        pytest.skip("the source's lock is PostgreSQL's advisory lock")
    source = _source(user, held_site)
    # This test's connection stands in for a worker holding the source's lock.
    with source_lock(source.pk) as locked:
        assert locked
        web.post(f"/sources/{source.pk}/scrape/", HTTP_HX_REQUEST="true")
        run = ScrapeRun.objects.get(source=source)
        text = _until_ended(web, source, run)
    assert "Another scrape of this source was under way, so this one did not start" in text
    assert ScrapeRun.objects.get(pk=run.pk).status == "failed"
    assert user.rentals.count() == 0


def test_the_runner_records_a_crash_as_failed_and_closes_its_database_connection(user, no_broker, held_site):
    source = _source(user, held_site)
    run = ScrapeRun.objects.create(user=user, source=source)
    connections = []

    def crashes(*, run_id):
        ScrapeRun.objects.filter(pk=run_id).update(status="running")
        connections.append(db_connections["default"])  # this thread's own
        raise KeyError("boom")

    from rentals.services import run_fail_if_active

    runner.start(run_id=run.pk, source_id=source.pk, execute=crashes, fail=run_fail_if_active)
    assert runner.wait(timeout=10)
    run.refresh_from_db()
    assert run.status == "failed" and run.finished_at is not None
    assert run.error.startswith("Something went wrong in LeaseLine while reading this site")
    assert "KeyError" not in run.error and "boom" not in run.error
    assert connections and connections[0] is not db_connections["default"]
    assert connections[0].connection is None  # closed when the thread ended


def test_the_runner_never_executes_two_runs_of_one_source_at_once(user, no_broker, held_site):
    one, other = _source(user, held_site, 1), _source(user, held_site, 2)
    lock = threading.Lock()
    executing = {one.pk: 0, other.pk: 0}
    most = {one.pk: 0, other.pk: 0, "both": 0}
    order = []

    def execute_for(source_id):
        def execute(*, run_id):
            with lock:
                executing[source_id] += 1
                most[source_id] = max(most[source_id], executing[source_id])
                most["both"] = max(most["both"], sum(executing.values()))
                order.append(run_id)
            time.sleep(0.2)
            with lock:
                executing[source_id] -= 1

        return execute

    def ignore(run_id, reason):
        raise AssertionError(reason)

    for run_id in (1, 2, 3):
        runner.start(run_id=run_id, source_id=one.pk, execute=execute_for(one.pk), fail=ignore)
    runner.start(run_id=4, source_id=other.pk, execute=execute_for(other.pk), fail=ignore)
    assert runner.wait(timeout=10)
    # One source's runs one after another; the other source's alongside them.
    assert most == {one.pk: 1, other.pk: 1, "both": 2}
    assert sorted(order) == [1, 2, 3, 4]


def test_with_a_broker_the_scrape_is_the_task_queue_s(web, user, held_site, settings):
    """The test settings run tasks inline (CELERY_TASK_ALWAYS_EAGER) with a broker configured:
    no thread is involved, so the click's answer already holds the finished run."""
    assert settings.CELERY_BROKER_URL
    source = _source(user, held_site)
    text = web.post(f"/sources/{source.pk}/scrape/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-run-status="succeeded"' in text and "9 listings found: 9 new" in text
    assert runner.wait(timeout=0)


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(60, "Every hour"), (360, "Every 6 hours"), (720, "Twice a day"), (1440, "Every day"), (10080, "Every week"),
     (90, "Every 90 minutes"), (120, "Every 2 hours"), (2880, "Every 2 days"), (20160, "Every 2 weeks")],
)  # fmt: skip
def test_source_pages_say_the_schedule_in_words(web, user, minutes, words):
    source = RentalSource.objects.create(
        user=user, name="Maple", website_url="https://maple.example", scrape_interval_minutes=minutes
    )
    ScrapeRun.objects.create(user=user, source=source, status="succeeded", trigger="schedule", listings_found=4)
    detail = web.get(f"/sources/{source.pk}/").content.decode()
    listing = web.get("/sources/").content.decode()
    for text in (detail, listing):
        assert words in text
        assert words.endswith("minutes") or not re.search(r"every \d+ min", text, re.IGNORECASE)
    assert "on schedule" in detail and ">schedule<" not in detail
    assert "4 listings found: 0 new, 0 updated, 0 no longer listed." in detail  # the last run, in words
    assert "Automatic" in detail


def test_a_paused_source_says_so(web, user):
    source = RentalSource.objects.create(user=user, name="Maple", website_url="https://maple.example", is_active=False)
    assert "Paused" in web.get(f"/sources/{source.pk}/").content.decode()
    assert "Paused" in web.get("/sources/").content.decode()


def test_the_api_answers_queued_at_once_without_a_broker_and_the_runs_show_the_end(
    api_client, user, no_broker, held_site
):
    source = _source(user, held_site)
    held_site.hold("/s1/page1.html")
    answer = api_client.post(f"/api/rentals/sources/{source.pk}/scrape")
    assert answer.status_code == 202 and answer.json()["run"]["status"] == "queued"
    assert held_site.wait_for("/s1/page1.html")
    again = api_client.post(f"/api/rentals/sources/{source.pk}/scrape")
    assert again.status_code == 409 and again.json()["run"]["status"] == "running"
    held_site.release("/s1/page1.html")
    assert runner.wait(timeout=20)
    run = api_client.get(f"/api/rentals/sources/{source.pk}/runs").json()["runs"][-1]
    assert (run["status"], run["pages_fetched"], run["listings_found"], run["created_count"]) == ("succeeded", 3, 9, 9)
