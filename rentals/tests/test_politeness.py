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
from testsupport.fakes.timed_listing_sites import TimedHost
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
    # Two runs queue for one host while a third run scrapes another.
    run_at_once(site_pages(other_host, 1), site_pages(other_host, 2), site_pages(host, 1))

    assert min(other_host.gaps()) >= DELAY - TOLERANCE
    assert min(host.gaps()) >= DELAY - TOLERANCE
    # The lone run went at once and took its own pace: robots.txt, then a page a delay after
    # each of its requests, however many turns the busy host still owed.
    (first_here, _), (last_here, _) = min(host.arrivals), max(host.arrivals)
    assert abs(first_here - min(other_host.arrivals)[0]) < 0.1
    assert last_here - first_here < 2 * DELAY + 0.2
    assert max(other_host.arrivals)[0] - first_here > 4 * DELAY


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
        later - earlier
        for (earlier, _), (later, path) in zip(arrivals, arrivals[1:], strict=False)
        if path != "/robots.txt"
    ]
    # robots.txt is read at the configured delay (the crawl delay is not known before it);
    # every page waits the crawl delay after whichever run's request came before.
    assert min(slow.gaps()) >= 0.1 - TOLERANCE
    assert min(gaps_before_pages) >= 1 - TOLERANCE


def test_a_turn_past_the_deadline_fails_at_once_and_takes_nothing(host, settings):
    settings.SCRAPER_POLITENESS_DELAY_SECONDS = 2
    page = host.url("/s1/page1.html")
    with Fetcher.from_settings(obey_robots=False) as earlier_run:
        earlier_run.get(page)

    started = time.monotonic()
    with (
        Fetcher.from_settings(obey_robots=False, deadline=Deadline(1, "The scrape took longer than 1 s.")) as fetcher,
        pytest.raises(FetchError, match="took longer than 1 s"),
    ):
        fetcher.get(page)
    assert time.monotonic() - started < 0.5
    assert len(host.arrivals) == 1

    # The host's next turn is still two seconds after the earlier run's request.
    with Fetcher.from_settings(obey_robots=False) as next_run:
        next_run.get(page)
    assert 2 - TOLERANCE <= host.gaps()[0] < 2 + 0.3


def test_the_next_request_starts_a_delay_after_the_previous_one_ended():
    slow = TimedHost(answer_after=0.5)
    try:
        run_at_once([slow.url("/s1/page1.html")], [slow.url("/s2/page1.html")])
    finally:
        slow.close()

    # One request at a time: robots.txt, robots.txt, page, page, each started a delay after
    # the half-second answer before it.
    assert len(slow.arrivals) == 4
    assert min(slow.gaps()) >= 0.5 + DELAY - TOLERANCE


def test_a_turn_whose_worker_died_ends_with_its_deadline(host):
    lost_run = PolitenessGate()
    assert lost_run.wait_turn(host.netloc, DELAY, deadline=Deadline(0.5, "Too long."))  # and never `done`

    started = time.monotonic()
    with Fetcher.from_settings(obey_robots=False) as fetcher:
        fetcher.get(host.url("/s1/page1.html"))
    assert 0.5 - TOLERANCE <= time.monotonic() - started < 0.5 + DELAY


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
