"""Closing scrape runs whose executor is gone, so the source can be scraped again.

A Celery worker killed mid-run leaves its run "running" and the task is delivered again (acks
late); only when that never happens does `runs_fail_stale` close it. Without a broker a run
executes in a thread of the web process, which a restart ends for good: `runs_fail_interrupted`
closes such a run once its heartbeat has stopped.
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .locks import source_lock
from .models import ScrapeRun

LOST_WORKER = "The worker running this scrape stopped before it finished. Nothing was changed."
INTERRUPTED = "Stopped: LeaseLine restarted while it ran. Nothing was changed; scrape again to read the site."
# Without a broker a run executes in a thread of the web process and writes its heartbeat with
# each page read; a restart ends the thread. A heartbeat this old means the run was interrupted:
# longer than the slowest page fetch (SCRAPER_DOWNLOAD_DEADLINE_SECONDS, 60 s by default).
HEARTBEAT_LOST_AFTER = datetime.timedelta(minutes=5)


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


def runs_fail_interrupted(*, user, source=None, now=None):
    """Without a broker: close the user's runs whose thread a restart ended (its heartbeat, or a
    queued run's creation, older than HEARTBEAT_LOST_AFTER and no one executing it); how many.

    With Celery nothing is closed here: a worker's run is delivered again (runs_fail_stale).
    """
    if settings.CELERY_BROKER_URL:
        return 0
    now = now or timezone.now()
    threshold = now - HEARTBEAT_LOST_AFTER
    runs = ScrapeRun.objects.filter(user=user).filter(
        Q(status=ScrapeRun.Status.QUEUED, created_at__lt=threshold)
        | Q(status=ScrapeRun.Status.RUNNING, heartbeat_at__lt=threshold)
        | Q(status=ScrapeRun.Status.RUNNING, heartbeat_at__isnull=True, started_at__lt=threshold)
    )
    if source is not None:
        runs = runs.filter(source=source)
    failed = 0
    for run in runs:
        with source_lock(run.source_id) as locked:
            if locked:
                failed += ScrapeRun.objects.filter(pk=run.pk, status__in=ScrapeRun.ACTIVE_STATUSES).update(
                    status=ScrapeRun.Status.FAILED, finished_at=now, error=INTERRUPTED
                )
    return failed
