"""The fetcher against the fake site: robots.txt, errors, retries, timeouts, size cap, redirects."""

import time

import pytest

from rentals.scraping.errors import FetchError, RobotsDisallowedError, UnsafeAddressError
from rentals.scraping.fetcher import Fetcher


class Sleeps(list):
    """Records the waits the fetcher asks for instead of waiting."""

    def __call__(self, seconds):
        self.append(seconds)


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def fetcher(site, sleeps):
    with Fetcher.from_settings(sleep=sleeps) as fetcher:
        yield fetcher


def test_fetches_a_page_with_its_user_agent(site, fetcher, settings):
    page = fetcher.get(site.url("/jsonld/graph.html"))

    assert page.status == 200 and "Maple Court" in page.text
    assert page.url == site.url("/jsonld/graph.html")
    request = site.server.log[-1][0]
    assert request.headers["User-Agent"] == settings.SCRAPER_USER_AGENT
    assert site.requested_paths() == ["/robots.txt", "/jsonld/graph.html"]


def test_robots_txt_is_read_once_and_obeyed(site, fetcher):
    fetcher.get(site.url("/css/page1.html"))
    with pytest.raises(RobotsDisallowedError, match="robots.txt disallows"):
        fetcher.get(site.url("/private/listings.html"))

    assert site.requested_paths() == ["/robots.txt", "/css/page1.html"]


def test_robots_txt_rules_for_another_crawler_do_not_apply_but_ours_do(site, sleeps):
    with Fetcher.from_settings(user_agent="BadBot/2.0", sleep=sleeps) as bad_bot, pytest.raises(RobotsDisallowedError):
        bad_bot.get(site.url("/css/page1.html"))


def test_missing_robots_txt_allows_everything(site, fetcher):
    site.remove("/robots.txt")
    assert fetcher.get(site.url("/private/listings.html")).status == 200


def test_robots_txt_that_errors_disallows_everything(site, fetcher):
    site.serve("/robots.txt", "down", status=503)
    with pytest.raises(RobotsDisallowedError, match="robots.txt cannot be read"):
        fetcher.get(site.url("/css/page1.html"))


def test_a_500_is_retried_then_reported(site, fetcher, settings, sleeps):
    with pytest.raises(FetchError, match="answered HTTP 500") as error:
        fetcher.get(site.url("/broken"))

    assert error.value.transient
    assert site.requested_paths().count("/broken") == 1 + settings.SCRAPER_MAX_RETRIES


def test_429_waits_as_retry_after_says_then_succeeds(site, fetcher, sleeps):
    answers = iter([(429, {"Retry-After": "3"}), (503, {}), (200, {})])

    def flaky(request):
        from werkzeug import Response

        status, headers = next(answers)
        return Response("<p>ok</p>" if status == 200 else "busy", status=status, headers=headers, mimetype="text/html")

    site.routes["/flaky"] = flaky
    with Fetcher.from_settings(sleep=sleeps, max_retries=2, retry_backoff=0.5) as patient:
        assert patient.get(site.url("/flaky")).text == "<p>ok</p>"
    # Retry-After first, then exponential backoff from the setting.
    assert sleeps == [3.0, 1.0]


def test_a_retry_after_beyond_the_bound_is_not_waited_for(site, sleeps):
    site.serve("/busy", "busy", status=503, headers={"Retry-After": "3600"})
    with Fetcher.from_settings(sleep=sleeps, max_retries=3) as fetcher, pytest.raises(FetchError, match="HTTP 503"):
        fetcher.get(site.url("/busy"))
    assert sleeps == [] and site.requested_paths().count("/busy") == 1


def test_a_page_that_hangs_times_out_quickly(site, sleeps):
    started = time.monotonic()
    with (
        Fetcher.from_settings(sleep=sleeps, read_timeout=0.3, max_retries=1) as fetcher,
        pytest.raises(FetchError, match="did not answer in time"),
    ):
        fetcher.get(site.url("/hang"))
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("path", ["/huge", "/huge-streamed"])
def test_an_oversized_page_is_refused(site, sleeps, path):
    with (
        Fetcher.from_settings(sleep=sleeps, max_bytes=50_000) as fetcher,
        pytest.raises(FetchError, match="larger than 50000 bytes"),
    ):
        fetcher.get(site.url(path))


