"""Page text in, normalised listings out: no network, so saved pages can be parsed (and timed).

`auto` runs every extractor on the page and merges what they find. Two findings are the
same listing when they have the same URL, else the same external id, else the same street
address and unit; for each field the value of the highest-ranked extractor that has one
wins: configured CSS > platform preset > JSON-LD > embedded JSON > card heuristic.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from urllib.parse import urldefrag, urlsplit

from . import cards, css, detail_links, embedded, jsonld, presets
from .config import CrawlSettings
from .normalize import Listing, absolute_url, clean_text, normalize_listing

# Extractors from the most to the least trusted: a field comes from the first that has it.
EXTRACTOR_RANK = ("css", "preset", "jsonld", "embedded_json", "cards")


class PageSource:
    """One fetched page: its text and URL, with the HTML tree built only when asked for."""

    def __init__(self, text, url):
        self.text = text
        self.url = url
        self.presets = {}  # forced platform -> the preset detected (page_preset)

    @cached_property
    def selector(self):
        return css.page_selector(self.text, self.url)


@dataclass
class ParsedPage:
    listings: list
    next_page: str | None = None
    # Listings each extractor found before merging: {"jsonld": 3, "preset:appfolio": 12}.
    extracted_by: dict = field(default_factory=dict)
    # Which extractors' values each listing carries, in the same order as `listings`.
    sources: list = field(default_factory=list)
    # (Listing, extractors) the page links to without their rent or rooms: their own pages
    # may say them (detail.py). A listing here may be in `listings` too (an address alone).
    to_follow: list = field(default_factory=list)

    @property
    def strategy(self):
        """The extractor that found the most listings, or "" when none found any."""
        counts = {name: count for name, count in self.extracted_by.items() if count}
        return max(counts, key=counts.get) if counts else ""


@dataclass
class _Finding:
    listing: Listing
    extractor: str
    id_given: bool  # the page named the id (not made from the link or the words)


def _rank(extractor):
    return EXTRACTOR_RANK.index(extractor.split(":", 1)[0])


def page_preset(page, settings):
    """The platform preset that reads this page under `settings`, or None (asked once a page:
    the crawl asks it for the addresses the listings load from, then the parse reads with it)."""
    if settings.strategy != "auto":
        return None
    if settings.platform not in page.presets:
        page.presets[settings.platform] = presets.detect(page, forced=settings.platform)
    return page.presets[settings.platform]


def _extractors(page, settings, followed=()):
    """(name, raw listings, the address they were read at) of every extractor the strategy
    asks for, in rank order. `followed` (pages the preset's listings load from) are read by
    the page's preset, under its name."""
    strategy = settings.strategy
    if strategy in ("auto", "css") and settings.listing:
        yield "css", css.extract_listings(page.selector, settings.listing), page.url
    preset_found = 0
    preset = page_preset(page, settings)
    if preset is not None:
        for source in (page, *followed):
            raws = preset.extract(source)
            preset_found += len(raws)
            yield f"preset:{preset.name}", raws, source.url
    if strategy in ("auto", "jsonld"):
        yield "jsonld", jsonld.extract_listings(page.text), page.url
    if strategy == "auto":
        yield "embedded_json", embedded.extract_listings(page.text), page.url
        # A platform preset that read the page knows its listings; shapes alone add nothing there.
        if not preset_found:
            yield "cards", cards.extract_listings(page.selector), page.url


def canonical_url(url):
    if not url:
        return ""
    url, _ = urldefrag(url)
    parts = urlsplit(url)
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}?{parts.query}".rstrip("?")


_UNIT_WORDS = re.compile(r"\b(?:apartment|apt|unit|suite|ste|no)\b\.?|#", re.IGNORECASE)


def _street_key(listing):
    """Street address and unit, spelled one way; "" unless it starts with a house number."""
    street = _UNIT_WORDS.sub(" ", clean_text(listing.address).lower())
    street = re.sub(r"[^\w]+", " ", street).strip()
    return street if re.match(r"\d", street) else ""


