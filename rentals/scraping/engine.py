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

    @property
    def complete(self):
        return not self.error


def crawl(*, website_url, config, fetcher, on_page=None, today=None):
    """Crawl a source. `on_page(pages_fetched, url)` is called after every page fetched.

    The run's deadline is the fetcher's (Fetcher(deadline=...)): past it, every fetch fails
    at once, so the crawl stops with that error.
    """
    settings = crawl_settings(website_url, config)
    today = today or datetime.date.today()
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
            while url and url not in visited and listing_pages < settings.max_pages:
                page = fetch(url)
                listing_pages += 1
                parsed = parse_page(page.text, url=page.url, settings=settings, today=today)
                for listing in parsed.listings:
                    known = found.get(listing.external_id)
                    found[listing.external_id] = merge_listings(known, listing) if known else listing
                url = parsed.next_page
        if settings.follow_details:
            for external_id, listing in list(found.items())[:MAX_DETAIL_PAGES]:
                if not listing.url or urldefrag(listing.url).url in visited:
                    continue
                page = fetch(listing.url)
                detail = parse_detail(page.text, url=page.url, today=today)
                if detail is not None:
                    found[external_id] = merge_listings(listing, detail, extra_wins=True)
    except ScrapeError as exc:
        result.error = str(exc)
    result.listings = list(found.values())
    return result


def preview(*, website_url, config, fetcher, today=None):
    """What the first page of a source would give: (ParsedPage, final url). Raises ScrapeError."""
    settings = crawl_settings(website_url, config)
    page = fetcher.get(settings.start_urls[0])
    return parse_page(page.text, url=page.url, settings=settings, today=today), page.url
