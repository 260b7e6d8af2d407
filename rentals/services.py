"""Scrapes: queue a run, execute it, keep rentals current; and the preview of a source.

A run goes queued -> running -> succeeded | failed. Only a complete, successful crawl
changes which rentals are available; everything it found is written in one transaction, so
a run that dies half-way (a site error, a killed worker, a lost database) leaves the rentals
exactly as they were, and running it again gives the same result as one clean run.
"""

import logging

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import RedisError

from . import runner
from .locks import source_lock
from .models import Rental, RentalSource, ScrapeRun
from .recovery import LOST_WORKER as LOST_WORKER
from .recovery import runs_fail_interrupted, runs_fail_stale
from .scraping import engine
from .scraping.deadline import Deadline
from .scraping.fetcher import Fetcher
from .scraping.normalize import LISTING_FIELDS
from .selectors import sources_due

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = (
    "The task queue is unavailable, so the scrape was not started. Nothing was changed; try again shortly."
)
# The details are in the log (logger.exception); the manager reads what happened to their rentals.
UNEXPECTED_ERROR = (
    "Something went wrong in LeaseLine while reading this site, so the scrape stopped. "
    "Nothing was changed; try again, and tell support if it happens again."
)
MAX_ERROR_LENGTH = 2000
# Raised to the task so it retries: the database blinked, nothing about the site is known.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
# What publishing a task raises when the broker cannot be reached.
QUEUE_ERRORS = (BrokerOperationalError, RedisError, ConnectionError)


class ScrapeAlreadyRunning(Exception):
    """A run of this source is already queued or running (`run` is that run, when found)."""

    def __init__(self, run=None):
        super().__init__("A scrape of this source is already queued or running.")
        self.run = run


class ScrapeQueueUnavailable(Exception):
    """The broker could not take the task; the run is recorded as failed with the reason."""

    def __init__(self, run):
        super().__init__(QUEUE_UNAVAILABLE)
        self.run = run


# Queueing


def run_create(*, user, source, trigger=ScrapeRun.Trigger.MANUAL):
    """A queued run of the user's source; ScrapeAlreadyRunning when one is active.

    The partial unique constraint rentals_scraperun_one_active_per_source is the arbiter, so
    two requests at the same moment cannot both start one.
    """
    if source.user_id != user.pk:
        raise RentalSource.DoesNotExist("Not this user's source.")
    try:
        with transaction.atomic():
            return ScrapeRun.objects.create(user=user, source=source, trigger=trigger)
    except IntegrityError:
        active = ScrapeRun.objects.filter(source=source, status__in=ScrapeRun.ACTIVE_STATUSES).first()
        raise ScrapeAlreadyRunning(active)


def _run_enqueue(run):
    """Hand the run to Celery, or with no broker configured to a thread of this process
    (runner.py), so the request answers at once either way; False if the queue is down."""
    from .tasks import scrape_source

    if not settings.CELERY_BROKER_URL:
        runner.start(run_id=run.pk, source_id=run.source_id, execute=run_execute, fail=run_fail_if_active)
        return True
    try:
        scrape_source.delay(run.pk)
        return True
    except QUEUE_ERRORS as exc:
        logger.warning("Scrape run %s could not be queued: %s", run.pk, exc.__class__.__name__)
        run_fail_if_active(run.pk, QUEUE_UNAVAILABLE, statuses=[ScrapeRun.Status.QUEUED])
        return False


def run_fail_if_active(run_id, reason, *, statuses=ScrapeRun.ACTIVE_STATUSES):
    """Close a run that has not ended with `reason`; a finished run is left as it ended."""
    return ScrapeRun.objects.filter(pk=run_id, status__in=statuses).update(
        status=ScrapeRun.Status.FAILED, finished_at=timezone.now(), error=reason[:MAX_ERROR_LENGTH]
    )