def _same_place(a, b):
    """Same street and unit, and no ZIP (or, without ZIPs, no city) that says otherwise."""
    street = _street_key(a)
    if not street or street != _street_key(b):
        return False
    for name in ("postal_code", "city"):
        mine, theirs = clean_text(getattr(a, name)).lower(), clean_text(getattr(b, name)).lower()
        if mine and theirs:
            return mine == theirs
    return True


def _same_listing(a, b):
    if a.listing.url and b.listing.url:
        if canonical_url(a.listing.url) != canonical_url(b.listing.url):
            return False
        # One extractor naming two ids under one link (unit types on a building's page) means two.
        distinct_units = a.extractor == b.extractor and a.id_given and b.id_given
        return not (distinct_units and a.listing.external_id != b.listing.external_id)
    if a.id_given and b.id_given:
        return a.listing.external_id == b.listing.external_id
    return _same_place(a.listing, b.listing)


class _Merger:
    """Groups findings into listings; an index per identity keeps it linear in practice."""

    def __init__(self):
        self.groups = []  # [finding (merged so far), set of extractors]
        self.by_key = {}

    @staticmethod
    def _keys(finding):
        listing = finding.listing
        keys = [("address", _street_key(listing))]
        if listing.url:
            keys.append(("url", canonical_url(listing.url)))
        if finding.id_given:
            keys.append(("id", listing.external_id))
        return [key for key in keys if key[1]]

    def add(self, finding, *, may_add=True):
        """Merge the finding into the listing it describes; a new listing only when `may_add`."""
        for key in self._keys(finding):
            for position in self.by_key.get(key, ()):
                group = self.groups[position]
                if _same_listing(group[0], finding):
                    group[0] = _merged(group[0], finding)
                    group[1].add(finding.extractor)
                    self._index(group[0], position)
                    return
        if not may_add:
            return
        self.groups.append([finding, {finding.extractor}])
        self._index(finding, len(self.groups) - 1)

    def _index(self, finding, position):
        for key in self._keys(finding):
            positions = self.by_key.setdefault(key, [])
            if position not in positions:
                positions.append(position)


def _merged(base, extra):
    """base's values, blanks filled from extra (base comes from a higher-ranked extractor)."""
    listing = merge_listings(base.listing, extra.listing)
    id_given = base.id_given or extra.id_given
    if not base.id_given and extra.id_given:
        listing = replace(listing, external_id=extra.listing.external_id)
    return _Finding(listing=listing, extractor=base.extractor, id_given=id_given)


def _is_a_rental(listing):
    """Precision: a finding that says nothing a renter asks about is not kept as a rental."""
    return any(
        value not in (None, "") for value in (listing.price, listing.bedrooms, listing.bathrooms, listing.square_feet)
    ) or bool(listing.address and listing.city)


def states_rent_or_rooms(listing):
    return listing.price is not None or listing.bedrooms is not None or listing.bathrooms is not None


def _to_follow(merger, page):
    """The listings the page links to but says neither rent nor rooms of: structured findings
    with only a link, and the links of a listing grid (detail_links.py). None where a surer
    extractor than the card heuristic found complete listings: the page says what it has."""
    complete = any(
        extractors - {"cards"}
        and group.listing.price is not None
        and (group.listing.bedrooms is not None or group.listing.bathrooms is not None)
        for group, extractors in merger.groups
    )
    if complete:
        return []
    candidates, known = [], set()
    for group, extractors in merger.groups:
        listing = group.listing
        if listing.url:
            known.add(canonical_url(listing.url))
            if not states_rent_or_rooms(listing) and detail_links.may_follow(listing.url, page.url):
                candidates.append((_with_identity(listing), sorted(extractors, key=_rank)))
    for raw in detail_links.listing_links(page.selector, page.url):
        listing = normalize_listing(raw, base_url=page.url, make_id=False)
        if listing is not None and canonical_url(listing.url) not in known:
            known.add(canonical_url(listing.url))
            candidates.append((_with_identity(listing), ["detail_links"]))
    return candidates


