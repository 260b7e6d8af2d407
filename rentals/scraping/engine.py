"""One crawl of a source: listing pages through `next_page` up to `max_pages`, then (with
`follow_details`) each listing's own page. Saves nothing; the service decides what to keep.

A listing page that links to listings without saying their rent or rooms (a grid of photos and
"View details" links) has those listings' own pages read as part of reading it, through the
same fetcher, at most SCRAPER_DETAIL_PAGES_PER_PAGE of them (detail.py).

A listing page whose platform loads its listings from elsewhere (a framed widget, the JSON a
script asks for) names those addresses through its preset (`Preset.listing_sources`): they
are fetched as part of reading the page, through the same fetcher, and what the preset reads
there merges with the page's own listings. An answer may lead further (a list's next page, a
unit's own data call: `Preset.answer_listing_sources`); those addresses are followed the same
way, at most SCRAPER_DETAIL_PAGES_PER_PAGE of them for a page.
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


def _fetch_source(fetch, page_url, address, warnings):
    """(answer or None, failure or None) for one address a page's listings load from."""
    try:
        return fetch(address, accept_json=True), None
    except FetchError as exc:
        if exc.transient:
            return None, _about_source(exc, page_url, address)
        _warn(warnings, page_url, address, exc)
        return None, None
    except ScrapeError as exc:
        return None, _about_source(exc, page_url, address)


def _warn(warnings, page_url, address, problem):
    if warnings is not None:
        warnings.append(f"The listings of {page_url} were expected at {address}, which could not be read: {problem}")


def follow_listing_sources(source, preset, fetch, *, seen=(), warnings=None, limit=None):
    """The pages a listing page's listings load from, as its platform preset names them:
    ([PageSource], failure or None). `fetch(url, accept_json=True)` fetches one.

    The page's own addresses are read first, at most MAX_LISTING_SOURCES; then those the
    answers lead to in turn (`Preset.answer_listing_sources`: a list's next page, a unit's own
    data call), at most `limit` of them (default SCRAPER_DETAIL_PAGES_PER_PAGE, like the
    listings' own pages), with a warning when there were more.

    An address that is not there for good (4xx, robots.txt, not data), or whose answer the
    preset cannot read (`Preset.answer_problem`), is no source: a warning (appended to
    `warnings`), and the page's own listings stand. One that failed for now (a timeout, a 5xx)
    or that is refused is the failure: the crawl stops like on any page, so no rental is
    marked gone for it.
    """
    if preset is None:
        return [], None
    limit = django_settings.SCRAPER_DETAIL_PAGES_PER_PAGE if limit is None else limit
    queue = [address for address in preset.listing_sources(source) if address not in seen][:MAX_LISTING_SOURCES]
    named, further, left_out = set(queue), 0, 0
    followed = []
    for address in queue:  # grows while it is read: what the answers lead to
        answer, failure = _fetch_source(fetch, source.url, address, warnings)
        if failure is not None:
            return followed, failure
        if answer is None:
            continue
        page = PageSource(answer.text, answer.url)
        problem = preset.answer_problem(page)
        if problem:
            _warn(warnings, source.url, address, problem)
            continue
        followed.append(page)
        for more in preset.answer_listing_sources(page):
            if more in seen or more in named:
                continue
            named.add(more)
            if further < limit:
                queue.append(more)
                further += 1
            else:
                left_out += 1
    if left_out and warnings is not None:
        warnings.append(
            f"The listings of {source.url} load from {further + left_out} more addresses; "
            f"the first {further} were read."
        )
    return followed, None


def crawl(*, website_url, config, fetcher, on_page=None, on_listings=None, today=None, max_pages=None):
    """Crawl a source. `on_page(pages_fetched, url)` is called after every page fetched,
    `on_listings(listings_found)` after every listing page read (the listings so far, merged).

    The run's deadline is the fetcher's (Fetcher(deadline=...)): past it, every fetch fails
    at once, so the crawl stops with that error. `max_pages` caps the listing pages read (a
    preview reads one) and then skips the listings' own pages but those of listings its page
    shows without rent, of which it reads PREVIEW_DETAIL_PAGES.
    """
    settings = crawl_settings(website_url, config)
    run = _Run(
        settings=settings,
        today=today or datetime.date.today(),
        fetcher=fetcher,
        on_page=on_page,
        on_listings=on_listings,
        detail_limit=_detail_limit(max_pages),
    )
    page_limit = min(settings.max_pages, max_pages) if max_pages else settings.max_pages
    try:
        _read_listing_pages(run, page_limit)
        if settings.follow_details and not max_pages:
            _read_own_pages(run)
    except ScrapeError as exc:
        run.result.error, run.result.failure = str(exc), exc
    run.result.listings = list(run.found.values())
    return run.result