def source_scrape(*, user, source, trigger=ScrapeRun.Trigger.MANUAL):
    """Queue a scrape of the user's source and return its run.

    The task is sent once the run is committed (a worker never looks for a row that is not
    there yet); outside a transaction that is at once. With no broker configured a thread of
    this process executes it (there is no scheduler then either, so runs a lost thread left
    behind are closed here first). Raises ScrapeAlreadyRunning, or ScrapeQueueUnavailable
    when the broker is down (the run is then failed with the reason).
    """
    if not settings.CELERY_BROKER_URL:
        runs_fail_interrupted(user=user)
        runs_fail_stale()
    run = run_create(user=user, source=source, trigger=trigger)
    queued = []
    transaction.on_commit(lambda: queued.append(_run_enqueue(run)))
    run.refresh_from_db()
    if queued == [False]:
        raise ScrapeQueueUnavailable(run)
    return run


def source_scrape_inline(*, user, source, trigger=ScrapeRun.Trigger.MANUAL, on_page=None):
    """Scrape the user's source in this process (the `scrape` command); returns the run."""
    run = run_create(user=user, source=source, trigger=trigger)
    return run_execute(run_id=run.pk, on_page=on_page)


def sources_enqueue_due(*, now=None):
    """The scheduler's pass: clear runs whose worker was lost, queue every due source."""
    now = now or timezone.now()
    runs_fail_stale(now=now)
    runs = []
    for source in sources_due(now=now):
        try:
            runs.append(source_scrape(user=source.user, source=source, trigger=ScrapeRun.Trigger.SCHEDULE))
        except ScrapeAlreadyRunning:
            continue
        except ScrapeQueueUnavailable:
            break
    return runs


# Executing


def run_execute(*, run_id, on_page=None):
    """Execute a queued run (or re-execute one whose worker died); returns the run.

    A run already finished, or being executed by another worker right now, is left alone.
    `on_page(pages_fetched, url)` is called after each page. Database outages are raised
    (the task retries them); every other problem fails the run with a readable reason.
    """
    run = ScrapeRun.objects.filter(pk=run_id).first()
    if run is None or run.status not in ScrapeRun.ACTIVE_STATUSES:
        return run
    with source_lock(run.source_id) as locked:
        if not locked:
            logger.info("Scrape run %s skipped: its source is being scraped by another worker", run_id)
            return run
        run.refresh_from_db()
        if run.status not in ScrapeRun.ACTIVE_STATUSES:
            return run
        source = RentalSource.objects.get(pk=run.source_id)
        ScrapeRun.objects.filter(pk=run.pk).update(
            status=ScrapeRun.Status.RUNNING,
            started_at=timezone.now(),
            heartbeat_at=timezone.now(),
            finished_at=None,
            pages_fetched=0,
            listings_found=0,
            created_count=0,
            updated_count=0,
            unavailable_count=0,
            error="",
            extracted_by={},
            warnings=[],
        )

        # Each count is its own committed write, so the page polling the run sees it at once.
        def progress(pages_fetched, url):
            ScrapeRun.objects.filter(pk=run.pk).update(pages_fetched=pages_fetched, heartbeat_at=timezone.now())
            if on_page is not None:
                on_page(pages_fetched, url)

        def listings_so_far(found):
            ScrapeRun.objects.filter(pk=run.pk).update(listings_found=found, heartbeat_at=timezone.now())

        seconds = settings.SCRAPER_RUN_DEADLINE_SECONDS
        deadline = Deadline(seconds, f"The scrape took longer than {seconds:g} s.")
        try:
            with Fetcher.from_settings(deadline=deadline) as fetcher:
                result = engine.crawl(
                    website_url=source.website_url,
                    config=source.scraping_config,
                    fetcher=fetcher,
                    on_page=progress,
                    on_listings=listings_so_far,
                )
            _run_finish(run, source, result)
        except TRANSIENT_ERRORS:
            raise
        except Exception:
            logger.exception("Scrape run %s failed unexpectedly", run_id)
            _run_fail(run, UNEXPECTED_ERROR)
    run.refresh_from_db()
    return run


def _run_fail(run, reason, **counts):
    now = timezone.now()
    ScrapeRun.objects.filter(pk=run.pk).update(
        status=ScrapeRun.Status.FAILED, finished_at=now, error=reason[:MAX_ERROR_LENGTH], **counts
    )
    RentalSource.objects.filter(pk=run.source_id).update(last_scraped_at=now)


