"""Wall-clock deadlines against a site that sends one byte at a time: each byte arrives well
within the read timeout, so only a deadline on the whole fetch, run or preview stops it."""

import socket
import time

import pytest
from werkzeug import Response

from rentals.models import Rental, ScrapeRun
from rentals.scraping.errors import FetchError
from rentals.scraping.fetcher import Fetcher
from rentals.tests.factories import RentalFactory, RentalSourceFactory
from testsupport.clients import signed_in
from testsupport.fakes.listing_site import CSS_CONFIG, HTML_HEAD, TLS_HANDSHAKE_RECORD, DrippingSite, page_text

DEADLINE = 1.5
MARGIN = 1.0  # a request through Django on a loaded machine; the dripping site goes on for 8 s


@pytest.fixture
def dripping(settings):
    """Start DrippingSite(**options); private networks allowed so the scraper may reach it."""
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    sites = []

    def start(**options):
        sites.append(DrippingSite(**options))
        return sites[-1]

    yield start
    for site in sites:
        site.close()


class Stopwatch:
    def __enter__(self):
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc_info):
        self.seconds = time.monotonic() - self.started


DRIPS = {
    "body": {},
    "headers": {"drip_head": True},
    "tls handshake": {"head": TLS_HANDSHAKE_RECORD},
}


@pytest.mark.parametrize("drip", DRIPS)
def test_a_fetch_ends_at_its_deadline_whatever_the_server_sends(dripping, settings, drip):
    settings.SCRAPER_DOWNLOAD_DEADLINE_SECONDS = DEADLINE
    settings.SCRAPER_CONNECT_TIMEOUT_SECONDS = 5  # Python bounds a TLS handshake by it, so it must not bind first
    site = dripping(**DRIPS[drip])
    url = site.url("/listings", scheme="https" if drip == "tls handshake" else "http")

    with Stopwatch() as watch, Fetcher.from_settings() as fetcher, pytest.raises(FetchError) as error:
        fetcher.get(url)

    assert str(error.value) == f"{url} took longer than 1.5 s to download."
    assert DEADLINE - 0.1 < watch.seconds < DEADLINE + MARGIN


def test_one_deadline_covers_every_redirect_of_a_fetch(site, settings):
    settings.SCRAPER_DOWNLOAD_DEADLINE_SECONDS = DEADLINE

    def slow_hop(number):
        def answer(request):
            time.sleep(0.4)  # each hop well within the read timeout
            return Response("", status=302, headers={"Location": f"/hop{number + 1}"})

        return answer

    for number in range(1, 6):
        site.routes[f"/hop{number}"] = slow_hop(number)
    site.serve("/hop6", "<p>arrived</p>")

    with Stopwatch() as watch, Fetcher.from_settings() as fetcher, pytest.raises(FetchError, match="took longer"):
        fetcher.get(site.url("/hop1"))
    assert watch.seconds < DEADLINE + MARGIN


@pytest.mark.django_db
def test_a_run_past_its_deadline_fails_and_changes_no_rental(
    dripping, settings, user, django_capture_on_commit_callbacks
):
    settings.SCRAPER_RUN_DEADLINE_SECONDS = DEADLINE
    settings.SCRAPER_DOWNLOAD_DEADLINE_SECONDS = 30  # the run's deadline is the one that binds
    # Page 1 comes at once, page 2 one byte at a time.
    site = dripping(pages={"/css/page1.html": page_text("css_page1.html")})
    source = RentalSourceFactory(user=user, website_url=site.url("/css/page1.html"), scraping_config=CSS_CONFIG)
    kept = RentalFactory(user=user, source=source, external_id="listed-before")

    with Stopwatch() as watch, django_capture_on_commit_callbacks(execute=True):
        response = signed_in(user).post(f"/api/rentals/sources/{source.pk}/scrape")

    assert response.status_code == 202
    assert watch.seconds < DEADLINE + MARGIN
    run = ScrapeRun.objects.get(source=source)
    assert (run.status, run.pages_fetched) == ("failed", 1)
    assert "took longer than 1.5 s" in run.error and "nothing was changed" in run.error
    assert list(Rental.objects.values_list("external_id", "status")) == [(kept.external_id, "available")]


@pytest.mark.django_db
def test_a_preview_answers_within_its_deadline(dripping, settings, user):
    settings.SCRAPER_PREVIEW_DEADLINE_SECONDS = DEADLINE
    settings.SCRAPER_DOWNLOAD_DEADLINE_SECONDS = 30  # the preview's deadline is the one that binds
    site = dripping()

    with Stopwatch() as watch:
        response = signed_in(user).post(
            "/sources/preview/",
            {"website_url": site.url("/listings"), "strategy": "auto", "scrape_interval_minutes": 1440},
        )

    assert response.status_code == 200
    assert watch.seconds < DEADLINE + MARGIN
    assert "The preview stopped after 1.5 s" in response.content.decode()


@pytest.mark.django_db
def test_a_name_server_that_never_answers_does_not_hold_the_preview(settings, user, monkeypatch):
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        """The outside world's DNS, replaced: this one name's server is silent until the resolver gives up."""
        if host == "slow-dns.example.test":
            time.sleep(4)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    settings.SCRAPER_PREVIEW_DEADLINE_SECONDS = DEADLINE

    with Stopwatch() as watch:
        response = signed_in(user).post(
            "/sources/preview/",
            {"website_url": "https://slow-dns.example.test/", "strategy": "auto", "scrape_interval_minutes": 1440},
        )

    assert watch.seconds < DEADLINE + MARGIN
    assert "The preview stopped after 1.5 s" in response.content.decode()


def test_the_drip_site_really_drips(dripping):
    """The fake itself: headers at once, then a byte every interval."""
    site = dripping(interval=0.1, longest=0.35)
    with socket.create_connection(("127.0.0.1", site.port)) as conn:
        conn.sendall(b"GET /listings HTTP/1.1\r\nHost: x\r\n\r\n")
        received = b""
        while chunk := conn.recv(100):
            received += chunk
    assert received.startswith(HTML_HEAD) and 2 <= len(received) - len(HTML_HEAD) <= 4


def test_a_connection_kept_alive_from_an_earlier_fetch_answers_to_the_new_deadline(dripping, settings):
    settings.SCRAPER_DOWNLOAD_DEADLINE_SECONDS = DEADLINE
    site = dripping(pages={"/robots.txt": "", "/fast.html": "<p>fast</p>"})

    with Fetcher.from_settings() as fetcher:
        assert fetcher.get(site.url("/fast.html")).text == "<p>fast</p>"
        with Stopwatch() as watch, pytest.raises(FetchError, match="took longer than 1.5 s"):
            fetcher.get(site.url("/listings"))

    assert site.connections == 1  # robots.txt, the fast page and the dripping one: one connection
    assert watch.seconds < DEADLINE + MARGIN
