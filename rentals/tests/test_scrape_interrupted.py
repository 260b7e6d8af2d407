"""Without a broker a scrape runs in a thread of the web process, which a restart ends. Such a
run writes a heartbeat with each page; once the heartbeat has stopped for a few minutes the
run reads as stopped by the restart and no longer holds up a new scrape. With a broker the
worker's run is delivered again, so it is left alone.
"""

import datetime
import threading

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.db import connections as db_connections
from django.test import Client
from django.utils import timezone

from rentals import runner
from rentals.locks import source_lock
from rentals.models import RentalSource, ScrapeRun
from rentals.recovery import HEARTBEAT_LOST_AFTER
from testsupport.clients import signed_in
from testsupport.fakes.held_listing_site import HeldListingSite

pytestmark = pytest.mark.django_db(transaction=True)

STOPPED = "Stopped: LeaseLine restarted while it ran"


@pytest.fixture
def no_broker(settings):
    settings.CELERY_BROKER_URL = None
    yield settings
    assert runner.wait(timeout=30), "a scrape thread was still running at the end of the test"


@pytest.fixture
def held_site(settings):
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    settings.SCRAPER_READ_TIMEOUT_SECONDS = 10
    site = HeldListingSite(pages=3)
    yield site
    site.close()


@pytest.fixture
def web(user):
    return signed_in(user, Client)


def _source(user, site):
    return RentalSource.objects.create(
        user=user, name="Loop site", website_url=site.site_url(1), scraping_config=site.config()
    )


def _left_running(user, source, *, heartbeat_age):
    """A run a thread was executing when the process went away `heartbeat_age` ago."""
    beat = timezone.now() - heartbeat_age
    return ScrapeRun.objects.create(
        user=user,
        source=source,
        status="running",
        started_at=beat - datetime.timedelta(minutes=1),
        heartbeat_at=beat,
        pages_fetched=2,
    )


def _progress(web, source, run):
    return web.get(f"/sources/{source.pk}/runs/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()


def test_the_heartbeat_outlasts_the_slowest_page_fetch():
    assert HEARTBEAT_LOST_AFTER.total_seconds() > django_settings.SCRAPER_DOWNLOAD_DEADLINE_SECONDS


def test_a_run_writes_its_heartbeat_with_each_page(web, user, no_broker, held_site):
    source = _source(user, held_site)
    held_site.hold("/s1/page2.html")
    web.post(f"/sources/{source.pk}/scrape/", HTTP_HX_REQUEST="true")
    assert held_site.wait_for("/s1/page2.html")
    run = ScrapeRun.objects.get(source=source)
    assert run.status == "running" and run.pages_fetched == 1
    assert run.heartbeat_at is not None and run.heartbeat_at >= run.started_at
    assert timezone.now() - run.heartbeat_at < datetime.timedelta(seconds=30)
    held_site.release("/s1/page2.html")
    assert runner.wait(timeout=20)
    assert ScrapeRun.objects.get(pk=run.pk).status == "succeeded"


def test_a_run_a_restart_interrupted_reads_as_stopped_and_a_new_scrape_starts(web, user, no_broker, held_site):
    source = _source(user, held_site)
    run = _left_running(user, source, heartbeat_age=HEARTBEAT_LOST_AFTER + datetime.timedelta(seconds=30))

    text = _progress(web, source, run)
    assert 'data-run-status="failed"' in text and STOPPED in text
    assert "Reading pages" not in text and "hx-trigger" not in text.split("</div>")[0]  # polling stops
    assert STOPPED in web.get(f"/sources/{source.pk}/").content.decode()
    stored = ScrapeRun.objects.get(pk=run.pk)
    assert (stored.status, stored.finished_at is not None, stored.pages_fetched) == ("failed", True, 2)

    web.post(f"/sources/{source.pk}/scrape/", HTTP_HX_REQUEST="true")
    assert runner.wait(timeout=20)
    newest = ScrapeRun.objects.filter(source=source).exclude(pk=run.pk).get()
    assert newest.status == "succeeded" and user.rentals.count() == 9


def test_a_new_scrape_is_not_held_up_even_before_anyone_looks_at_the_page(web, user, no_broker, held_site):
    source = _source(user, held_site)
    run = _left_running(user, source, heartbeat_age=datetime.timedelta(hours=1))
    answer = web.post(f"/sources/{source.pk}/scrape/", HTTP_HX_REQUEST="true").content.decode()
    assert f"/runs/{run.pk}/" not in answer and 'data-run-status="queued"' in answer
    assert runner.wait(timeout=20)
    assert ScrapeRun.objects.get(pk=run.pk).error.startswith(STOPPED)
    assert ScrapeRun.objects.filter(source=source, status="succeeded").count() == 1


def test_a_run_with_a_recent_heartbeat_is_still_reading(web, user, no_broker, held_site):
    source = _source(user, held_site)
    run = _left_running(user, source, heartbeat_age=datetime.timedelta(seconds=90))
    text = _progress(web, source, run)
    assert 'data-run-status="running"' in text and "Reading pages" in text and STOPPED not in text
    again = web.post(f"/sources/{source.pk}/scrape/", HTTP_HX_REQUEST="true").content.decode()
    assert f"/runs/{run.pk}/" in again  # the same run, no second one
    assert ScrapeRun.objects.filter(source=source).count() == 1


def test_a_run_another_process_is_still_executing_is_left_running(web, user, no_broker, held_site):
    if connection.vendor != "postgresql":
        pytest.skip("the source's lock is PostgreSQL's advisory lock")
    source = _source(user, held_site)
    run = _left_running(user, source, heartbeat_age=datetime.timedelta(minutes=30))
    held, done = threading.Event(), threading.Event()

    def executing():  # another process's connection, holding the source's lock while it runs
        try:
            with source_lock(source.pk) as locked:
                assert locked
                held.set()
                done.wait(10)
        finally:
            db_connections.close_all()

    other = threading.Thread(target=executing)
    other.start()
    assert held.wait(10)
    try:
        text = _progress(web, source, run)
    finally:
        done.set()
        other.join(10)
    assert 'data-run-status="running"' in text and STOPPED not in text
    assert ScrapeRun.objects.get(pk=run.pk).status == "running"


def test_with_a_broker_a_quiet_run_is_the_workers_to_finish(web, user, settings):
    assert settings.CELERY_BROKER_URL
    source = RentalSource.objects.create(user=user, name="Maple", website_url="https://maple.example")
    run = _left_running(user, source, heartbeat_age=datetime.timedelta(minutes=30))
    text = _progress(web, source, run)
    assert 'data-run-status="running"' in text and STOPPED not in text
    assert STOPPED not in web.get(f"/sources/{source.pk}/").content.decode()
    assert ScrapeRun.objects.get(pk=run.pk).status == "running"


def test_the_api_lists_an_interrupted_run_as_failed_with_why(api_client, user, no_broker):
    source = RentalSource.objects.create(user=user, name="Maple", website_url="https://maple.example")
    run = _left_running(user, source, heartbeat_age=HEARTBEAT_LOST_AFTER + datetime.timedelta(seconds=30))
    [listed] = api_client.get(f"/api/rentals/sources/{source.pk}/runs").json()["runs"]
    assert listed["id"] == run.pk and listed["status"] == "failed" and listed["error"].startswith(STOPPED)
