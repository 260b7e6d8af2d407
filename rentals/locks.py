"""Database locks that keep scrapes of one source from running at the same time."""

from contextlib import contextmanager

from django.db import DatabaseError, connection

# pg advisory lock namespace for "a scrape of source N is executing" ("LL" for LeaseLine).
_LOCK_NAMESPACE = 0x4C4C


@contextmanager
def source_lock(source_id):
    """Whether this process may execute a scrape of the source now (one at a time, ever).

    A PostgreSQL session advisory lock: it dies with the connection, so a killed worker
    never leaves it behind. Other databases (SQLite for `make run`) run scrapes inline in
    one process, and the one-active-run constraint suffices there.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    key = [_LOCK_NAMESPACE, source_id % 2**31]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        locked = cursor.fetchone()[0]
    try:
        yield locked
    finally:
        if locked:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)
            except DatabaseError:
                pass  # the connection is gone, and the lock with it
