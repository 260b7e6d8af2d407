"""A listing's own page, read as ONE listing, for listing pages that show no rent.

Where a listing page links to listings but says nothing of their rent or rooms (a grid of
photos and "View details" links: `detail_links.py`, or structured data that names only the
link), the crawl fetches each listing's own page through the same fetcher and reads it here:
first what the page's structured data and its platform preset say about it (JSON-LD,
microdata, embedded JSON), then what its text says, labelled: a title from the h1 (else
og:title); a rent only as "$1,450/mo", "Rent: $1,450" or an amount under a "Rent" label or in
a price element; "2 Bed", "1.5 Bath", "850 sq ft"; an address from an <address>, an
"Address:" label, og: place tags, or a line that reads whole as a street, city and state.
Text in navigation, headers, footers, side bars and forms, an agent's or office's block, and
what follows a "Similar listings" heading is not the listing's. A page that states neither a
rent nor rooms adds no rental, and neither does a page that reads as a list (its rent is one
of the cards' it shows).
"""

import copy
import re
from dataclasses import replace
from urllib.parse import urldefrag

from lxml import etree

from . import card_text, cards
from .addresses import split_address
from .config import CrawlSettings
from .detail_links import same_site
from .errors import FetchError, ScrapeError
from .normalize import normalize_listing
from .parse import PageSource, canonical_url, findings_by_extractor, merge_listings, states_rent_or_rooms
from .values import parse_price

DETAIL_EXTRACTOR = "detail_page"
SHOWN_IN_WARNING = 3

_LINES = etree.XPath(
    "//body//text()[normalize-space()][not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template or ancestor::nav or ancestor::footer or ancestor::aside or ancestor::form"
    " or ancestor::button or ancestor::select or ancestor::header[not(ancestor::article or ancestor::main)])]"
)
_NOT_THE_LISTING = re.compile(
    r"similar|related|nearby|recommend|recently|other-(?:listings|properties|rentals)|more-(?:listings|properties)"
    r"|agent|realtor|broker|office|contact|team|sidebar|cookie|newsletter|testimonial",
    re.IGNORECASE,
)
_OTHERS_HEADING = re.compile(
    r"\b(?:similar|related|nearby|other|more)\b.*\b(?:listings?|propert(?:y|ies)|rentals?|homes?|units?|apartments?)\b"
    r"|you (?:may|might) also like|recently viewed",
    re.IGNORECASE,
)
_PER_MONTH = re.compile(r"/\s*mo(?:nth)?\b|\bper\s+month\b|\ba\s+month\b|\bmonthly\b", re.IGNORECASE)
_RENT_WORD = re.compile(r"\b(?:rent|rental\s+rate|price|monthly)\b", re.IGNORECASE)
_RENT_LABEL = re.compile(r"^(?:monthly\s+)?(?:rent|price|rental\s+(?:rate|price)|rent\s+amount)\s*:?$", re.IGNORECASE)
_PRICE_CLASS = re.compile(r"(?:^|[\s_-])(?:price|rent|rate)(?:$|[\s_-])", re.IGNORECASE)
_NOT_THE_RENT = re.compile(r"\b(?:pet|parking|storage|garage|utilit(?:y|ies)|deposit)\b", re.IGNORECASE)
_ADDRESS_LABEL = re.compile(r"^(?:property\s+)?(?:address|location)\s*:?\s*(.*)$", re.IGNORECASE)
_MAX_ADDRESS = 120
# Elements whose text is a line of its own; words in others (a <strong>, a <span>, a cell) join
# the line of the block around them.
_BLOCK_TAGS = frozenset(
    {
        "p",
        "li",
        "dd",
        "dt",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "address",
        "section",
        "article",
        "main",
        "header",
        "figure",
        "figcaption",
        "blockquote",
        "ul",
        "ol",
        "dl",
        "table",
        "tbody",
        "body",
    }
)
_OG_PLACE = ("og:street-address", "og:locality", "og:region", "og:postal-code")


def _meta(root, name):
    for query in (f"//meta[@property='{name}']/@content", f"//meta[@name='{name}']/@content"):
        values = root.xpath(query)
        if values and values[0].strip():
            return values[0].strip()
    return ""


