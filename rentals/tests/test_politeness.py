"""Politeness across runs: every run's requests to a host keep the delay between them, through
Redis, whichever worker they come from; hosts never wait on each other; without Redis each
run keeps its own delay. Real waits, real loopback servers, the real Redis."""
import threading
import time

import pytest

from rentals.scraping.deadline import Deadline
from rentals.scraping.errors import FetchError
from rentals.scraping.fetcher import Fetcher
from rentals.scraping.politeness import PolitenessGate
from rentals.tests.timedsite import TimedHost
from testsupport.outages import redis_down

DELAY = 0.4
# Between the moment a request may go and the moment the server notes it: a thread waking
# up, a connection, a handler thread starting, on a machine other tests share.
TOLERANCE = 0.05


@pytest.fixture(autouse=True)
def polite(settings):
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    settings.SCRAPER_POLITENESS_DELAY_SECONDS = DELAY
    return settings


@pytest.fixture
def host():
    served = TimedHost()
    yield served
    served.close()


@pytest.fixture
def other_host():
    # Another port is another host to the scraper (robots.txt and politeness go by host:port).
    served = TimedHost()
    yield served
    served.close()


def run_at_once(*runs):
    """Each run (a list of URLs) in its own thread with its own Fetcher, as separate scrapes.

    Returns each run's pages; the first error of any run is raised.
    """
    pages, errors = {}, []
    start = threading.Barrier(len(runs))

    def scrape(number, urls):
        try:
            with Fetcher.from_settings() as fetcher:
                start.wait()
                pages[number] = [fetcher.get(url) for url in urls]
        except Exception as exc:  # raised below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=scrape, args=(n, urls)) for n, urls in enumerate(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    if errors:
        raise errors[0]
    return [pages[n] for n in range(len(runs))]


def site_pages(host, site):
    return [host.url(f"/s{site}/page1.html"), host.url(f"/s{site}/page2.html")]


def test_two_runs_on_one_host_keep_the_delay_between_all_their_requests(host):
    first, second = run_at_once(site_pages(host, 1), site_pages(host, 2))

    assert [page.status for page in first + second] == [200] * 4
    # Two robots.txt reads and four pages, one slot each, never two at once.
    assert len(host.arrivals) == 6
    assert min(host.gaps()) >= DELAY - TOLERANCE


def test_hosts_do_not_wait_for_each_other(host, other_host):
    # Runs on another host have claimed its next five slots, two seconds of them.
    for _ in range(5):
        assert PolitenessGate().claim(other_host.netloc, DELAY, max_wait=60) is not None

    started = time.monotonic()
    run_at_once(site_pages(host, 1))
    # robots.txt at once, then each page one delay after the previous request.
    assert time.monotonic() - started < 2 * DELAY + 0.5
    assert min(host.gaps()) >= DELAY - TOLERANCE
    assert other_host.arrivals == []


def test_a_crawl_delay_in_robots_txt_holds_across_runs(settings):
    settings.SCRAPER_POLITENESS_DELAY_SECONDS = 0.1
    slow = TimedHost(crawl_delay=1)  # Python's robots.txt parser reads whole seconds only
    try:
        run_at_once([slow.site_url(1)], [slow.site_url(2)])
    finally:
        slow.close()

    arrivals = sorted(slow.arrivals)
    assert len(arrivals) == 4
    gaps_before_pages = [
        later - earlier for (earlier, _), (later, path) in zip(arrivals, arrivals[1:], strict=False)
        if path != "/robots.txt"
    ]
    # robots.txt is read at the configured delay (the crawl delay is not known before it);
    # every page waits the crawl delay after whichever run's request came before.
    assert min(slow.gaps()) >= 0.1 - TOLERANCE
    assert min(gaps_before_pages) >= 1 - TOLERANCE


def test_a_wait_past_the_deadline_fails_at_once_and_claims_no_slot(host):
    # Slots 0, 0.4 ... 3.6 s from now are taken; the next free one is 4 s away.
    for _ in range(10):
        PolitenessGate().claim(host.netloc, DELAY, max_wait=60)

    started = time.monotonic()
    with (
        Fetcher.from_settings(deadline=Deadline(1, "The scrape took longer than 1 s.")) as fetcher,
        pytest.raises(FetchError, match="took longer than 1 s"),
    ):
        fetcher.get(host.url("/s1/page1.html"))

    assert time.monotonic() - started < 0.5
    assert host.arrivals == []
    # The refused run took nothing: the next run's slot is still the one 4 s away.
    assert 10 * DELAY - 0.2 < PolitenessGate().claim(host.netloc, DELAY, max_wait=60) <= 10 * DELAY


@pytest.fixture(params=["redis down", "no redis configured"])
def without_redis(request, settings):
    if request.param == "redis down":
        with redis_down():
            yield
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        yield


def test_without_redis_each_run_keeps_its_own_delay(host, without_redis):
    first, second = run_at_once(site_pages(host, 1), site_pages(host, 2))

    assert [page.status for page in first + second] == [200] * 4
    for site in (1, 2):
        # Each run: robots.txt, then its two pages, each a delay after its previous request.
        # (The two runs' robots.txt reads are not told apart: the run's pages are.)
        own = {f"/s{site}/page1.html", f"/s{site}/page2.html"}
        assert min(host.gaps(own)) >= DELAY - TOLERANCE
