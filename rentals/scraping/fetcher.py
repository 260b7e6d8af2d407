"""The scraper's one way onto the web: requests with the SSRF guard on every connection.

Timeouts on connect and read, and a wall-clock deadline on each `get` (its redirects,
robots.txt and retries included) that holds whatever the server does; a size cap, redirects
followed by hand (at most 5, each hop checked again), robots.txt obeyed, a politeness delay
per host (shared by every worker through Redis: politeness.py), and retries with backoff on
429/5xx and network errors, honouring Retry-After up to a bound. Errors come out as
FetchError (or UnsafeAddressError) with a readable message.

The guarded connections are guarded_adapter.py's; the page and the errors, fetch_results.py's.
"""

import os
import time
import urllib.robotparser
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings

from core.http import retry_after_seconds

from .deadline import Deadline, Watchdog
from .errors import FetchError, InvalidUrlError, RobotsDisallowedError, UnsafeAddressError
from .fetch_results import Page, RawResponse, decode_body, fetch_error_for
from .guarded_adapter import GuardedAdapter, check_fetchable_url
from .politeness import PolitenessGate

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml", "text/plain")
# Accepted only where a caller asks for them: the JSON (or JSONP script) a platform's listings load from.
JSON_TYPES = ("application/json", "application/javascript", "text/javascript", "application/x-javascript")
MAX_ROBOTS_BYTES = 512 * 1024
MAX_CRAWL_DELAY_SECONDS = 10.0


def _past_deadline(deadline, url):
    # Out of time is never "not there": the next run may read it, so nothing is marked gone for it.
    return FetchError(deadline.message, url=url, transient=True)


