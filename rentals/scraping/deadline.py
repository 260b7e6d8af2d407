"""Wall-clock deadlines of the scraper: one per fetch, one per run, one per preview.

Socket timeouts bound each read, not their sum: a server sending one byte every few seconds
never trips them. So while a fetch runs, a Watchdog holds every socket it opens and shuts
them down when its deadline passes; that wakes a connect, a TLS handshake or a read blocked
on them at once, whatever the server does.
"""

import socket
import threading
import time
from contextvars import ContextVar

# The watchdog of the fetch running in this thread. urllib3 opens the connections deep
# inside requests, where no argument of ours reaches; the guarded connection looks here.
_current_watchdog = ContextVar("scraper_watchdog", default=None)


class Deadline:
    """When some work must be over, and the sentence that says it was not."""

    def __init__(self, seconds, message):
        self.ends_at = time.monotonic() + seconds
        self.message = message

    def remaining(self):
        return max(0.0, self.ends_at - time.monotonic())

    def expired(self):
        return self.remaining() == 0.0


class Watchdog:
    """While the `with` block runs, shuts down the sockets given to watch() at the deadline."""

    def __init__(self, deadline):
        self.deadline = deadline
        self._sockets = []
        self._lock = threading.Lock()
        self._fired = False
        self._timer = threading.Timer(deadline.remaining(), self._cut)
        self._timer.daemon = True

    def __enter__(self):
        self._token = _current_watchdog.set(self)
        self._timer.start()
        return self

    def __exit__(self, *exc_info):
        self._timer.cancel()
        _current_watchdog.reset(self._token)
        with self._lock:
            for watched in self._sockets:
                watched.close()
            self._sockets.clear()

    def watch(self, sock):
        """Cut this socket at the deadline; TimeoutError when the deadline has passed already."""
        # A duplicate descriptor of the same connection: it stays valid when the original
        # object is wrapped for TLS, and closing it never closes a descriptor reused since.
        watched = socket.fromfd(sock.fileno(), sock.family, sock.type)
        with self._lock:
            self._sockets.append(watched)
            late = self._fired or self.deadline.expired()
        if late:
            raise TimeoutError(self.deadline.message)

    def _cut(self):
        with self._lock:
            self._fired = True
            for watched in self._sockets:
                try:
                    watched.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # not connected (yet) or gone already: nothing is blocked on it


def current_watchdog():
    """The watchdog of the fetch running here, or None outside a fetch."""
    return _current_watchdog.get()
