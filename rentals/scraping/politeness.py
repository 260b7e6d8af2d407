"""How long the scraper waits before its next request to a host, across every worker.

A run's fetcher spaces its own requests to a host, but runs of other sources on the same host
execute at the same moment in other worker processes: four workers would send a host with
twenty sources four requests at once. So with Redis configured each host has a schedule
there, shared by every worker: a request claims the host's next free slot (at least the delay
after the slot claimed before it) in one atomic script, then waits for it. Each host is a key
of its own, so hosts never wait on each other, and nothing is locked while anyone sleeps.

Without Redis (`make run`), or while it cannot be reached, each run keeps its own delay as
before: a scrape never fails because Redis is down.
"""
import logging
import math
import time

from django.conf import settings
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

KEY_PREFIX = "leaseline:politeness:"
# After Redis failed, a run keeps its own delay this long before asking Redis again, so an
# outage costs one connection attempt now and then, not one per request.
SHARED_RETRY_SECONDS = 30.0

# KEYS[1] the host's last claimed slot (Redis clock, microseconds). ARGV, in microseconds:
# the delay, the earliest this request may go (from now; the run's own delay), and the
# longest it may wait. Returns the wait, or -1 (nothing claimed) when that is too long. The
# Redis clock is the one clock every worker shares. The key lives until it no longer matters.
_CLAIM = """
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000000 + tonumber(now[2])
local delay = tonumber(ARGV[1])
local slot = now + tonumber(ARGV[2])
local last = tonumber(redis.call('GET', KEYS[1]))
if last and last + delay > slot then
  slot = last + delay
end
if slot - now >= tonumber(ARGV[3]) then
  return -1
end
redis.call('SET', KEYS[1], string.format('%d', slot), 'PX', math.floor((slot - now + delay) / 1000) + 1)
return slot - now
"""


def _shared_schedule():
    """The Redis client of the cache, or None when the cache is not Redis (`make run`)."""
    if settings.CACHES["default"]["BACKEND"] != "django_redis.cache.RedisCache":
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


class PolitenessGate:
    """One run's gate: `claim` before each request to a host, `done` after it.

    The run's own delay counts from the end of its previous request to the host (as a single
    run always did); the shared schedule spaces request starts of all runs on the host.
    """

    def __init__(self, *, shared=True, clock=time.monotonic):
        self.shared = shared
        self._clock = clock
        self._last_done = {}
        self._shared_retry_at = None

    def claim(self, host, delay, *, max_wait):
        """Seconds to wait before requesting from host, that slot claimed; None if max_wait or more."""
        if delay <= 0:
            return 0.0
        host = host.lower()
        last = self._last_done.get(host)
        own_wait = max(0.0, delay - (self._clock() - last)) if last is not None else 0.0
        wait = self._claim_shared(host, delay, own_wait, max_wait) if self._use_shared() else own_wait
        return None if wait is None or wait >= max_wait else wait

    def done(self, host):
        self._last_done[host.lower()] = self._clock()

    def _use_shared(self):
        waiting_for_redis = self._shared_retry_at is not None and self._clock() < self._shared_retry_at
        return self.shared and not waiting_for_redis

    def _claim_shared(self, host, delay, own_wait, max_wait):
        try:
            client = _shared_schedule()
            if client is None:
                return own_wait
            micros = client.register_script(_CLAIM)(
                keys=[KEY_PREFIX + host],
                args=[_micros(delay), _micros(own_wait), _micros(max_wait)],
            )
        except RedisError as exc:
            logger.warning(
                "Redis cannot be reached (%s): this scrape keeps its own politeness delay for now",
                exc.__class__.__name__,
            )
            self._shared_retry_at = self._clock() + SHARED_RETRY_SECONDS
            return own_wait
        self._shared_retry_at = None
        return None if micros < 0 else micros / 1_000_000


def _micros(seconds):
    return math.ceil(min(seconds, 1e6) * 1_000_000)
