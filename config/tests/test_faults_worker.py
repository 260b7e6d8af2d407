"""Faults: a Celery worker killed in the middle of a scrape. Nothing of the half-done crawl is
written; the unacknowledged task goes to the next worker, and the rentals end as after one clean
run."""

import signal
import threading
import time

import pytest

from rentals.models import ScrapeRun
from rentals.services import source_scrape_inline
from testsupport.celery import running_worker
from testsupport.fakes.listing_site import FakeListingSite
from testsupport.waiting import wait_until

from .faults_support import rentals_of, source_with_history

VISIBILITY_TIMEOUT_SECONDS = 1
HELD_PAGE = "/css/page2.html"


class HeldListingSite(FakeListingSite):
    """The rentals' fake site, whose second page can be held: a scrape then waits on it, mid-run,
    for as long as the test needs (a slow site, made deterministic). Notes each page as it starts."""

    def __init__(self, httpserver):
        super().__init__(httpserver)
        self.started = []
        self.open = threading.Event()
        self.open.set()
        held = self.routes[HELD_PAGE]

        def hold(request):
            self.open.wait(timeout=30)
            return held(request)

        self.routes[HELD_PAGE] = hold
        for path, route in list(self.routes.items()):
            self.routes[path] = self._noting(path, route)

    def _noting(self, path, route):
        def noted(request):
            self.started.append(path)
            return route(request)

        return noted


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_scrape_is_replaced_and_the_rentals_end_as_after_one_clean_run(
    scraper_settings, httpserver, monkeypatch, user, other_user, api_client
):
    # The workers are other processes: they read these from their environment. A short
    # visibility timeout makes Redis hand the unacknowledged task on within a second.
    monkeypatch.setenv("SCRAPER_ALLOW_PRIVATE_NETWORKS", "true")
    monkeypatch.setenv("SCRAPER_POLITENESS_DELAY_SECONDS", "0")
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT_SECONDS", str(VISIBILITY_TIMEOUT_SECONDS))
    site = HeldListingSite(httpserver)
    source = source_with_history(user, site.url("/css/page1.html"))
    # The same history scraped once, cleanly, in this process: what the killed scrape must end as.
    reference = source_with_history(other_user, site.url("/css/page1.html"))
    clean_run = source_scrape_inline(user=other_user, source=reference)
    assert clean_run.status == "succeeded", clean_run.error
    before = rentals_of(source)
    site.started.clear()
    site.open.clear()

    with running_worker() as worker:
        response = api_client.post(f"/api/rentals/sources/{source.pk}/scrape")
        assert response.status_code == 202
        run_id = response.json()["run"]["id"]
        wait_until(lambda: HELD_PAGE in site.started, timeout=30, message="the scrape to wait on page 2")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    killed_at = time.monotonic()
    site.open.set()

    run = ScrapeRun.objects.get(pk=run_id)
    assert (run.status, run.pages_fetched) == ("running", 1)
    assert rentals_of(source) == before  # nothing of the half-done crawl was written

    # The task was never acknowledged (acks late). Redis gives it to a worker once its delivery is
    # older than the visibility timeout; a worker looks for such tasks as it starts.
    time.sleep(max(0.0, killed_at + VISIBILITY_TIMEOUT_SECONDS + 0.5 - time.monotonic()))
    with running_worker():
        wait_until(
            lambda: ScrapeRun.objects.get(pk=run_id).status not in ScrapeRun.ACTIVE_STATUSES,
            timeout=40,
            message="the next worker to run the scrape again",
        )

    run.refresh_from_db()
    assert run.status == "succeeded", run.error
    assert site.started.count("/css/page1.html") == 2  # the task ran again, from the start
    assert rentals_of(source) == rentals_of(reference) != before
    counts = ("pages_fetched", "listings_found", "created_count", "updated_count", "unavailable_count")
    assert [getattr(run, name) for name in counts] == [getattr(clean_run, name) for name in counts]
    assert ScrapeRun.objects.filter(source=source).count() == 1