class _Text:
    """The page's lines that speak of the listing, in order: a line is the text of one block
    (a paragraph, an item, a table row, a "Bedrooms" term with its "3"), so a label stays with
    its value. `elements[i]` are the elements line i's words sit in."""

    def __init__(self, root):
        self.lines, self.elements, self.blocks = [], [], []
        verdicts = {}
        for text in _LINES(root):
            element = text.getparent()
            starts_line = text.is_tail and element.tag == "br"
            if text.is_tail:
                element = element.getparent()
            if element is None:
                continue
            block = next((node for node in (element, *element.iterancestors()) if node.tag in _BLOCK_TAGS), element)
            words = " ".join(text.split())
            if block.tag in card_text.HEADINGS and _OTHERS_HEADING.search(words):
                break  # "Similar listings": the rest is other listings
            if not self._is_the_listings(element, verdicts):
                continue
            if self.blocks and self.blocks[-1] is block and not starts_line:
                self.lines[-1] = f"{self.lines[-1]} {words}"
                self.elements[-1].append(element)
            elif (
                block.tag == "dd"
                and self.blocks
                and self.blocks[-1] is block.getprevious() is not None
                and self.blocks[-1].tag == "dt"
            ):
                self.lines[-1] = f"{self.lines[-1].rstrip(' :')}: {words}"
                self.elements[-1].append(element)
                self.blocks[-1] = block
            else:
                self.lines.append(words)
                self.elements.append([element])
                self.blocks.append(block)

    @staticmethod
    def _is_the_listings(element, verdicts):
        """Whether no block around the element is an agent's, an office's or other listings'."""
        chain, node = [], element
        while node is not None and node not in verdicts:
            chain.append(node)
            node = node.getparent()
        verdict = verdicts[node] if node is not None else True
        for node in reversed(chain):
            # The body's classes name the theme and layout ("has-sidebar"), not a block of the page.
            marks = "" if node.tag in ("body", "html") else f"{node.get('class') or ''} {node.get('id') or ''}"
            verdict = verdict and not _NOT_THE_LISTING.search(marks)
            verdicts[node] = verdict
        return verdicts[element]


def _labelled_rent(text):
    for position, line in enumerate(text.lines):
        rent = card_text.rent_text(line)
        if rent is None or _NOT_THE_RENT.search(rent):
            continue
        label = text.lines[position - 1] if position else ""
        marks = " ".join(f"{node.get('class') or ''} {node.get('id') or ''}" for node in text.elements[position])
        if _PER_MONTH.search(rent) or _RENT_WORD.search(rent) or _RENT_LABEL.match(label) or _PRICE_CLASS.search(marks):
            return rent
    return None


def _reads_as_an_address(line):
    if len(line) > _MAX_ADDRESS or card_text.street_start(line) != 0:
        return False
    parts = split_address(line)
    return bool(parts.get("address") and parts.get("city") and parts.get("state"))


def _address(root, text):
    for element in root.iter("address"):
        if any(node is element or element in node.iterancestors() for nodes in text.elements for node in nodes):
            line = " ".join(" ".join(card_text.TEXTS(element)).split())
            start = card_text.street_start(line)
            if start is not None:
                return line[start:]
    for position, line in enumerate(text.lines):
        label = _ADDRESS_LABEL.match(line)
        if label:
            value = label.group(1) or (text.lines[position + 1] if position + 1 < len(text.lines) else "")
            if card_text.street_start(value) is not None:
                return value
    place = [_meta(root, name) for name in _OG_PLACE]
    if place[0] and place[1]:
        return ", ".join(part for part in place if part)
    return next((line for line in text.lines if _reads_as_an_address(line)), "")


def _title(root):
    for heading in root.iter("h1"):
        if not any(ancestor.tag in ("nav", "footer") for ancestor in heading.iterancestors()):
            line = " ".join(" ".join(card_text.TEXTS(heading)).split())
            if line:
                return line
    return _meta(root, "og:title")


def read_single_listing(selector, url, *, today=None):
    """The one listing a page's labelled text describes (a Listing without an id), or None."""
    root = selector.root
    if not isinstance(getattr(root, "tag", None), str):
        return None
    text = _Text(root)
    # Each line alone: a block's words are already together, and a line run into the next
    # ("Rent $2,100" then "Bedrooms 3") would read "100 Bedrooms".
    shorts = card_text.short_texts(text.lines)[:1]
    main = next(iter(root.xpath("//main | //article | //*[@role='main']")), root)
    photos = [_meta(root, "og:image"), card_text.card_photo(main)]
    raw = {
        "title": _title(root),
        "address": _address(root, text),
        "price": _labelled_rent(text),
        "bedrooms": card_text.first_match(card_text.BEDS, shorts, lambda match: card_text.rooms_text(match, "bd")),
        "bathrooms": card_text.first_match(card_text.BATHS, shorts, lambda match: card_text.rooms_text(match, "ba")),
        "square_feet": card_text.first_match(
            card_text.SQUARE_FEET, shorts, lambda match: f"{match.group(1) or match.group(2)} sq ft"
        ),
        "available_from": card_text.first_match(card_text.AVAILABLE, shorts, lambda match: match.group(1)),
        "photos": [photo for photo in photos if photo],
    }
    if raw["price"] is not None:
        rent = parse_price(raw["price"])[0]
        # A page whose rent is one of the cards' it shows is a list (a city's page), not a listing.
        if any(parse_price(card.get("price"))[0] == rent for card in cards.extract_listings(selector)):
            return None
    return normalize_listing(raw, base_url=url, today=today, make_id=False)


