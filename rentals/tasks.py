"""Celery tasks of rentals: thin, ids in, one service call each."""

from celery import shared_task

from .services import TRANSIENT_ERRORS, run_execute, sources_enqueue_due


@shared_task(
    bind=True,
    acks_late=True,
    # The outcome is the ScrapeRun row; a stored result would also make queueing need the
    # result backend, so a Redis outage would fail the request instead of answering 503.
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def scrape_source(self, run_id):
    """Execute a scrape run. Site errors are recorded on the run; database outages retry."""
    run = run_execute(run_id=run_id)
    return run.status if run is not None else None


@shared_task(ignore_result=True)
def scrape_due_sources():
    """Every 5 minutes (CELERY_BEAT_SCHEDULE): queue the active sources whose interval passed."""
    return len(sources_enqueue_due())
