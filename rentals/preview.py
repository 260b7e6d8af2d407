"""What a source would give, saving nothing: "test this source" and `scrape --explain`."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError

from .models import RentalSource
from .scraping import engine
from .scraping.config import clean_scraping_config, crawl_settings
from .scraping.deadline import Deadline
from .scraping.detail import DETAIL_EXTRACTOR, with_detail_pages
from .scraping.errors import UnsafeAddressError
from .scraping.fetcher import Fetcher
from .scraping.netguard import normalize_website_url
from .scraping.parse import PageSource, findings_by_extractor, page_preset, parse_source

PREVIEW_MAX_LISTINGS = 50


def source_preview(*, website_url, scraping_config):
    """What a source would give from its first page, saving nothing ("test this source").

    Ends within SCRAPER_PREVIEW_DEADLINE_SECONDS whatever the site does. Returns
    {"ok": False, "error", "config_errors": {path: [msg]}} when the address or the config is
    refused, else {"ok": True, "url", "listings": [up to 50 Listing.as_dict() with
    "found_by": [extractors]], "listings_found", "pages_fetched", "extracted_by", "warnings",
    "next_page"}; a site that failed or ran out of time is a warning, with what was found.
    """
    seconds = settings.SCRAPER_PREVIEW_DEADLINE_SECONDS
    deadline = Deadline(
        seconds,
        f"The preview stopped after {seconds:g} s: the site had not sent its first page by then. "
        "Try again later, or check that the address opens in a browser.",
    )
    # The rules of a saved source. Not resolved here, where nothing bounds how long a name
    # server takes: the fetch resolves within the deadline and refuses a private address all the same.
    source = RentalSource(website_url=website_url, scraping_config=scraping_config)
    try:
        source.check_address_and_config(resolve=False)
    except ValidationError as exc:
        return _refusal(exc.error_dict)
    url, config = source.website_url, source.scraping_config
    with Fetcher.from_settings(max_retries=0, deadline=deadline) as fetcher:
        result = engine.crawl(website_url=url, config=config, fetcher=fetcher, max_pages=1)
    if isinstance(result.failure, UnsafeAddressError) and not result.pages_fetched:
        # The address rule a saved source meets, applied where the name was resolved.
        return {"ok": False, "error": result.error, "config_errors": {}}
    listings = [
        {**listing.as_dict(), "found_by": result.found_by.get(listing.external_id, [])}
        for listing in result.listings[:PREVIEW_MAX_LISTINGS]
    ]
    return {
        "ok": True,
        "url": url,
        "listings": listings,
        "listings_found": len(result.listings),
        "pages_fetched": result.pages_fetched,
        "extracted_by": result.extracted_by,
        "warnings": ([result.error] if result.error else []) + result.warnings,
        "next_page": result.next_page,
    }


def _refusal(errors):
    """The preview's answer for a refused address or config, from the model's verdict."""
    if "website_url" in errors:
        return {"ok": False, "error": errors["website_url"][0].messages[0], "config_errors": {}}
    detail = errors["scraping_config"][0].params["detail"]
    problems = detail if isinstance(detail, dict) else {"scraping_config": detail}
    return {"ok": False, "error": "The scraping configuration has problems.", "config_errors": problems}


@dataclass
class PageExplained:
    url: str
    text: str
    platform: str | None
    followed: list  # addresses the platform's listings were read from
    warnings: list  # addresses they were expected at and could not be read, listings' own pages too
    findings: list  # [(extractor name, [normalised findings])]
    parsed: object  # the merged ParsedPage
    # Following the listings' own pages, as the crawl does for listings shown without rent or
    # rooms: the own pages read, and the page's listings after ([(Listing, extractors)]).
    detail_pages: list = field(default_factory=list)
    with_detail_pages: list = field(default_factory=list)

    @property
    def completed_by_detail_pages(self):
        """The listings their own pages completed, with the extractors behind their values."""
        return [
            (listing, extractors) for listing, extractors in self.with_detail_pages if DETAIL_EXTRACTOR in extractors
        ]


def page_explain(*, website_url, scraping_config=None):
    """One page fetched and read by every extractor separately, then merged, then its listings
    shown without rent or rooms completed by their own pages as the crawl does, at most
    engine.PREVIEW_DETAIL_PAGES of them (`scrape --explain`).

    Raises InvalidUrlError or ScrapeError; saves nothing. A listing's own page that fails is
    a warning here, so what was read stays visible.
    """
    allow_private = settings.SCRAPER_ALLOW_PRIVATE_NETWORKS
    url = normalize_website_url(website_url, allow_private=allow_private)
    config = clean_scraping_config(scraping_config or {}, allow_private=allow_private)
    crawl = crawl_settings(url, config)
    today = datetime.date.today()
    deadline = Deadline(settings.SCRAPER_PREVIEW_DEADLINE_SECONDS, "The page did not arrive in time.")
    fetched = []

    def fetch(address, **options):
        answer = fetcher.get(address, **options)
        fetched.append(answer.url)
        return answer

    with Fetcher.from_settings(max_retries=0, deadline=deadline) as fetcher:
        page = fetcher.get(crawl.start_urls[0])
        source = PageSource(page.text, page.url)
        preset = page_preset(source, crawl)
        # Where the platform says the page's listings load from, read as a crawl reads them.
        warnings = []
        followed, failure = engine.follow_listing_sources(
            source, preset, fetcher.get, seen={page.url}, warnings=warnings, limit=engine.PREVIEW_DETAIL_PAGES
        )
        if failure is not None:
            raise failure
        parsed = parse_source(source, settings=crawl, today=today, followed=followed)
        listings, failure = with_detail_pages(
            parsed,
            page.url,
            fetch,
            limit=engine.PREVIEW_DETAIL_PAGES,
            settings=crawl,
            today=today,
            seen={page.url, *(item.url for item in followed)},
            warnings=warnings,
        )
    if failure is not None:
        warnings.append(str(failure))
    return PageExplained(
        url=page.url,
        text=page.text,
        platform=preset.name if preset else None,
        followed=[item.url for item in followed],
        warnings=warnings,
        findings=list(findings_by_extractor(source, crawl, today, followed)),
        parsed=parsed,
        detail_pages=fetched,
        with_detail_pages=listings,
    )
