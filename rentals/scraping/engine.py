"""One crawl of a source: listing pages through `next_page` up to `max_pages`, then (with
`follow_details`) each listing's own page. Saves nothing; the service decides what to keep.

A listing page that links to listings without saying their rent or rooms (a grid of photos and
"View details" links) has those listings' own pages read as part of reading it, through the
same fetcher, at most SCRAPER_DETAIL_PAGES_PER_PAGE of them (detail.py).

A listing page whose platform loads its listings from elsewhere (a framed widget, the JSON a
script asks for) names those addresses through its preset (`Preset.listing_sources`): they
are fetched as part of reading the page, through the same fetcher, and what the preset reads
there merges with the page's own listings.
"""
import copy
import datetime
from dataclasses import dataclass, field
from urllib.parse import urldefrag

from django.conf import settings as django_settings

from .config import crawl_settings
from .detail import DETAIL_EXTRACTOR, with_detail_pages
from .errors import FetchError, ScrapeError
from .parse import PageSource, merge_listings, page_preset, parse_detail, parse_source

MAX_DETAIL_PAGES = 2000
# Addresses a listing page's listings load from, fetched at most per page.
MAX_LISTING_SOURCES = 5
# Listings' own pages a preview reads for a listing page, at most: it has seconds, not minutes.
PREVIEW_DETAIL_PAGES = 10


@dataclass
class CrawlResult:
    listings: list = field(default_factory=list)
    pages_fetched: int = 0
    error: str = ""  # set when the crawl stopped part-way: the listings are then incomplete
    failure: Exception | None = None  # the ScrapeError behind `error`
    # Listings each extractor found before merging, summed over the listing pages.
    extracted_by: dict = field(default_factory=dict)
    # external_id -> the extractors whose values the listing carries, best first.
    found_by: dict = field(default_factory=dict)
    empty_pages: list = field(default_factory=list)  # listing pages that gave no listing
    source_warnings: list = field(default_factory=list)  # addresses listings were expected at, not there
    next_page: str | None = None  # the next listing page the crawl did not read

    @property
    def complete(self):
        return not self.error

    @property
    def warnings(self):
        """Sentences for the manager about what the crawl could not read."""
        if self.listings or not self.empty_pages:
            return list(self.source_warnings)
        more = len(self.empty_pages) - 3
        pages = ", ".join(self.empty_pages[:3]) + (f" and {more} more" if more > 0 else "")
        return self.source_warnings + [
            f"No rentals were recognised on {pages}. Check that this is the page that lists your rentals; "
            "if it is, tell LeaseLine where the listings are with CSS selectors in the scraping configuration."
        ]


def _about_source(exc, page_url, address):
    """The same kind of error, saying where the page's listings were to come from."""
    failure = copy.copy(exc)
    failure.args = (f"The listings of {page_url} load from {address}, which could not be read: {exc}",)
    return failure


def follow_listing_sources(source, preset, fetch, *, seen=(), warnings=None):
    """The pages a listing page's listings load from, as its platform preset names them:
    ([PageSource], failure or None). `fetch(url, accept_json=True)` fetches one.

    An address that is not there for good (4xx, robots.txt, not data) is no source: a warning
    (appended to `warnings`), and the page's own listings stand. One that failed for now (a
    timeout, a 5xx) or that is refused is the failure: the crawl stops like on any page, so no
    rental is marked gone for it.
    """
    addresses = [address for address in preset.listing_sources(source) if address not in seen] if preset else []
    followed = []
    for address in addresses[:MAX_LISTING_SOURCES]:
        try:
            answer = fetch(address, accept_json=True)
        except FetchError as exc:
            if exc.transient:
                return followed, _about_source(exc, source.url, address)
            if warnings is not None:
                warnings.append(
                    f"The listings of {source.url} were expected at {address}, which could not be read: {exc}"
                )
            continue
        except ScrapeError as exc:
            return followed, _about_source(exc, source.url, address)
        followed.append(PageSource(answer.text, answer.url))
    return followed, None


def crawl(*, website_url, config, fetcher, on_page=None, today=None, max_pages=None):
    """Crawl a source. `on_page(pages_fetched, url)` is called after every page fetched.

    The run's deadline is the fetcher's (Fetcher(deadline=...)): past it, every fetch fails
    at once, so the crawl stops with that error. `max_pages` caps the listing pages read (a
    preview reads one) and then skips the listings' own pages but those of listings its page
    shows without rent, of which it reads PREVIEW_DETAIL_PAGES.
    """
    settings = crawl_settings(website_url, config)
    today = today or datetime.date.today()
    page_limit = min(settings.max_pages, max_pages) if max_pages else settings.max_pages
    detail_limit = django_settings.SCRAPER_DETAIL_PAGES_PER_PAGE
    if max_pages:
        detail_limit = min(detail_limit, PREVIEW_DETAIL_PAGES)
    result = CrawlResult()
    found = {}
    visited = set()

    def fetch(url, **options):
        page = fetcher.get(url, **options)
        visited.update({url, page.url})
        result.pages_fetched += 1
        if on_page is not None:
            on_page(result.pages_fetched, page.url)
        return page

    def read_listing_page(page):
        source = PageSource(page.text, page.url)
        followed, failure = follow_listing_sources(
            source, page_preset(source, settings), fetch, seen=visited, warnings=result.source_warnings
        )
        parsed = parse_source(source, settings=settings, today=today, followed=followed)
        if failure is not None:
            return parsed, list(zip(parsed.listings, parsed.sources, strict=True)), failure
        listings, failure = with_detail_pages(
            parsed, page.url, fetch, limit=detail_limit, settings=settings, today=today, seen=visited,
            warnings=result.source_warnings,
        )
        return parsed, listings, failure

    try:
        listing_pages = 0
        for start_url in settings.start_urls:
            url = start_url
            while url and url not in visited and listing_pages < page_limit:
                page = fetch(url)
                listing_pages += 1
                parsed, listings, failure = read_listing_page(page)
                counts = dict(parsed.extracted_by)
                # Listings completed by their own pages are counted as that page's extractor's.
                if completed := sum(DETAIL_EXTRACTOR in extractors for _, extractors in listings):
                    counts[DETAIL_EXTRACTOR] = completed
                for name, count in counts.items():
                    result.extracted_by[name] = result.extracted_by.get(name, 0) + count
                if not listings:
                    result.empty_pages.append(page.url)
                for listing, extractors in listings:
                    known = found.get(listing.external_id)
                    found[listing.external_id] = merge_listings(known, listing) if known else listing
                    result.found_by.setdefault(listing.external_id, extractors)
                if failure is not None:
                    raise failure
                url = parsed.next_page
            result.next_page = url if url and url not in visited else None
        if settings.follow_details and not max_pages:
            for external_id, listing in list(found.items())[:MAX_DETAIL_PAGES]:
                if not listing.url or urldefrag(listing.url).url in visited:
                    continue
                page = fetch(listing.url)
                detail = parse_detail(page.text, url=page.url, today=today)
                if detail is not None:
                    found[external_id] = merge_listings(listing, detail, extra_wins=True)
    except ScrapeError as exc:
        result.error, result.failure = str(exc), exc
    result.listings = list(found.values())
    return result

