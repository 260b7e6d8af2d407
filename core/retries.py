"""LeaseLine's one retry policy for outbound HTTP: urllib3's `Retry`, mounted on an adapter.

urllib3 re-sends and keeps the history; the policy adds what LeaseLine's clients need:

* which answers are retried may depend on the method (`statuses_by_method`: a POST that
  reached the server may have done its work), and which failures without an answer may be
  (`retry_error(method, error)`);
* `attempts` (a number, or a callable read at each failure, so settings changed at runtime
  apply and a client can allow retries to its own calls only) is the one limit;
* the wait before a retry: what Retry-After asks (read by `core.http.retry_after_seconds`,
  capped at `retry_after_cap`), else `backoff(attempt, response, error)`;
* a time budget shared by several calls (`time_left`, a callable: seconds left, or None):
  no retry whose wait would reach within `min_time_left` of its end.

A refused retry ends the call as if there had been no retries: the last answer is returned,
a read error is raised as itself and anything else as MaxRetryError, so requests raises what it
always has (ReadTimeout, ConnectTimeout, ConnectionError, SSLError).
"""

import time

from urllib3.exceptions import MaxRetryError, ProtocolError, ReadTimeoutError, ResponseError
from urllib3.util.retry import Retry

from core.http import retry_after_seconds

_OPTIONS = (
    "attempts",
    "statuses",
    "statuses_by_method",
    "retry_error",
    "retry_answer",
    "backoff",
    "retry_after_cap",
    "time_left",
    "min_time_left",
)


def _value(option):
    return option() if callable(option) else option


class RetryPolicy(Retry):
    def __init__(
        self,
        *,
        attempts=1,
        statuses=(),
        statuses_by_method=None,
        retry_error=None,
        retry_answer=None,
        backoff=None,
        retry_after_cap=None,
        time_left=None,
        min_time_left=0.0,
        **kwargs,
    ):
        # urllib3's own counters stay unlimited and every method is allowed: the options decide.
        kwargs.setdefault("total", None)
        kwargs.setdefault("allowed_methods", None)
        kwargs.setdefault("raise_on_status", False)
        super().__init__(**kwargs)
        self.attempts = attempts
        self.statuses = frozenset(statuses)
        self.statuses_by_method = statuses_by_method or {}
        self.retry_error = retry_error
        # Decides on an answer whose status is retried, when the status alone does not say.
        self.retry_answer = retry_answer
        self.backoff = backoff
        self.retry_after_cap = retry_after_cap
        self.time_left = time_left
        self.min_time_left = min_time_left
        self.wait = 0.0

    def new(self, **kw):
        for name in _OPTIONS:
            kw.setdefault(name, getattr(self, name))
        return super().new(**kw)

    def is_retry(self, method, status_code, has_retry_after=False):
        return status_code in self.statuses_by_method.get(method, self.statuses)

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        attempt = len(self.history) + 1
        if (
            attempt >= _value(self.attempts)
            or (error is not None and self.retry_error is not None and not self.retry_error(method, error))
            or (response is not None and self.retry_answer is not None and not self.retry_answer(response))
        ):
            self._give_up(url, error, _pool, _stacktrace)
        try:
            retry = super().increment(method, url, response, error, _pool, _stacktrace)
        except MaxRetryError:
            self._give_up(url, error, _pool, _stacktrace)
        retry.wait = self._wait_after(attempt, response, error)
        left = _value(self.time_left) if self.time_left is not None else None
        if left is not None and retry.wait >= left - self.min_time_left:
            self._give_up(url, error, _pool, _stacktrace)
        return retry

    def sleep(self, response=None):
        if self.wait > 0:
            time.sleep(self.wait)

    def _wait_after(self, attempt, response, error):
        asked = retry_after_seconds(response.headers.get("Retry-After")) if response is not None else None
        if asked is not None:
            cap = _value(self.retry_after_cap)
            return asked if cap is None else min(asked, cap)
        return self.backoff(attempt, response, error) if self.backoff is not None else 0.0

    @staticmethod
    def _give_up(url, error, pool, stacktrace):
        if isinstance(error, (ReadTimeoutError, ProtocolError)):
            # What requests' own Retry(0, read=False) does with a read error.
            raise error.with_traceback(stacktrace)
        raise MaxRetryError(pool, url, error or ResponseError("the answer is not retried"))
