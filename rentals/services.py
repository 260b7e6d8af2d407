"""Scrapes: queue a run, execute it, keep rentals current; and the preview of a source.

A run goes queued -> running -> succeeded | failed. Only a complete, successful crawl
changes which rentals are available; everything it found is written in one transaction, so
a run that dies half-way (a site error, a killed worker, a lost database) leaves the rentals
exactly as they were, and running it again gives the same result as one clean run.
"""
import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import RedisError

from .locks import source_lock
from .models import Rental, RentalSource, ScrapeRun
from .scraping import engine
from .scraping.config import ScrapingConfigError, clean_scraping_config, crawl_settings
from .scraping.deadline import Deadline
from .scraping.errors import InvalidUrlError, UnsafeAddressError
from .scraping.fetcher import Fetcher
from .scraping.netguard import normalize_website_url
from .scraping.normalize import LISTING_FIELDS
from .scraping.parse import PageSource, findings_by_extractor, page_preset, parse_source
from .selectors import sources_due

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = (
    "The task queue is unavailable, so the scrape was not started. Nothing was changed; try again shortly."
)
LOST_WORKER = "The worker running this scrape stopped before it finished. Nothing was changed."
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


def _run_enqueue(run_id):
    """Hand the run to Celery (inline when no broker is configured); False if the queue is down."""
    from .tasks import scrape_source

    try:
        scrape_source.delay(run_id)
        return True
    except QUEUE_ERRORS as exc:
        logger.warning("Scrape run %s could not be queued: %s", run_id, exc.__class__.__name__)
        ScrapeRun.objects.filter(pk=run_id, status=ScrapeRun.Status.QUEUED).update(
            status=ScrapeRun.Status.FAILED, finished_at=timezone.now(), error=QUEUE_UNAVAILABLE
        )
        return False


def source_scrape(*, user, source, trigger=ScrapeRun.Trigger.MANUAL):
    """Queue a scrape of the user's source and return its run.

    The task is sent once the run is committed (a worker never looks for a row that is not
    there yet). Outside a transaction that is at once; then, with no broker configured, the
    scrape has already run inline when this returns. Raises ScrapeAlreadyRunning, or
    ScrapeQueueUnavailable when the broker is down (the run is then failed with the reason).
    """
    run = run_create(user=user, source=source, trigger=trigger)
    queued = []
    transaction.on_commit(lambda: queued.append(_run_enqueue(run.pk)))
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


def runs_fail_stale(*, now=None):
    """Fail runs queued or running for far longer than a run may take and not executing now.

    A worker killed mid-run leaves its run "running"; Celery delivers the task again (acks
    late), which re-runs it. Only when that never happens does this close the run, so the
    source can be scraped again.
    """
    now = now or timezone.now()
    threshold = now - datetime.timedelta(seconds=2 * settings.SCRAPER_RUN_DEADLINE_SECONDS)
    stale = ScrapeRun.objects.filter(
        Q(status=ScrapeRun.Status.QUEUED, created_at__lt=threshold)
        | Q(status=ScrapeRun.Status.RUNNING, started_at__lt=threshold)
    )
    failed = 0
    for run in stale:
        with source_lock(run.source_id) as locked:
            if locked:
                failed += ScrapeRun.objects.filter(pk=run.pk, status__in=ScrapeRun.ACTIVE_STATUSES).update(
                    status=ScrapeRun.Status.FAILED, finished_at=now, error=LOST_WORKER
                )
    return failed


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
            status=ScrapeRun.Status.RUNNING, started_at=timezone.now(), finished_at=None, pages_fetched=0,
            listings_found=0, created_count=0, updated_count=0, unavailable_count=0, error="", extracted_by={},
            warnings=[],
        )

        def progress(pages_fetched, url):
            ScrapeRun.objects.filter(pk=run.pk).update(pages_fetched=pages_fetched)
            if on_page is not None:
                on_page(pages_fetched, url)

        seconds = settings.SCRAPER_RUN_DEADLINE_SECONDS
        deadline = Deadline(seconds, f"The scrape took longer than {seconds:g} s.")
        try:
            with Fetcher.from_settings(deadline=deadline) as fetcher:
                result = engine.crawl(
                    website_url=source.website_url, config=source.scraping_config, fetcher=fetcher, on_page=progress
                )
            _run_finish(run, source, result)
        except TRANSIENT_ERRORS:
            raise
        except Exception as exc:
            logger.exception("Scrape run %s failed unexpectedly", run_id)
            _run_fail(run, f"Unexpected error while scraping ({exc.__class__.__name__}). Nothing was changed.")
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
                    Rental(user_id=source.user_id, source=source, external_id=listing.external_id,
                           status=Rental.Status.AVAILABLE, first_seen_at=now, last_seen_at=now, **values)
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