def _with_identity(listing):
    """A listing without an id of its own gets one from the words that name the unit.

    Beds, baths and size are part of it (two units at one address are two rentals); the price
    is not, so a new price updates the same rental.
    """
    if listing.external_id:
        return listing
    if listing.url:
        return replace(listing, external_id=listing.url)
    words = "|".join(
        str(value)
        for value in (
            listing.title,
            listing.address,
            listing.city,
            listing.bedrooms,
            listing.bathrooms,
            listing.square_feet,
        )
    )
    return replace(listing, external_id=f"sha1:{hashlib.sha1(words.lower().encode()).hexdigest()}")


def _fill_from_page(listings, page, settings):
    """`page_fields` (read once per page) and `defaults` fill what the listings lack."""
    page_values = {}
    for name, query in (settings.page_fields or {}).items():
        values = css.field_values(page.selector, query, name)
        if values:
            page_values[name] = values if name == "photos" else " ".join(values[:1])
    if not page_values and not settings.defaults:
        return listings
    filled = []
    for listing in listings:
        extra = normalize_listing(
            {"external_id": listing.external_id, **(settings.defaults or {}), **page_values}, base_url=page.url
        )
        filled.append(merge_listings(listing, extra) if extra is not None else listing)
    return filled


def findings_by_extractor(page, settings, today, followed=()):
    """(extractor name, normalised findings) for every extractor the strategy runs, best first
    (the preset's name once for the page and once for each page in `followed`)."""
    for name, raws, base_url in _extractors(page, settings, followed):
        findings = []
        for raw in raws:
            listing = normalize_listing(raw, base_url=base_url, today=today, make_id=False)
            if listing is not None:
                findings.append(_Finding(listing, name, id_given=bool(listing.external_id)))
        yield name, findings


def parse_page(text, *, url, settings=None, today=None):
    """The listings of one listing page, the link to the next, and which extractor found what."""
    return parse_source(PageSource(text, url), settings=settings, today=today)


def parse_source(page, *, settings=None, today=None, followed=()):
    """parse_page for a PageSource; `followed` are the pages (PageSource) its platform preset
    said its listings load from, read by that preset and merged with the page's own."""
    settings = settings or CrawlSettings()
    today = today or datetime.date.today()
    url = page.url
    merger = _Merger()
    extracted_by = {}
    for name, findings in findings_by_extractor(page, settings, today, followed):
        extracted_by[name] = extracted_by.get(name, 0) + len(findings)
        # The card heuristic guesses from shape alone: where a surer extractor found the
        # listings, it only fills their gaps (a plan card or a teaser beside them is not a rental).
        may_add = name != "cards" or not merger.groups
        for finding in findings:
            merger.add(finding, may_add=may_add)
    kept = [(group[0].listing, group[1]) for group in merger.groups if _is_a_rental(group[0].listing)]
    listings = _fill_from_page([_with_identity(listing) for listing, _ in kept], page, settings)
    next_page = None
    if settings.next_page:
        link = css.first_link(page.selector, settings.next_page)
        if link:
            next_page = absolute_url(link, url) or None
    return ParsedPage(
        listings=listings,
        next_page=next_page,
        extracted_by=extracted_by,
        sources=[sorted(extractors, key=_rank) for _, extractors in kept],
        to_follow=_to_follow(merger, page) if settings.strategy == "auto" else [],
    )


def parse_jsonld(text, *, url, today=None):
    """Listings from a page's schema.org JSON-LD only."""
    return parse_page(text, url=url, settings=CrawlSettings(strategy="jsonld"), today=today).listings


def parse_css(text, *, url, listing, today=None):
    """Listings from a page with the `listing` selectors of a scraping config only."""
    return parse_page(text, url=url, settings=CrawlSettings(strategy="css", listing=listing), today=today).listings


def parse_detail(text, *, url, today=None):
    """The listing a listing's own page describes, or None: its structured data first (a
    detail page also shows other listings' cards, "similar homes"), else what auto finds."""
    listings = parse_jsonld(text, url=url, today=today) or parse_page(text, url=url, today=today).listings
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
