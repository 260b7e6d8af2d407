"""Page text in, normalised listings out: no network, so saved pages can be parsed (and timed)."""
import datetime
from dataclasses import dataclass, fields

from . import css, jsonld
from .config import CrawlSettings
from .normalize import Listing, absolute_url, normalize_listing


@dataclass
class ParsedPage:
    listings: list
    next_page: str | None = None
    strategy: str = ""  # which strategy found the listings: "jsonld", "css" or "" (none)


def _normalized(raws, url, today):
    listings = {}
    for raw in raws:
        listing = normalize_listing(raw, base_url=url, today=today)
        if listing is None:
            continue
        if listing.external_id in listings:
            listings[listing.external_id] = merge_listings(listings[listing.external_id], listing)
        else:
            listings[listing.external_id] = listing
    return list(listings.values())


def parse_jsonld(text, *, url, today=None):
    """Listings from a page's schema.org JSON-LD."""
    return _normalized(jsonld.extract_listings(text), url, today or datetime.date.today())


def parse_css(text, *, url, listing, today=None, selector=None):
    """Listings from a page with the `listing` selectors of a scraping config."""
    selector = selector if selector is not None else css.page_selector(text, url)
    return _normalized(css.extract_listings(selector, listing), url, today or datetime.date.today())


def parse_page(text, *, url, settings=None, today=None):
    """The listings of one listing page and the link to the next, as the strategy says.

    auto: JSON-LD when the page has listings in it, else the CSS selectors when configured.
    """
    settings = settings or CrawlSettings()
    today = today or datetime.date.today()
    found, strategy = [], ""
    if settings.strategy in ("auto", "jsonld"):
        found = parse_jsonld(text, url=url, today=today)
        strategy = "jsonld" if found else ""
    selector = None
    if not found and settings.strategy in ("auto", "css") and settings.listing:
        selector = css.page_selector(text, url)
        found = parse_css(text, url=url, listing=settings.listing, today=today, selector=selector)
        strategy = "css" if found else ""
    next_page = None
    if settings.next_page:
        selector = selector if selector is not None else css.page_selector(text, url)
        link = css.first_link(selector, settings.next_page)
        if link:
            next_page = absolute_url(link, url) or None
    return ParsedPage(listings=found, next_page=next_page, strategy=strategy)


def parse_detail(text, *, url, today=None):
    """The listing a detail page describes in JSON-LD (its first), or None."""
    listings = parse_jsonld(text, url=url, today=today)
    return listings[0] if listings else None


def merge_listings(base, extra, *, extra_wins=False):
    """One listing from two descriptions of it: blanks in one are filled from the other.

    With `extra_wins` (a detail page over its listing page) extra's values replace base's;
    the id stays base's so the rental keeps its identity.
    """
    merged = {}
    for item in fields(Listing):
        name = item.name
        mine, theirs = getattr(base, name), getattr(extra, name)
        if name in ("external_id", "currency"):
            merged[name] = mine
        elif extra_wins:
            merged[name] = theirs if theirs not in (None, "", []) else mine
        else:
            merged[name] = mine if mine not in (None, "", []) else theirs
    if merged["price"] is not base.price:
        merged["currency"] = extra.currency  # the currency goes with the price it came with
    return Listing(**merged)