class Fetcher:
    """Fetches pages for one scrape; keeps its robots.txt answers and per-host timing.

    `shared_politeness`: space requests to a host from every run in every worker (Redis), not
    only this one's. Off where `sleep` records waits instead of sleeping (tests).
    """

    def __init__(
        self,
        *,
        allow_private=False,
        user_agent="LeaseLineBot",
        connect_timeout=5.0,
        read_timeout=15.0,
        download_deadline=60.0,
        deadline=None,
        max_bytes=5 * 1024 * 1024,
        max_redirects=5,
        politeness_delay=1.0,
        max_retries=2,
        retry_backoff=1.0,
        max_retry_after=30.0,
        obey_robots=True,
        shared_politeness=True,
        sleep=time.sleep,
        clock=time.monotonic,
    ):
        self.allow_private = allow_private
        self.user_agent = user_agent
        self.timeout = (connect_timeout, read_timeout)
        self.download_deadline = download_deadline
        # The run's or the preview's Deadline: no fetch goes on past it.
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.politeness_delay = politeness_delay
        self.max_retries = max_retries
        self.retry_backoff = retry_backoff
        self.max_retry_after = max_retry_after
        self.obey_robots = obey_robots
        self._sleep = sleep
        self._clock = clock
        self._robots = {}
        self._politeness = PolitenessGate(shared=shared_politeness, sleep=sleep, clock=clock)
        self.session = requests.Session()
        # No proxies or .netrc from the environment: a proxy would be the address connected
        # to, out of the guard's sight. The CA bundle variables are honoured explicitly.
        self.session.trust_env = False
        self.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        adapter = GuardedAdapter(allow_private=allow_private)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update(
            {
                "User-Agent": user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                "Accept-Language": "en",
            }
        )

    @classmethod
    def from_settings(cls, **overrides):
        options = {
            "allow_private": settings.SCRAPER_ALLOW_PRIVATE_NETWORKS,
            "user_agent": settings.SCRAPER_USER_AGENT,
            "connect_timeout": settings.SCRAPER_CONNECT_TIMEOUT_SECONDS,
            "read_timeout": settings.SCRAPER_READ_TIMEOUT_SECONDS,
            "download_deadline": settings.SCRAPER_DOWNLOAD_DEADLINE_SECONDS,
            "max_bytes": settings.SCRAPER_MAX_RESPONSE_BYTES,
            "politeness_delay": settings.SCRAPER_POLITENESS_DELAY_SECONDS,
            "max_retries": settings.SCRAPER_MAX_RETRIES,
            "retry_backoff": settings.SCRAPER_RETRY_BACKOFF_SECONDS,
            "max_retry_after": settings.SCRAPER_MAX_RETRY_AFTER_SECONDS,
        }
        options.update(overrides)
        return cls(**options)

    def close(self):
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def get(self, url, *, accept_json=False):
        """The page at url (after redirects) as text; FetchError or UnsafeAddressError if not.

        `accept_json`: a JSON answer is text too (an API a platform's listings load from).
        """
        deadline = Deadline(self.download_deadline, f"{url} took longer than {self.download_deadline:g} s to download.")
        if self.deadline is not None and self.deadline.ends_at < deadline.ends_at:
            deadline = self.deadline
        with Watchdog(deadline):
            response = self._follow_redirects(
                url, deadline=deadline, check_robots=self.obey_robots, max_bytes=self.max_bytes
            )
        if response.status >= 400:
            raise FetchError(
                f"{response.url} answered HTTP {response.status}{_status_words(response.status)}.",
                url=response.url,
                transient=response.status in RETRY_STATUSES,
            )
        content_type = response.headers.get("content-type", "")
        accepted = HTML_TYPES + JSON_TYPES if accept_json else HTML_TYPES
        if content_type and not content_type.split(";")[0].strip().lower().startswith(accepted):
            raise FetchError(f"{response.url} is not a web page ({content_type}).", url=response.url)
        return Page(
            url=response.url,
            status=response.status,
            text=decode_body(response.body, content_type),
            content_type=content_type,
        )

    # Redirects, robots.txt and retries

    def _follow_redirects(self, url, *, deadline, check_robots, max_bytes, truncate=False):
        for _ in range(self.max_redirects + 1):
            try:
                check_fetchable_url(url)
            except InvalidUrlError as exc:
                raise FetchError(f"Refused to fetch: {exc}", url=url)
            if check_robots:
                self._check_robots(url, deadline)
            response = self._fetch_with_retries(url, deadline=deadline, max_bytes=max_bytes, truncate=truncate)
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response
            try:
                url = urljoin(url, location.strip())
            except ValueError:
                raise FetchError(f"{url} redirects to an address that is not valid.", url=url)
        raise FetchError(f"More than {self.max_redirects} redirects from {url}.", url=url)

    def _check_robots(self, url, deadline):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin, deadline)
        rules = self._robots[origin]
        if rules is False or (rules is not True and not rules.can_fetch(self.user_agent, url)):
            reason = "its robots.txt cannot be read" if rules is False else "robots.txt disallows it"
            # A robots.txt that answered 5xx may answer tomorrow: that refusal is for now.
            raise RobotsDisallowedError(f"Not fetching {url}: {reason}.", url=url, transient=rules is False)

    def _load_robots(self, origin, deadline):
        """True (allow all), False (disallow all) or a parser, as RFC 9309 says for each answer."""
        # RFC 9309: read at least 500 KiB of it, and the rules there are the rules.
        response = self._follow_redirects(
            f"{origin}/robots.txt", deadline=deadline, check_robots=False, max_bytes=MAX_ROBOTS_BYTES, truncate=True
        )
        if response.status >= 500:
            return False
        if response.status >= 400:
            return True
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(decode_body(response.body, response.headers.get("content-type", "")).splitlines())
        return parser

    def _crawl_delay(self, url):
        rules = self._robots.get(f"{urlsplit(url).scheme}://{urlsplit(url).netloc}")
        delay = self.politeness_delay
        if isinstance(rules, urllib.robotparser.RobotFileParser):
            asked = rules.crawl_delay(self.user_agent)
            if asked:
                delay = max(delay, min(float(asked), MAX_CRAWL_DELAY_SECONDS))
        return delay

    def _wait_politely(self, url, deadline):
        if not self._politeness.wait_turn(urlsplit(url).netloc, self._crawl_delay(url), deadline=deadline):
            # The host's turn comes after the deadline: waiting for it would only fail then.
            raise _past_deadline(deadline, url)

    def _pause(self, seconds, url, deadline):
        # Waiting past the deadline only to fail then would hold a worker for nothing.
        if seconds >= deadline.remaining():
            raise _past_deadline(deadline, url)
        self._sleep(seconds)

    def _fetch_with_retries(self, url, *, deadline, max_bytes, truncate=False):
        """One answer for url; network errors and 429/5xx are retried with backoff.

        A status still failing after the retries is returned (robots.txt reads a 5xx as
        "disallow all"); a network error still failing is raised.
        """
        attempt = 0
        while True:
            self._wait_politely(url, deadline)
            try:
                response = self._fetch_once(url, deadline=deadline, max_bytes=max_bytes, truncate=truncate)
            except FetchError as exc:
                if not exc.transient or attempt >= self.max_retries:
                    raise
                wait = self.retry_backoff * (2**attempt)
            else:
                if response.status not in RETRY_STATUSES or attempt >= self.max_retries:
                    return response
                asked = retry_after_seconds(response.headers.get("retry-after"))
                if asked is not None and asked > self.max_retry_after:
                    # Not worth holding a worker that long; the next scheduled run tries again.
                    return response
                wait = asked if asked is not None else self.retry_backoff * (2**attempt)
            self._pause(wait, url, deadline)
            attempt += 1

    def _fetch_once(self, url, *, deadline, max_bytes, truncate=False):
        try:
            if deadline.expired():
                raise _past_deadline(deadline, url)
            with self.session.get(
                url, stream=True, allow_redirects=False, timeout=self.timeout, verify=self.verify
            ) as raw:
                body = b""
                if 200 <= raw.status_code < 300:
                    body = self._read_capped(raw, url, max_bytes, truncate=truncate)
        except UnsafeAddressError:
            raise
        except requests.exceptions.RequestException as exc:
            # At the deadline the watchdog cuts the connection, which surfaces as any of these.
            raise _past_deadline(deadline, url) if deadline.expired() else fetch_error_for(url, exc)
        finally:
            self._politeness.done(urlsplit(url).netloc)
        if deadline.expired():
            # A page sent without a length ends where the watchdog cut it: it looks whole, it is not.
            raise _past_deadline(deadline, url)
        return RawResponse(url=url, status=raw.status_code, headers=raw.headers, body=body)

    def _read_capped(self, raw, url, max_bytes, *, truncate=False):
        """The body, at most max_bytes of it: beyond that an error, or (truncate) the start."""
        declared = raw.headers.get("content-length", "")
        if not truncate and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(f"{url} is larger than {max_bytes} bytes.", url=url)
        chunks, size = [], 0
        for chunk in raw.iter_content(chunk_size=65536):
            size += len(chunk)
            if size > max_bytes:
                if truncate:
                    chunks.append(chunk[: max_bytes - (size - len(chunk))])
                    break
                raise FetchError(f"{url} is larger than {max_bytes} bytes.", url=url)
            chunks.append(chunk)
        return b"".join(chunks)


# What a manager reads beside the code a site answered with.
STATUS_WORDS = {
    401: "the page needs a sign-in",
    403: "the site refused to show the page",
    404: "no page at this address",
    410: "the page was taken down",
    429: "the site asked LeaseLine to slow down",
}


def _status_words(status):
    words = STATUS_WORDS.get(status) or ("the site had a problem of its own" if status >= 500 else "")
    return f" ({words})" if words else ""
