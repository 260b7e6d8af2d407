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
    from rentals.scraping.parse import parse_css, parse_jsonld, parse_page
    from rentals.tests import corpus_support
    from testsupport.fakes.listing_site import CSS_CONFIG, page_text

    jsonld_pages = [page_text("jsonld_graph.html"), page_text("jsonld_types.html")]
    css_page = page_text("css_page1.html")
    corpus = [corpus_support.load_page(name) for name in corpus_support.page_names()]
    return [
        Rate(
            "listings parsed per second, every extractor (corpus pages, no config)",
            _rate(lambda: [item for page in corpus for item in parse_page(page.text, url=page.url).listings]),
            f"one core, normalised and merged, {len(corpus)} pages",
        ),
        Rate(
            "listings parsed per second, JSON-LD (saved pages)",
            _rate(lambda: [item for text in jsonld_pages for item in parse_jsonld(text, url="https://homes.example/")]),
            "one core, normalised",
        ),
        Rate(
            "listings parsed per second, CSS selectors (saved page)",
            _rate(lambda: parse_css(css_page, url="https://homes.example/", listing=CSS_CONFIG["listing"])),
            "one core, normalised",
        ),
    ]


def crawl_rate(pages=200):
    from pytest_httpserver import HTTPServer

    from rentals.scraping.engine import crawl
    from rentals.scraping.fetcher import Fetcher
    from testsupport.fakes.listing_site import CSS_CONFIG, FakeListingSite

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
            f"pages crawled per second ({pages}-page site on loopback)",
            result.pages_fetched / elapsed,
            f"politeness delay 0, {len(result.listings)} listings, robots.txt checked",
        )
    finally:
        server.stop()


def corpus_lines():
    """Recall, precision and field accuracy per platform over the labelled corpus, no config."""
    from rentals.tests import corpus_support

    by_platform = {}
    for name in corpus_support.page_names():
        page = corpus_support.load_page(name)
        by_platform.setdefault(page.platform or "no platform (cards)", []).append(corpus_support.score(name))
    lines = [
        "Scraping corpus (`rentals/tests/corpus/`, labelled by hand), default (empty) config, every extractor:",
        "",
        "| platform | pages | rentals | recall | precision | field accuracy |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    everything = []
    for platform, scores in sorted(by_platform.items()):
        everything += scores
        lines.append(_corpus_row(platform, scores))
    lines.append(_corpus_row("**all**", everything))
    return lines + [""]


def _corpus_row(name, scores):
    labelled = sum(score.labelled for score in scores)
    found = sum(score.found for score in scores)
    matched = sum(score.matched for score in scores)
    fields = sum(score.fields_labelled for score in scores)
    right = sum(score.fields_right for score in scores)
    ratio = lambda part, whole: f"{part / whole:.2f}" if whole else "—"  # noqa: E731
    return (
        f"| {name} | {len(scores)} | {labelled} | {ratio(matched, labelled)} | {ratio(matched, found)} "
        f"| {ratio(right, fields)} |"
    )