# Preview


PREVIEW_MAX_LISTINGS = 50


def source_preview(*, website_url, scraping_config):
    """What a source would give from its first page, saving nothing ("test this source").

    Ends within SCRAPER_PREVIEW_DEADLINE_SECONDS whatever the site does. Returns
    {"ok": False, "error", "config_errors": {path: [msg]}} when the address or the config is
    refused, else {"ok": True, "url", "listings": [up to 50 Listing.as_dict() with
    "found_by": [extractors]], "listings_found", "pages_fetched", "extracted_by", "warnings",
    "next_page"}; a site that failed or ran out of time is a warning, with what was found.
    """
    allow_private = settings.SCRAPER_ALLOW_PRIVATE_NETWORKS
    seconds = settings.SCRAPER_PREVIEW_DEADLINE_SECONDS
    deadline = Deadline(
        seconds,
        f"The preview stopped after {seconds:g} s: the site had not sent its first page by then. "
        "Try again later, or check that the address opens in a browser.",
    )
    try:
        # Not resolved here, where nothing bounds how long a name server takes: the fetch
        # resolves within the deadline and refuses a private address all the same.
        url = normalize_website_url(website_url, allow_private=allow_private, resolve=False)
        config = clean_scraping_config(scraping_config, allow_private=allow_private, resolve=False)
    except InvalidUrlError as exc:
        return {"ok": False, "error": str(exc), "config_errors": {}}
    except ScrapingConfigError as exc:
        problems = exc.detail if isinstance(exc.detail, dict) else {"scraping_config": exc.detail}
        return {"ok": False, "error": "The scraping configuration has problems.", "config_errors": problems}
    with Fetcher.from_settings(max_retries=0, deadline=deadline) as fetcher:
        result = engine.crawl(website_url=url, config=config, fetcher=fetcher, max_pages=1)
    if isinstance(result.failure, UnsafeAddressError) and not result.pages_fetched:
        # The address rule a saved source meets, applied where the name was resolved.
        return {"ok": False, "error": result.error, "config_errors": {}}
    listings = [
        {**listing.as_dict(), "found_by": result.found_by.get(listing.external_id, [])}
        for listing in result.listings[:PREVIEW_MAX_LISTINGS]
    ]
    return {
        "ok": True,
        "url": url,
        "listings": listings,
        "listings_found": len(result.listings),
        "pages_fetched": result.pages_fetched,
        "extracted_by": result.extracted_by,
        "warnings": ([result.error] if result.error else []) + result.warnings,
        "next_page": result.next_page,
    }


@dataclass
class PageExplained:
    url: str
    text: str
    platform: str | None
    followed: list  # addresses the platform's listings were read from
    warnings: list  # addresses they were expected at and could not be read
    findings: list  # [(extractor name, [normalised findings])]
    parsed: object  # the merged ParsedPage


def page_explain(*, website_url, scraping_config=None):
    """One page fetched and read by every extractor separately, then merged (`scrape --explain`).

    Raises InvalidUrlError or ScrapeError; saves nothing.
    """
    allow_private = settings.SCRAPER_ALLOW_PRIVATE_NETWORKS
    url = normalize_website_url(website_url, allow_private=allow_private)
    config = clean_scraping_config(scraping_config or {}, allow_private=allow_private)
    crawl = crawl_settings(url, config)
    deadline = Deadline(settings.SCRAPER_PREVIEW_DEADLINE_SECONDS, "The page did not arrive in time.")
    with Fetcher.from_settings(max_retries=0, deadline=deadline) as fetcher:
        page = fetcher.get(crawl.start_urls[0])
        source = PageSource(page.text, page.url)
        preset = page_preset(source, crawl)
        # Where the platform says the page's listings load from, read as a crawl reads them.
        warnings = []
        followed, failure = engine.follow_listing_sources(
            source, preset, fetcher.get, seen={page.url}, warnings=warnings
        )
    if failure is not None:
        raise failure
    today = datetime.date.today()
    return PageExplained(
        url=page.url,
        text=page.text,
        platform=preset.name if preset else None,
        followed=[item.url for item in followed],
        warnings=warnings,
        findings=list(findings_by_extractor(source, crawl, today, followed)),
        parsed=parse_source(source, settings=crawl, today=today, followed=followed),
    )
