"""Scraper measures: listings parsed per second from saved pages, pages crawled per second."""
import logging
import time

from .stats import Rate

PARSE_SECONDS = 2.0


def _rate(function):
    """Listings per second of `function()` (which returns listings), run for PARSE_SECONDS on one core."""
    listings = 0
    started = time.perf_counter()
    while time.perf_counter() - started < PARSE_SECONDS:
        listings += len(function())
    return listings / (time.perf_counter() - started)


def parse_rates():
    from rentals.scraping.parse import parse_css, parse_jsonld
    from rentals.tests.fakesite import CSS_CONFIG, page_text

    jsonld_pages = [page_text("jsonld_graph.html"), page_text("jsonld_types.html")]
    css_page = page_text("css_page1.html")
    return [
        Rate("listings parsed per second, JSON-LD (saved pages)", _rate(
            lambda: [item for text in jsonld_pages for item in parse_jsonld(text, url="https://homes.example/")]
        ), "one core, normalised"),
        Rate("listings parsed per second, CSS selectors (saved page)", _rate(
            lambda: parse_css(css_page, url="https://homes.example/", listing=CSS_CONFIG["listing"])
        ), "one core, normalised"),
    ]


def crawl_rate(pages=200):
    from pytest_httpserver import HTTPServer

    from rentals.scraping.engine import crawl
    from rentals.scraping.fetcher import Fetcher
    from rentals.tests.fakesite import CSS_CONFIG, FakeListingSite

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one access-log line per page otherwise
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        site = FakeListingSite(server)
        start_url = site.add_many_pages(pages)
        config = {**CSS_CONFIG, "start_urls": [start_url], "max_pages": pages}
        with Fetcher.from_settings(allow_private=True, politeness_delay=0) as fetcher:
            started = time.perf_counter()
            result = crawl(website_url=start_url, config=config, fetcher=fetcher)
            elapsed = time.perf_counter() - started
        return Rate(
            f"pages crawled per second ({pages}-page site on loopback)", result.pages_fetched / elapsed,
            f"politeness delay 0, {len(result.listings)} listings, robots.txt checked",
        )
    finally:
        server.stop()
