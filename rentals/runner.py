"""Scrapes without a broker (`make run`): each run executes in a thread of the web process.

With Celery configured, a worker executes runs and this module is not used. Without one,
running the scrape inside the request would hold the page for as long as the site takes, so
the request only queues the run and a thread executes it; the page polls the run's progress
like it does with a worker. A thread per run, one run per source at a time in this process
(the source's lock still decides across processes), its database connection closed at the end.
"""

import logging
import threading

from django.core.signals import request_finished, request_started
from django.db import InterfaceError, OperationalError, connection

logger = logging.getLogger(__name__)

DATABASE_LOST = "The database could not be reached while scraping. Nothing was changed; try again shortly."
NOT_STARTED = "Another scrape of this source was under way, so this one did not start. Nothing was changed."
CRASHED = (
    "Something went wrong in LeaseLine while reading this site, so the scrape stopped. "
    "Nothing was changed; try again, and tell support if it happens again."
)

_registry_lock = threading.Lock()
_source_locks = {}  # source id -> the lock a thread holds while it executes a run of that source
_threads = set()
# Per request thread: the runs queued while a request is being answered, started once it is.
_request = threading.local()


def _request_began(**kwargs):
    _request.pending = []


def _request_ended(**kwargs):
    pending, _request.pending = getattr(_request, "pending", None), None
    for thread in pending or ():
        thread.start()


request_started.connect(_request_began, dispatch_uid="rentals.runner.request_started")
request_finished.connect(_request_ended, dispatch_uid="rentals.runner.request_finished")


def _source_lock(source_id):
    with _registry_lock:
        return _source_locks.setdefault(source_id, threading.Lock())


def start(*, run_id, source_id, execute, fail):
    """Execute `execute(run_id=...)` in a new thread; `fail(run_id, reason)` records a failure.

    Queued while a request is being answered, the thread starts once the response is sent, so
    the page shows the run queued and then polls it. The thread waits for any run of the same
    source this process is executing, so two never run at once, not even in the moment
    between one run's end and its thread's.
    """
    thread = threading.Thread(
        target=_execute,
        kwargs={"run_id": run_id, "source_id": source_id, "execute": execute, "fail": fail},
        name=f"scrape-run-{run_id}",
        daemon=True,
    )
    with _registry_lock:
        _threads.add(thread)
    pending = getattr(_request, "pending", None)
    if pending is not None:
        pending.append(thread)
    else:
        thread.start()
    return thread


def _execute(*, run_id, source_id, execute, fail):
    try:
        with _source_lock(source_id):
            try:
                run = execute(run_id=run_id)
            except Exception as exc:
                _record_failure(run_id, exc, fail)
            else:
                if run is not None and run.status in ("queued", "running"):
                    # Another process holds the source's lock: this run cannot start now.
                    fail(run_id, NOT_STARTED)
    finally:
        connection.close()
        with _registry_lock:
            _threads.discard(threading.current_thread())


def _record_failure(run_id, exc, fail):
    logger.exception("Scrape run %s failed in the background", run_id)
    reason = DATABASE_LOST if isinstance(exc, (OperationalError, InterfaceError)) else CRASHED
    try:
        connection.close()  # a connection that failed may be unusable; the next query opens another
        fail(run_id, reason)
    except Exception:
        logger.exception("Scrape run %s could not be marked failed", run_id)


def wait(timeout=None):
    """Wait for every run this process started to end; False if one is still going."""
    with _registry_lock:
        threads = [thread for thread in _threads if thread.ident is not None]
    for thread in threads:
        thread.join(timeout)
    return not any(thread.is_alive() for thread in threads)
