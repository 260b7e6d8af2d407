"""One crawl of a source: listing pages through `next_page` up to `max_pages`, then (with
`follow_details`) each listing's own page. Saves nothing; the service decides what to keep.
"""
import datetime
from dataclasses import dataclass, field
from urllib.parse import urldefrag

from .config import crawl_settings
from .errors import ScrapeError
from .parse import merge_listings, parse_detail, parse_page

MAX_DETAIL_PAGES = 2000


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
    next_page: str | None = None  # the next listing page the crawl did not read

    @property
    def complete(self):
        return not self.error

    @property
    def warnings(self):
        """Sentences for the manager about what the crawl could not read."""
        if self.listings or not self.empty_pages:
            return []
        more = len(self.empty_pages) - 3
        pages = ", ".join(self.empty_pages[:3]) + (f" and {more} more" if more > 0 else "")
        return [
            f"No rentals were recognised on {pages}. Check that this is the page that lists your rentals; "
            "if it is, tell LeaseLine where the listings are with CSS selectors in the scraping configuration."
        ]


def crawl(*, website_url, config, fetcher, on_page=None, today=None, max_pages=None):
    """Crawl a source. `on_page(pages_fetched, url)` is called after every page fetched.

    The run's deadline is the fetcher's (Fetcher(deadline=...)): past it, every fetch fails
    at once, so the crawl stops with that error. `max_pages` caps the listing pages read (a
    preview reads one) and then skips the listings' own pages.
    """
    settings = crawl_settings(website_url, config)
    today = today or datetime.date.today()
    page_limit = min(settings.max_pages, max_pages) if max_pages else settings.max_pages
    result = CrawlResult()
    found = {}
    visited = set()

    def fetch(url):
        page = fetcher.get(url)
        visited.update({url, page.url})
        result.pages_fetched += 1
        if on_page is not None:
            on_page(result.pages_fetched, page.url)
        return page

    try:
        listing_pages = 0
        for start_url in settings.start_urls:
            url = start_url
            while url and url not in visited and listing_pages < page_limit:
                page = fetch(url)
                listing_pages += 1
                parsed = parse_page(page.text, url=page.url, settings=settings, today=today)
                for name, count in parsed.extracted_by.items():
                    result.extracted_by[name] = result.extracted_by.get(name, 0) + count
                if not parsed.listings:
                    result.empty_pages.append(page.url)
                for listing, extractors in zip(parsed.listings, parsed.sources, strict=True):
                    known = found.get(listing.external_id)
                    found[listing.external_id] = merge_listings(known, listing) if known else listing
                    result.found_by.setdefault(listing.external_id, extractors)
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