def test_redirects_are_followed_and_the_final_url_kept(site, fetcher):
    page = fetcher.get(site.url("/moved"))
    assert page.url == site.url("/css/page1.html")
    assert "Hometown Rentals" in page.text


def test_a_redirect_loop_stops_after_five_hops(site, fetcher):
    with pytest.raises(FetchError, match="More than 5 redirects"):
        fetcher.get(site.url("/redirect-loop"))
    assert site.requested_paths().count("/redirect-loop") == 6


def test_a_redirect_to_the_metadata_service_is_refused(site, fetcher):
    with pytest.raises(UnsafeAddressError, match="169.254.169.254 is a link-local address"):
        fetcher.get(site.url("/redirect-to-metadata"))


def test_a_redirect_to_another_scheme_is_refused(site, fetcher):
    site.redirect("/to-file", "file:///etc/passwd")
    with pytest.raises(FetchError, match="not an http"):
        fetcher.get(site.url("/to-file"))


def test_a_non_html_answer_is_refused(site, fetcher):
    site.serve("/photo.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    with pytest.raises(FetchError, match="not a web page"):
        fetcher.get(site.url("/photo.jpg"))


def test_pages_are_decoded_with_their_charset(site, fetcher):
    site.serve("/latin.html", "<p>Caf\u00e9</p>".encode("latin-1"), content_type="text/html; charset=iso-8859-1")
    site.serve("/meta.html", '<meta charset="iso-8859-1"><p>Se\u00f1or</p>'.encode("latin-1"), content_type="text/html")
    assert "Café" in fetcher.get(site.url("/latin.html")).text
    assert "Señor" in fetcher.get(site.url("/meta.html")).text


def test_politeness_delay_between_requests_to_one_host(site, sleeps):
    # Waits recorded, not slept: the run's own delay alone (test_politeness sleeps for real).
    with Fetcher.from_settings(sleep=sleeps, politeness_delay=0.5, shared_politeness=False) as polite:
        polite.get(site.url("/css/page1.html"))
        polite.get(site.url("/css/page2.html"))
    # Before the page after robots.txt, and before the second page.
    assert len(sleeps) == 2 and all(0 < wait <= 0.5 for wait in sleeps)


def test_crawl_delay_in_robots_txt_is_honoured(site, sleeps):
    site.serve("/robots.txt", "User-agent: *\nCrawl-delay: 2\n", content_type="text/plain")
    with Fetcher.from_settings(sleep=sleeps, politeness_delay=0, shared_politeness=False) as polite:
        polite.get(site.url("/css/page1.html"))
    assert len(sleeps) == 1 and 1 < sleeps[0] <= 2


def test_a_host_that_does_not_answer_is_a_transient_error(sleeps, settings):
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    with (
        Fetcher.from_settings(sleep=sleeps, max_retries=0) as fetcher,
        pytest.raises(FetchError, match="Could not connect") as error,
    ):
        fetcher.get("http://127.0.0.1:9/listings")
    assert error.value.transient


def test_an_oversized_robots_txt_is_read_up_to_the_cap(site, fetcher):
    rules = "User-agent: *\nDisallow: /private/\n" + "# padding\n" * 100_000
    site.serve("/robots.txt", rules, content_type="text/plain")
    assert fetcher.get(site.url("/css/page1.html")).status == 200
    with pytest.raises(RobotsDisallowedError):
        fetcher.get(site.url("/private/listings.html"))


def test_a_page_that_stops_in_the_middle_times_out(site, sleeps):
    def trickle(request):
        from werkzeug import Response

        def body():
            yield b"<p>first part</p>"
            site.released.wait(5)
            yield b"<p>never sent in time</p>"

        return Response(body(), mimetype="text/html")

    site.routes["/trickle"] = trickle
    with (
        Fetcher.from_settings(sleep=sleeps, read_timeout=0.3, max_retries=0) as fetcher,
        pytest.raises(FetchError, match="stopped sending in the middle"),
    ):
        fetcher.get(site.url("/trickle"))


def test_a_host_that_does_not_resolve(sleeps, settings):
    with (
        Fetcher.from_settings(sleep=sleeps, max_retries=0) as fetcher,
        pytest.raises(FetchError, match="could not be found"),
    ):
        fetcher.get("https://no-such-host.invalid/listings")
