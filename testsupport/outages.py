"""Outages on demand: a Redis that is not there, database sessions cut from the server side."""

from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.db import connection
from django.test import override_settings

from config.celery import app

from .server import current_database_url, free_port


def closed_port():
    """A loopback port nothing listens on: connecting is refused at once."""
    return free_port()


def _reconnect_celery():
    # Pooled broker connections and the result backend were made for the previous URLs.
    app._after_fork()
    app._backend = app._get_backend()


@contextmanager
def redis_down():
    """Cache, Celery broker and result backend all point at a closed port, as when Redis is down.

    The cache keeps the production OPTIONS (timeouts, IGNORE_EXCEPTIONS), so the block shows
    what the deployed configuration does. Everything points back at Redis when the block ends.
    """
    cache = settings.CACHES["default"]
    assert cache["BACKEND"] == "django_redis.cache.RedisCache", "the suite runs with REDIS_URL set"
    saved = {name: app.conf[name] for name in ("broker_url", "result_backend", "task_always_eager")}
    dead = f"redis://127.0.0.1:{closed_port()}/0"
    with override_settings(
        REDIS_URL=dead,
        CACHES={"default": {**cache, "LOCATION": dead}},
        CELERY_BROKER_URL=dead,
        CELERY_RESULT_BACKEND=dead,
    ):
        app.conf.update(broker_url=dead, result_backend=dead, task_always_eager=False)
        _reconnect_celery()
        try:
            yield dead
        finally:
            app.conf.update(saved)
            _reconnect_celery()


def database_sessions(*, application_name=None, state=None):
    """Process ids of the other sessions on this test's database, by application name and state."""
    query = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    params = []
    if application_name is not None:
        query += " AND application_name = %s"
        params.append(application_name)
    if state is not None:
        query += " AND state = %s"
        params.append(state)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return [row[0] for row in cursor.fetchall()]


def own_session():
    """The process id of this thread's database session (the one the test client's requests use)."""
    connection.ensure_connection()
    return connection.connection.info.backend_pid


def terminate_sessions(pids):
    """End those database sessions from the server side, as a failover or an administrator would.

    From a connection of its own, so that it can also end the calling thread's session.
    """
    with psycopg.connect(current_database_url(), autocommit=True) as admin:
        for pid in pids:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