def _last_good_listings_found(run):
    last_good = (
        ScrapeRun.objects.filter(source_id=run.source_id, status=ScrapeRun.Status.SUCCEEDED)
        .exclude(pk=run.pk)
        .order_by("-finished_at", "-id")
        .values_list("listings_found", flat=True)
        .first()
    )
    return last_good or 0


def _run_finish(run, source, result):
    found = len(result.listings)
    read = {"pages_fetched": result.pages_fetched, "extracted_by": result.extracted_by}
    if not result.complete:
        _run_fail(
            run, f"{result.error} The scrape stopped part-way, so nothing was changed.", listings_found=found, **read
        )
        return
    if found == 0:
        previously = _last_good_listings_found(run)
        if previously:
            _run_fail(
                run,
                f"No listings were found, but the last successful scrape found {previously}; "
                "the site may have changed. Nothing was changed.",
                **read,
            )
            return
    counts = _listings_apply(source, result.listings)
    now = timezone.now()
    ScrapeRun.objects.filter(pk=run.pk).update(
        status=ScrapeRun.Status.SUCCEEDED,
        finished_at=now,
        listings_found=found,
        warnings=result.warnings,
        **read,
        **counts,
    )
    RentalSource.objects.filter(pk=source.pk).update(last_scraped_at=now)


def _listings_apply(source, listings):
    """Upsert a complete crawl's listings by (source, external_id), in one transaction.

    Seen: created or refreshed and available. Not seen: unavailable (never deleted).
    """
    now = timezone.now()
    fields = [name for name in LISTING_FIELDS if name != "external_id"]
    with transaction.atomic():
        existing = {rental.external_id: rental for rental in Rental.objects.filter(source=source)}
        created, changed, unchanged_ids = [], [], []
        for listing in listings:
            values = {name: getattr(listing, name) for name in fields}
            rental = existing.get(listing.external_id)
            if rental is None:
                created.append(
                    Rental(
                        user_id=source.user_id,
                        source=source,
                        external_id=listing.external_id,
                        status=Rental.Status.AVAILABLE,
                        first_seen_at=now,
                        last_seen_at=now,
                        **values,
                    )
                )
                continue
            if rental.status != Rental.Status.AVAILABLE or any(
                getattr(rental, name) != value for name, value in values.items()
            ):
                for name, value in values.items():
                    setattr(rental, name, value)
                rental.status = Rental.Status.AVAILABLE
                rental.last_seen_at = now
                rental.updated_at = now
                changed.append(rental)
            else:
                unchanged_ids.append(rental.pk)
        Rental.objects.bulk_create(created, batch_size=500)
        Rental.objects.bulk_update(changed, [*fields, "status", "last_seen_at", "updated_at"], batch_size=500)
        Rental.objects.filter(pk__in=unchanged_ids).update(last_seen_at=now)
        unavailable = (
            Rental.objects.filter(source=source, status=Rental.Status.AVAILABLE)
            .filter(Q(last_seen_at__lt=now) | Q(last_seen_at__isnull=True))
            .update(status=Rental.Status.UNAVAILABLE, updated_at=now)
        )
    return {"created_count": len(created), "updated_count": len(changed), "unavailable_count": unavailable}


# Rentals and sources as managers write them (API, pages, admin): the model's rules first.


def _checked(instance):
    """Raise ValidationError unless the model's rules accept `instance` (the owner is given)."""
    instance.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
    return instance


def rental_create(*, user, **fields):
    rental = _checked(Rental(user=user, **fields))
    rental.save()
    return rental


def rental_update(*, user, rental, **fields):
    for name, value in fields.items():
        setattr(rental, name, value)
    _checked(rental).save()
    return rental


def rental_delete(*, user, rental):
    rental.delete()


def source_create(*, user, **fields):
    """A new source of `user`; it is scraped on its schedule, or now when asked."""
    source = _checked(RentalSource(user=user, **fields))
    source.save()
    return source


def source_update(*, user, source, **fields):
    for name, value in fields.items():
        setattr(source, name, value)
    _checked(source).save()
    return source


def source_delete(*, user, source):
    """Delete the source; its rentals stay, as if added by hand."""
    source.delete()
