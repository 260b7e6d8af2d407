"""The scraper's turn at a host: one request at a time, a delay between them, across every worker.

A run's fetcher has always waited the politeness delay after its own previous request to a
host, but runs of other sources on the same host execute at the same moment in other worker
processes: four workers would send a host with twenty sources four requests at once. So with
Redis configured each host has a key there, shared by every worker, saying either that a
request to it is under way or when the last one ended. A request takes its turn in one atomic
script when none is under way and the delay has passed since the last ended; otherwise it
sleeps for what is left (or a while, if one is under way) and asks again. The next request
starts a delay after the previous one ended, as the host sees them, however slowly a busy
worker gets going. Each host is a key of its own, so hosts never wait on each other, and a
turn ends with its request, or, if its worker dies, with that request's deadline.

Without Redis (`make run`), or while it cannot be reached, each run keeps its own delay as
before: a scrape never fails because Redis is down.
"""

import logging
import math
import secrets
import time

from django.conf import settings
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

KEY_PREFIX = "leaseline:politeness:"
# After Redis failed, a run keeps its own delay this long before asking Redis again, so an
# outage costs one connection attempt now and then, not one per request.
SHARED_RETRY_SECONDS = 30.0
# A host's "last ended" outlives the longest delay anyone may ask of it (crawl delays are
# capped at 10 s): a run that read robots.txt's crawl delay waits longer than the one before.
KEEP_SECONDS = 60

# Times are the Redis clock's, in microseconds: the one clock every worker shares. A host's
# key is "busy:<token>" while a request is under way, "ended:<time>" after.
# ARGV: delay (us), how long the turn may last at most (ms), the turn's token.
# Returns 0 when the turn is taken, or the microseconds to wait before asking again: what is
# left of the delay, or half a delay while a request is under way (its end is not known; half
# a delay later there is still a whole one to wait after it, so no time is lost).
_TAKE_TURN = """
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000000 + tonumber(now[2])
local delay = tonumber(ARGV[1])
local state = redis.call('GET', KEYS[1])
if state then
  if string.sub(state, 1, 5) == 'busy:' then
    return math.max(1, math.floor(delay / 2))
  end
  local ended = tonumber(string.sub(state, 7))
  if ended and now < ended + delay then
    return ended + delay - now
  end
end
redis.call('SET', KEYS[1], 'busy:' .. ARGV[3], 'PX', ARGV[2])
return 0
"""
# ARGV: the turn's token, how long to keep the end time (ms). A turn already expired (and
# perhaps taken by another request since) is left alone.
_END_TURN = """
if redis.call('GET', KEYS[1]) == 'busy:' .. ARGV[1] then
  local now = redis.call('TIME')
  redis.call('SET', KEYS[1], 'ended:' .. string.format('%d', tonumber(now[1]) * 1000000 + tonumber(now[2])),
             'PX', ARGV[2])
end
return 0
"""


def _shared_schedule():
    """The Redis client of the cache, or None when the cache is not Redis (`make run`)."""
    if settings.CACHES["default"]["BACKEND"] != "django_redis.cache.RedisCache":
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


class PolitenessGate:
    """One run's turns at hosts: `wait_turn` before each request, `done` after it.

    The run's own delay counts from the end of its previous request to the host, as it always
    did; the shared turns extend that to every run on every worker.
    """

    def __init__(self, *, shared=True, sleep=time.sleep, clock=time.monotonic):
        self.shared = shared
        self._sleep = sleep
        self._clock = clock
        self._last_done = {}
        self._turns = {}  # host -> the token of the shared turn this run holds
        self._shared_retry_at = None

    def wait_turn(self, host, delay, *, deadline):
        """Sleep until a request to host may go, and take the turn; False if not before the deadline.

        Nothing is taken and nothing slept when the wait would reach the deadline.
        """
        if delay <= 0:
            return True
        host = host.lower()
        while self._use_shared():
            wait = self._take_shared_turn(host, delay, deadline)
            if wait is None:
                break  # Redis failed: this run's own delay, below
            if wait == 0:
                return True
            if wait >= deadline.remaining():
                return False
            self._sleep(wait)
        last = self._last_done.get(host)
        own_wait = delay - (self._clock() - last) if last is not None else 0.0
        if own_wait > 0:
            if own_wait >= deadline.remaining():
                return False
            self._sleep(own_wait)
        return True

    def done(self, host):
        """The request to host has ended (answered or not)."""
        host = host.lower()
        self._last_done[host] = self._clock()
        token = self._turns.pop(host, None)
        if token is None:
            return
        try:
            client = _shared_schedule()
            if client is not None:
                client.register_script(_END_TURN)(keys=[KEY_PREFIX + host], args=[token, KEEP_SECONDS * 1000])
        except RedisError as exc:
            self._redis_failed(exc)  # the turn ends when it expires

    def _use_shared(self):
        waiting_for_redis = self._shared_retry_at is not None and self._clock() < self._shared_retry_at
        return self.shared and not waiting_for_redis

    def _take_shared_turn(self, host, delay, deadline):
        """0 when the turn is taken, the seconds to wait before asking again, or None without Redis."""
        token = secrets.token_hex(8)
        try:
            client = _shared_schedule()
            if client is None:
                self.shared = False
                return None
            micros = client.register_script(_TAKE_TURN)(
                keys=[KEY_PREFIX + host],
                # The turn lasts no longer than the fetch may: its deadline ends it.
                args=[_micros(delay), max(1, math.ceil(deadline.remaining() * 1000)), token],
            )
        except RedisError as exc:
            self._redis_failed(exc)
            return None
        if micros == 0:
            self._turns[host] = token
        return micros / 1_000_000

    def _redis_failed(self, exc):
        logger.warning(
            "Redis cannot be reached (%s): this scrape keeps its own politeness delay for now", exc.__class__.__name__
        )
        self._shared_retry_at = self._clock() + SHARED_RETRY_SECONDS


def _micros(seconds):
    return math.ceil(min(seconds, 1e6) * 1_000_000)
