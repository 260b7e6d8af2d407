"""The Celery side: the beat pass over due sources, lost runs, and a broker that is down."""

import datetime

import pytest
from django.utils import timezone

from rentals.models import Rental, ScrapeRun
from rentals.services import LOST_WORKER, QUEUE_UNAVAILABLE
from rentals.tasks import scrape_due_sources, scrape_source
from rentals.tests.factories import RentalFactory, RentalSourceFactory, ScrapeRunFactory
from testsupport.fakes.listing_site import CSS_CONFIG
from testsupport.outages import redis_down


@pytest.mark.django_db
def test_due_sources_are_scraped_on_schedule(site, user, other_user, django_capture_on_commit_callbacks):
    now = timezone.now()

    def source(owner=user, **fields):
        return RentalSourceFactory(
            user=owner, website_url=site.url("/css/page1.html"), scraping_config=CSS_CONFIG, **fields
        )

    never_scraped = source()
    overdue = source(last_scraped_at=now - datetime.timedelta(minutes=61), scrape_interval_minutes=60)
    others_due = source(owner=other_user)
    recent = source(last_scraped_at=now - datetime.timedelta(minutes=10), scrape_interval_minutes=60)
    inactive = source(is_active=False)
    busy = source()
    ScrapeRunFactory(source=busy, status="running", started_at=now)

    with django_capture_on_commit_callbacks(execute=True):
        queued = scrape_due_sources.delay().get()

    assert queued == 3
    scheduled = ScrapeRun.objects.filter(trigger="schedule")
    assert {run.source_id for run in scheduled} == {never_scraped.pk, overdue.pk, others_due.pk}
    assert {run.status for run in scheduled} == {"succeeded"}
    assert {run.user_id for run in scheduled if run.source_id == others_due.pk} == {other_user.pk}
    assert not ScrapeRun.objects.filter(source__in=[recent, inactive]).exists()
    assert ScrapeRun.objects.filter(source=busy).count() == 1
    assert Rental.objects.filter(user=other_user).count() == 8


@pytest.mark.django_db
def test_runs_whose_worker_was_lost_are_closed(user, settings):
    settings.SCRAPER_RUN_DEADLINE_SECONDS = 60
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    lost_running = ScrapeRunFactory(status="running", started_at=long_ago, source__user=user)
    lost_queued = ScrapeRunFactory(status="queued", source__user=user)
    ScrapeRun.objects.filter(pk=lost_queued.pk).update(created_at=long_ago)
    fresh = ScrapeRunFactory(status="running", started_at=timezone.now(), source__user=user)

    scrape_due_sources.delay()

    for run in (lost_running, lost_queued):
        run.refresh_from_db()
        assert (run.status, run.error) == ("failed", LOST_WORKER)
    fresh.refresh_from_db()
    assert fresh.status == "running"


@pytest.mark.django_db
def test_the_task_takes_a_run_id(site, user):
    source = RentalSourceFactory(user=user, website_url=site.url("/css/page1.html"), scraping_config=CSS_CONFIG)
    run = ScrapeRunFactory(source=source, status="queued")
    assert scrape_source.delay(run.pk).get() == "succeeded"
    assert Rental.objects.filter(source=source).count() == 8


@pytest.fixture
def unreachable_broker():
    """The broker (Redis) is down: nothing listens where Celery publishes."""
    with redis_down():
        yield


@pytest.mark.django_db(transaction=True)
def test_queue_down_answers_503_and_loses_nothing(api_client, user, unreachable_broker):
    source = RentalSourceFactory(user=user)
    kept = RentalFactory(user=user, source=source, title="Existing unit")

    response = api_client.post(f"/api/rentals/sources/{source.pk}/scrape")

    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "queue_unavailable" and body["run"]["status"] == "failed"
    run = ScrapeRun.objects.get(source=source)
    assert (run.status, run.error) == ("failed", QUEUE_UNAVAILABLE)
    kept.refresh_from_db()
    assert (kept.status, kept.title, kept.source_id) == ("available", "Existing unit", source.pk)
    # Nothing is left queued to block the next attempt.
    assert not ScrapeRun.objects.filter(status__in=ScrapeRun.ACTIVE_STATUSES).exists()
