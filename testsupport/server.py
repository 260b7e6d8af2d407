"""LeaseLine served by gunicorn, as in production, against the test database and Redis.

For tests that need what only a real server shows: several processes at once (bookings that
race across processes, not just threads), persistent database connections (CONN_MAX_AGE) that
PostgreSQL can drop between requests, and real sockets. The tables a test fills must be
committed for the server to see them: use `django_db(transaction=True)`.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.db import connection


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def current_database_url():
    """The URL of the database this test runs on (pytest-django's test_<name> database)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "postgres", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    # libpq's application_name of every database session the server opens (PGAPPNAME).
    application_name: str


def _wait_until_up(port, process, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before serving.")
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer /healthz in time.")


def start_gunicorn(*, port, env, workers=2, threads=1, timeout=30):
    """`gunicorn config.wsgi` on 127.0.0.1:`port` with exactly `env`, once it answers /healthz."""
    worker_args = ["--workers", str(workers)]
    if threads > 1:
        worker_args += ["--threads", str(threads), "--worker-class", "gthread"]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            *worker_args,
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    try:
        _wait_until_up(port, process, timeout)
    except RuntimeError:
        stop_gunicorn(process)
        raise
    return process


def stop_gunicorn(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_server(*, workers=2, threads=8, env=None, timeout=30):
    """gunicorn config.wsgi on a free loopback port, with the test settings, until the block ends."""
    port = free_port()
    application_name = f"leaseline-test-server-{uuid.uuid4().hex[:8]}"
    server_env = dict(os.environ)
    server_env.update(
        DJANGO_SETTINGS_MODULE="config.test_settings",
        DATABASE_URL=current_database_url(),
        REDIS_URL=settings.REDIS_URL,
        PGAPPNAME=application_name,
        LOG_LEVEL="WARNING",
        **(env or {}),
    )
    process = start_gunicorn(port=port, env=server_env, workers=workers, threads=threads, timeout=timeout)
    try:
        yield Server(url=f"http://127.0.0.1:{port}", process=process, application_name=application_name)
    finally:
        stop_gunicorn(process)