def _detail_limit(max_pages):
    """Listings' own pages (and addresses answers lead to) read for one listing page, at most."""
    limit = django_settings.SCRAPER_DETAIL_PAGES_PER_PAGE
    return min(limit, PREVIEW_DETAIL_PAGES) if max_pages else limit


@dataclass
class _Run:
    """One crawl under way: what it found so far and every address it fetched."""

    settings: object
    today: datetime.date
    fetcher: object
    on_page: object
    on_listings: object
    detail_limit: int
    result: CrawlResult = field(default_factory=CrawlResult)
    found: dict = field(default_factory=dict)  # external_id -> Listing
    visited: set = field(default_factory=set)

    def fetch(self, url, **options):
        page = self.fetcher.get(url, **options)
        self.visited.update({url, page.url})
        self.result.pages_fetched += 1
        if self.on_page is not None:
            self.on_page(self.result.pages_fetched, page.url)
        return page


def _read_listing_pages(run, page_limit):
    """Each start URL and its next pages, up to `page_limit` listing pages in all."""
    listing_pages = 0
    for start_url in run.settings.start_urls:
        url = start_url
        while url and url not in run.visited and listing_pages < page_limit:
            page = run.fetch(url)
            listing_pages += 1
            parsed, listings, failure = _read_listing_page(run, page)
            _count(run.result, parsed, listings, page.url)
            _keep(run, listings)
            if run.on_listings is not None:
                run.on_listings(len(run.found))
            if failure is not None:
                raise failure
            url = parsed.next_page
        run.result.next_page = url if url and url not in run.visited else None


def _read_listing_page(run, page):
    """(ParsedPage, [(Listing, extractors)], failure or None) for one listing page, with the
    addresses its platform's listings load from and the own pages of listings it shows
    without rent or rooms."""
    source = PageSource(page.text, page.url)
    warnings = run.result.source_warnings
    followed, failure = follow_listing_sources(
        source,
        page_preset(source, run.settings),
        run.fetch,
        seen=run.visited,
        warnings=warnings,
        limit=run.detail_limit,
    )
    parsed = parse_source(source, settings=run.settings, today=run.today, followed=followed)
    if failure is not None:
        return parsed, list(zip(parsed.listings, parsed.sources, strict=True)), failure
    listings, failure = with_detail_pages(
        parsed,
        page.url,
        run.fetch,
        limit=run.detail_limit,
        settings=run.settings,
        today=run.today,
        seen=run.visited,
        warnings=warnings,
    )
    return parsed, listings, failure


def _count(result, parsed, listings, page_url):
    counts = dict(parsed.extracted_by)
    # Listings completed by their own pages are counted as that page's extractor's.
    if completed := sum(DETAIL_EXTRACTOR in extractors for _, extractors in listings):
        counts[DETAIL_EXTRACTOR] = completed
    for name, count in counts.items():
        result.extracted_by[name] = result.extracted_by.get(name, 0) + count
    if not listings:
        result.empty_pages.append(page_url)


def _keep(run, listings):
    for listing, extractors in listings:
        known = run.found.get(listing.external_id)
        run.found[listing.external_id] = merge_listings(known, listing) if known else listing
        run.result.found_by.setdefault(listing.external_id, extractors)


def _read_own_pages(run):
    """`follow_details`: each listing's own page, its values over the list's."""
    for external_id, listing in list(run.found.items())[:MAX_DETAIL_PAGES]:
        if not listing.url or urldefrag(listing.url).url in run.visited:
            continue
        page = run.fetch(listing.url)
        detail = parse_detail(page.text, url=page.url, today=run.today)
        if detail is not None:
            run.found[external_id] = merge_listings(listing, detail, extra_wins=True)
