"""The requests adapter the fetcher mounts: every connection it opens goes through the SSRF
guard (netguard.connect_checked), each redirect's hop included, and answers to the fetch's
watchdog. Also the check a link passes before the fetcher follows it at all.
"""

import socket
from functools import cache
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

from .deadline import current_watchdog
from .errors import InvalidUrlError
from .netguard import ALLOWED_SCHEMES, connect_checked


class _GuardedConnectionMixin:
    """Resolve, check and connect in one step, so the address connected to is one checked."""

    allow_private = False

    def _new_conn(self):
        try:
            return connect_checked(
                self._dns_host,
                self.port,
                allow_private=self.allow_private,
                timeout=self.timeout,
                source_address=self.source_address,
                socket_options=self.socket_options,
                watchdog=current_watchdog(),
            )
        except OSError as exc:
            if isinstance(exc, socket.gaierror):
                raise NameResolutionError(self.host, self, exc) from exc
            if isinstance(exc, TimeoutError):
                raise ConnectTimeoutError(self, f"Connection to {self.host} timed out.") from exc
            raise NewConnectionError(self, f"Failed to establish a new connection: {exc}") from exc

    def request(self, *args, **kwargs):
        # A connection kept alive from an earlier fetch must answer to this fetch's watchdog.
        # (One opened just now is watched already; watching it twice does no harm.)
        watchdog = current_watchdog()
        if watchdog is not None and self.sock is not None:
            watchdog.watch(self.sock)
        return super().request(*args, **kwargs)


@cache
def _guarded_pool_classes(allow_private):
    http = type("GuardedHTTPConnection", (_GuardedConnectionMixin, HTTPConnection), {"allow_private": allow_private})
    https = type("GuardedHTTPSConnection", (_GuardedConnectionMixin, HTTPSConnection), {"allow_private": allow_private})
    return {
        "http": type("GuardedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
        "https": type("GuardedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
    }


class GuardedAdapter(HTTPAdapter):
    def __init__(self, *, allow_private, **kwargs):
        self.allow_private = allow_private
        super().__init__(max_retries=0, **kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _guarded_pool_classes(self.allow_private)


def check_fetchable_url(url):
    """Raise InvalidUrlError for a link the scraper must not follow (scheme, credentials)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise InvalidUrlError(f"{url!r} is not a web address.")
    if parts.scheme not in ALLOWED_SCHEMES or not parts.hostname:
        raise InvalidUrlError(f"{url} is not an http(s) address.")
    if "@" in parts.netloc:
        raise InvalidUrlError(f"{url} carries a user name or password.")