def read_detail_page(page, *, link, settings=None, today=None):
    """The listing a listing's own page describes (reached from `link`), or None when it states
    neither rent nor rooms. Structured findings about this page win over its text."""
    settings = settings or CrawlSettings()
    mine = {canonical_url(page.url), canonical_url(link)}
    listing = None
    for name, findings in findings_by_extractor(page, settings, today):
        if name == "cards":  # the cards of a listing's page are other listings ("similar homes")
            continue
        for finding in findings:
            if not finding.listing.url or canonical_url(finding.listing.url) in mine:
                listing = merge_listings(listing, finding.listing) if listing else finding.listing
    single = read_single_listing(page.selector, page.url, today=today)
    if single is not None:
        listing = merge_listings(listing, single) if listing else single
    return listing if listing is not None and states_rent_or_rooms(listing) else None


def _about_detail(exc, page_url, address):
    failure = copy.copy(exc)
    failure.args = (f"The listing {address} on {page_url} could not be read: {exc}",)
    return failure


def follow_detail_pages(page_url, candidates, fetch, *, settings, today, seen=(), warnings=None):
    """Each candidate ((Listing, extractors), a listing the page links to without rent or rooms)
    completed by its own page: ([(Listing, extractors)], failure or None).

    `fetch(url)` fetches one page (the crawl's: robots.txt, politeness, the run's deadline, the
    address check at every hop). A page that is not there for good (4xx, robots.txt, not a web
    page) gives no rental: a warning. One that failed for now (a timeout, a 5xx) or was refused
    is the failure: the crawl stops and changes nothing, so no rental is marked gone for it.
    The listing keeps the list's link and id; the page's values win over the list's.
    """
    completed, gone = [], []
    for listing, extractors in candidates:
        if urldefrag(listing.url).url in seen:
            continue
        try:
            answer = fetch(listing.url)
        except FetchError as exc:
            if exc.transient:
                return completed, _about_detail(exc, page_url, listing.url)
            gone.append(listing.url)
            continue
        except ScrapeError as exc:
            return completed, _about_detail(exc, page_url, listing.url)
        if not same_site(answer.url, listing.url):
            continue  # sent to another site: not the listing's own page
        detail = read_detail_page(PageSource(answer.text, answer.url), link=listing.url, settings=settings, today=today)
        if detail is not None:
            merged = replace(merge_listings(listing, detail, extra_wins=True), url=listing.url)
            completed.append((merged, [*extractors, DETAIL_EXTRACTOR]))
    if gone and warnings is not None:
        more = len(gone) - SHOWN_IN_WARNING
        names = ", ".join(gone[:SHOWN_IN_WARNING]) + (f" and {more} more" if more > 0 else "")
        warnings.append(
            f"{page_url} links to listings whose own pages could not be read ({names}); they were left out."
        )
    return completed, None


def with_detail_pages(parsed, page_url, fetch, *, limit, settings, today, seen=(), warnings=None):
    """A listing page's listings ([(Listing, extractors)]) with those it links to without rent or
    rooms completed by their own pages, at most `limit` of them read; and the failure or None."""
    listings = list(zip(parsed.listings, parsed.sources, strict=True))
    if not parsed.to_follow:
        return listings, None
    if len(parsed.to_follow) > limit and warnings is not None:
        warnings.append(
            f"{page_url} links to {len(parsed.to_follow)} listings without their rent; "
            f"the own pages of the first {limit} were read."
        )
    completed, failure = follow_detail_pages(
        page_url, parsed.to_follow[:limit], fetch, settings=settings, today=today, seen=seen, warnings=warnings
    )
    position = {listing.external_id: index for index, (listing, _) in enumerate(listings)}
    for listing, extractors in completed:
        if listing.external_id in position:
            listings[position[listing.external_id]] = (listing, extractors)
        else:
            listings.append((listing, extractors))
    return listings, failure
