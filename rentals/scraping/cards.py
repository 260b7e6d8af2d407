"""The card heuristic: repeated blocks of the same shape that each carry a price and a bed or
bath count are listings, whatever the site calls them.

One pass finds the short text nodes that read as a rent ("$1,850/mo", "Rent: 1,450"). From each,
the first enclosing block whose shape (tag and classes) repeats elsewhere on the page and that
also states bedrooms or bathrooms is its card; when every card of a kind sits alone in a wrapper
of one shape, the wrapper is taken instead (the card's picture and link often sit beside it).
Blocks of a kind need two members to count, so a lone featured listing, a promotion or a
paragraph that happens to name a price is never a listing. Rows that share one parent inside a
repeated card, without a link of their own (unit types under a building), are listings that
take the card's title, address and photo. Facts stand in short lines, or open a long headline
that starts with the rent, as titles copied from Craigslist do ("$1,850 / 2br - 850ft2 - ...").

Text in navigation, footers, forms, buttons and scripts is never read; a block that says
"sponsored" or "advertisement" is an advertisement.
"""
import re
from collections import defaultdict
from urllib.parse import urldefrag, urlsplit

from lxml import etree

_SKIPPED = ("script", "style", "noscript", "template", "select", "option", "textarea", "form", "nav", "footer",
            "button", "head")
_SKIPPED = frozenset(_SKIPPED)
# libxml2 filters the text nodes; the few that read as a price are then checked for where they sit.
_CANDIDATE_TEXTS = etree.XPath(
    "//body//text()[contains(., '$') or contains(., '/mo') or contains(., '€') or contains(., '£')"
    " or contains(., 'Rent') or contains(., 'rent')]"
)
_TEXTS = etree.XPath("descendant-or-self::text()[not(parent::script or parent::style)]", smart_strings=False)

# Blocks a card can be; a price inside a paragraph or a cell belongs to the block around it.
_BLOCKS = frozenset(
    {"div", "li", "article", "section", "tr", "a", "aside", "figure", "dl", "ul", "ol", "table", "tbody"}
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_MAX_DEPTH = 14
_MAX_CARD_TEXT = 3000  # characters: a block with more text holds more than one listing
_MAX_WRAPPER_CHILDREN = 6  # a wrapper taken with its card holds little else (a picture, a badge)
_MAX_FACT = 60  # a bed count or a price stands in a short line, not in a sentence
_MAX_PRICE_TEXT = 80
_SEPARATOR = "\x00"  # between lines searched in one go: not whitespace, never in page text

_AMOUNT = r"(?:\d{1,3}(?:,\d{3})+|\d{3,6})(?:\.\d{2})?"
_PRICE = re.compile(
    rf"[$€£]\s?{_AMOUNT}|{_AMOUNT}\s*(?:/\s*mo(?:nth)?\b|per\s+month\b|a\s+month\b|monthly\b)"
    rf"|\brent\b\s*:?\s*(?:from\s+)?[$€£]?\s?{_AMOUNT}",
    re.IGNORECASE,
)
_LEADING_PRICE = re.compile(rf"^[$€£]\s?{_AMOUNT}(?![\d,.])")
_HEADLINE_PART = re.compile(r"\s[-–/|•]\s")
_NOT_RENT = re.compile(
    r"\b(?:off|save|saving|savings|deposit|fees?|credit|bonus|discount|gift|special|reward|application"
    r"|average|avg|median|estimated?|typical)\b",
    re.IGNORECASE,
)
_COUNT = r"\d+(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?"
_BEDS = re.compile(
    rf"\b({_COUNT})\s*(?:bd|bds|beds?|bedrooms?|br|bdrms?)\b|\b(?:beds?|bedrooms?)\s*:?\s*(\d+|studio)\b"
    r"|(?:^|\x00)(?:\w+:\s*)?(studio|efficiency)\b",
    re.IGNORECASE,
)
_BATHS = re.compile(
    rf"\b({_COUNT}(?:\s+1/2|\s*½)?)\s*(?:ba|bas|baths?|bathrooms?)\b|\b(?:baths?|bathrooms?)\s*:?\s*(\d+(?:\.\d+)?)",
    re.IGNORECASE,
)
_FEET = r"(?:\d{1,3}(?:,\d{3})+|\d{2,6})"
_SQUARE_FEET = re.compile(
    rf"({_FEET}(?:\s*(?:-|–|to)\s*{_FEET})?)\s*(?:sq\.?\s*f(?:ee)?t\.?|sqft|square\s+f(?:ee|oo)t|ft²|ft2|sf)(?!\w)"
    rf"|\b(?:sq\.?\s*ft\.?|sqft|square\s+f(?:ee|oo)t)\s*:?\s*({_FEET})",
    re.IGNORECASE,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE = (
    rf"now|immediately|today|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?"
)
_AVAILABLE = re.compile(rf"\b(?:available|avail\.?|move[- ]in)\b(?:\s+date)?\s*(?:from|on)?\s*:?\s*({_DATE})",
                        re.IGNORECASE)
_STREET = re.compile(
    r"\b\d{1,6}[A-Za-z]?(?:-\d{1,5})?\s+(?:[A-Za-z0-9.'-]+\s+){0,5}?"
    r"(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|ter|terrace|pkwy"
    r"|parkway|hwy|highway|cir|circle|trl|trail|loop|square|row|pike|plaza|broadway|crescent|alley|walk)\b\.?"
    r"(?!\s*(?:f(?:ee|oo)t|ft)\b)",
    re.IGNORECASE,
)
_NOT_STREET = re.compile(
    r"\b(?:bd|bds|beds?|bedrooms?|br|ba|baths?|bathrooms?|sq|sqft|ft|feet|mo|months?|units?|floors?)\b", re.IGNORECASE
)
_CITY_LINE = re.compile(r"^[A-Za-z][A-Za-z .'-]+,\s*[A-Za-z]{2}\b")
_HAS_CITY = re.compile(r",\s*[A-Za-z][A-Za-z .'-]+,\s*[A-Za-z]{2}\b")
_PETS = re.compile(r"\b(?:pets?|cats?|dogs?)\b", re.IGNORECASE)
_ADVERT = re.compile(r"\b(?:sponsored|advertisement)\b", re.IGNORECASE)
_ADVERT_CLASS = re.compile(r"(?:^|[\s_-])(?:ad|ads|advert\w*|sponsor\w*)(?:$|[\s_-])", re.IGNORECASE)
_GENERIC_LINK = re.compile(r"^(?:view|see|more|details?|apply|learn|schedule|contact|book|tour)\b", re.IGNORECASE)
_VOLATILE_CLASS = re.compile(r"\d|--|^(?:is|has)-|^(?:active|featured|selected|first|last|odd|even|new|hover)$")
_NOT_PHOTO = re.compile(r"placeholder|spacer|blank\.gif|\.svg(?:$|\?)|^data:|logo|icon|avatar|agent", re.IGNORECASE)
_PHOTO_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original", "src")


def _signature(element):
    """What makes blocks "the same shape": the tag and the first class that is not a modifier, so
    `placard placard-option-gold` and `placard placard-option-silver`, or `post-12 listing` and
    `post-13 listing`, are one shape."""
    classes = (element.get("class") or "").split()
    return element.tag, next((token for token in classes if not _VOLATILE_CLASS.search(token)), "")


class _Page:
    """Caches per element: signature, text lines, and what they say."""

    def __init__(self):
        self.signatures = {}
        self.lines = {}
        self.shorts = {}
        self.headers = {}

    def signature(self, element):
        if element not in self.signatures:
            self.signatures[element] = _signature(element)
        return self.signatures[element]

    def short_texts(self, element):
        if element not in self.shorts:
            self.shorts[element] = _short_texts(self.text_lines(element))
        return self.shorts[element]

    def text_lines(self, element):
        if element not in self.lines:
            if element.tag == "tr":
                self.lines[element] = self._row_lines(element)
            else:
                self.lines[element] = [line for line in (text.strip() for text in _TEXTS(element)) if line]
        return self.lines[element]

    def _row_lines(self, row):
        """A table row's cells, each named by its column's header ("Bedrooms: 2")."""
        headers = self._headers(row)
        lines = []
        for position, cell in enumerate(child for child in row if child.tag in ("td", "th")):
            text = " ".join(" ".join(_TEXTS(cell)).split())
            if text:
                header = headers[position] if position < len(headers) else ""
                lines.append(f"{header}: {text}" if header and cell.tag == "td" else text)
        return lines

    def _headers(self, row):
        table = next((ancestor for ancestor in row.iterancestors("table")), None)
        if table is None:
            return []
        if table not in self.headers:
            self.headers[table] = []
            for first in table.iter("tr"):
                if first.find("th") is not None and first.find("td") is None:
                    self.headers[table] = [" ".join(" ".join(_TEXTS(cell)).split()) for cell in first]
                break
        return self.headers[table]


def _price_elements(root):
    elements = []
    seen = set()
    for text in _CANDIDATE_TEXTS(root):
        if _rent_text(text.strip()) is None:
            continue
        element = text.getparent()
        if text.is_tail and element is not None:
            element = element.getparent()
        if element is None or element.tag in _SKIPPED or any(
            ancestor.tag in _SKIPPED for ancestor in element.iterancestors()
        ):
            continue
        if element not in seen:
            seen.add(element)
            elements.append(element)
    return elements


def _headline_facts(line):
    """The opening of a long line that starts with the rent, where a headline states its facts
    ("$3,550 / 3br - 2472ft2 - Sunny home near the river (SW)", as manager sites copy Craigslist
    titles); cut at a word, so a sentence that only mentions rooms later on stays unread."""
    # Only the words up to the first separator qualify the amount ("$500 off - 2br ..." is no rent,
    # "$1,850 / 2br - condos off Newport Ave" is).
    if not _LEADING_PRICE.match(line) or _NOT_RENT.search(_HEADLINE_PART.split(line, 1)[0]):
        return None
    return line[:_MAX_FACT + 1].rsplit(" ", 1)[0]


def _rent_text(line):
    """The text a line states the rent in: a short line that reads as a rent, or the opening of a
    headline that starts with it; None for anything else (a deposit, a fee, a paragraph)."""
    if len(line) <= _MAX_PRICE_TEXT:
        return line if _PRICE.search(line) and not _NOT_RENT.search(line) else None
    head = _headline_facts(line)
    return head if head and _PRICE.search(head) else None


def _short_texts(lines):
    """The short lines, then each short line with the next ("2" and "bds" in two tags read as
    "2 bds"), joined by a separator no pattern crosses: one search covers every line."""
    singles = [line if len(line) <= _MAX_FACT else _headline_facts(line) for line in lines]
    singles = [line for line in singles if line]
    pairs = [
        f"{lines[position]} {lines[position + 1]}" for position in range(len(lines) - 1)
        if len(lines[position]) + len(lines[position + 1]) < _MAX_FACT
    ]
    return _SEPARATOR.join(singles), _SEPARATOR.join(pairs)


def _first(pattern, texts, render):
    for text in texts:
        match = pattern.search(text)
        if match:
            return render(match)
    return None


def _states_rooms(texts):
    return any(_BEDS.search(text) or _BATHS.search(text) for text in texts)


def _card_of(chain, instances, page):
    """The first block up the chain whose shape repeats and that also states bedrooms or baths."""
    for element in chain:
        if element.tag not in _BLOCKS or len(instances[page.signature(element)]) < 2:
            continue
        lines = page.text_lines(element)
        if sum(len(line) for line in lines) > _MAX_CARD_TEXT:
            return None
        if _states_rooms(page.short_texts(element)):
            return element
    return None


def _widen(cards, page):
    """Cards of one shape, each alone in a thin wrapper of one shape, are taken with their wrapper."""
    while True:
        parents = [card.getparent() for card in cards]
        if any(parent is None or parent.tag not in _BLOCKS or len(parent) > _MAX_WRAPPER_CHILDREN
               for parent in parents):
            return cards
        if len(set(parents)) != len(parents) or len({page.signature(parent) for parent in parents}) != 1:
            return cards
        cards = parents


def _is_advert(card, page):
    if _ADVERT_CLASS.search(f"{card.get('class') or ''} {card.get('id') or ''}"):
        return True
    return any(_ADVERT.search(line) for line in page.text_lines(card))


def _usable_link(href):
    href = (href or "").strip()
    return href if href and not href.startswith(("#", "javascript:", "mailto:", "tel:")) else ""


def _link(card):
    if card.tag == "a" and _usable_link(card.get("href")):
        return card.get("href").strip()
    for heading in card.iter(*_HEADINGS):
        around = []
        for ancestor in heading.iterancestors():
            if ancestor is card:
                break
            if ancestor.tag == "a":
                around.append(ancestor)
        for anchor in (*heading.iter("a"), *around):
            if _usable_link(anchor.get("href")):
                return anchor.get("href").strip()
    for anchor in card.iter("a"):
        if _usable_link(anchor.get("href")):
            return anchor.get("href").strip()
    return ""


def _title(card, page):
    for heading in card.iter(*_HEADINGS):
        text = " ".join(" ".join(_TEXTS(heading)).split())
        if text:
            return text
    for element in card.iter():
        if isinstance(element.tag, str) and re.search(r"title|name", element.get("class") or "", re.IGNORECASE):
            text = " ".join(" ".join(_TEXTS(element)).split())
            if text and len(text) <= 150 and not _PRICE.search(text):
                return text
    if card.tag == "tr":
        cells = [child for child in card if child.tag in ("td", "th")]
        text = " ".join(" ".join(_TEXTS(cells[0])).split()) if cells else ""
        return "" if _PRICE.search(text) or _BEDS.search(text) else text
    for anchor in card.iter("a"):
        text = " ".join(" ".join(_TEXTS(anchor)).split())
        if text and len(text) <= 150 and not _GENERIC_LINK.match(text) and not _PRICE.search(text):
            return text
    return ""


def _street(text):
    """Where a street address ("12 Oak St") starts in a line, or None."""
    return next((match.start() for match in _STREET.finditer(text) if not _NOT_STREET.search(match.group())), None)


def _address(card, lines):
    for element in card.iter("address"):
        text = " ".join(" ".join(_TEXTS(element)).split())
        start = _street(text)
        if start is not None:
            return text[start:]
    joined = _SEPARATOR.join(lines)  # one search over every line
    for match in _STREET.finditer(joined):
        if _NOT_STREET.search(match.group()):
            continue
        line_end = joined.find(_SEPARATOR, match.end())
        text = joined[match.start():line_end if line_end >= 0 else None]
        following = joined[line_end + 1:].split(_SEPARATOR, 1)[0] if line_end >= 0 else ""
        if not _HAS_CITY.search(text) and _CITY_LINE.match(following):
            text = f"{text}, {following}"
        return text
    return ""


def _photo(card):
    for image in card.iter("img"):
        if _NOT_PHOTO.search(f"{image.get('class') or ''} {image.get('alt') or ''}"):
            continue
        for attribute in _PHOTO_ATTRIBUTES:
            value = (image.get(attribute) or "").strip()
            if value and not _NOT_PHOTO.search(value):
                return value
    return ""


def _rooms(match, unit):
    count = next(group for group in match.groups() if group)
    return "Studio" if count.lower() in ("studio", "efficiency") else f"{count} {unit}"


def _price(lines):
    """The first line that reads as the rent; a label before it ("Deposit", "Average rent") counts."""
    for position, line in enumerate(lines):
        rent = _rent_text(line)
        if rent is None:
            continue
        label = lines[position - 1] if position else ""
        if len(label) <= 40 and _NOT_RENT.search(label) and not _PRICE.search(label):
            continue
        return rent
    return None


def _facts(card, page):
    lines = page.text_lines(card)
    texts = page.short_texts(card)
    pets = [line for line in lines if len(line) <= 80 and _PETS.search(line)] if _PETS.search(" ".join(lines)) else []
    return {
        "url": _link(card),
        "title": _title(card, page),
        "address": _address(card, lines),
        "price": _price(lines),
        "bedrooms": _first(_BEDS, texts, lambda match: _rooms(match, "bd")),
        "bathrooms": _first(_BATHS, texts, lambda match: _rooms(match, "ba")),
        "square_feet": _first(_SQUARE_FEET, texts, lambda match: f"{match.group(1) or match.group(2)} sq ft"),
        "available_from": _first(_AVAILABLE, texts, lambda match: match.group(1)),
        "pets_allowed": " ".join(pets) or None,
        "photos": [photo] if (photo := _photo(card)) else [],
    }


def _context(row, rows_of_kind, instances, page):
    """The repeated card around a row without a link of its own, when the row has siblings."""
    if _link(row):
        return None
    parent = row.getparent()
    if parent is None or sum(1 for sibling in parent if sibling in rows_of_kind) < 2:
        return None
    for depth, ancestor in enumerate(parent.iterancestors()):
        if depth > 6 or ancestor.tag in ("body", "html"):
            return None
        if ancestor.tag in _BLOCKS and len(instances[page.signature(ancestor)]) >= 2 and _link(ancestor):
            return ancestor
    return None


def _contexts(rows, instances, page):
    """{row: its card} when rows of one kind sit in at least two cards (unit types under each
    building); a single block around them all is the page, not a card."""
    kind = set(rows)
    contexts = {row: _context(row, kind, instances, page) for row in rows}
    contexts = {row: context for row, context in contexts.items() if context is not None}
    return contexts if len(set(contexts.values())) >= 2 else {}


def _with_own_links(found):
    """Cards whose links all lead to one page are not listings of their own: teasers that jump
    to sections of it (`/floorplans#one-bedroom`) are dropped; a link every card shares
    ("Schedule a tour") names none of them."""
    links = [raw["url"] for _, raw in found if raw["url"]]
    if len(links) < 2 or len({urldefrag(link)[0] for link in links}) > 1:
        return found
    if len(set(links)) == len(links):
        return []
    for _, raw in found:
        raw["url"] = ""
    return found


def _without_repeats(listings):
    """A card shown twice (a featured copy, often with `?featured=1` on its link) is one listing:
    same link but for the query, same rent, rooms and address."""
    kept, seen = [], {}
    for raw in listings:
        parts = urlsplit(raw["url"]) if raw["url"] else None
        key = parts and (parts.netloc, parts.path, raw["price"], raw["bedrooms"], raw["bathrooms"], raw["address"])
        first = seen.get(key) if key else None
        if first is None:
            if key:
                seen[key] = raw
            kept.append(raw)
            continue
        if len(raw["url"]) < len(first["url"]):
            first["url"] = raw["url"]
        for name, value in raw.items():
            if not first.get(name):
                first[name] = value
    return kept


def extract_listings(selector):
    """Raw listings read from the page's repeated listing-like blocks."""
    root = selector.root
    if not isinstance(getattr(root, "tag", None), str):
        return []
    page = _Page()
    chains, instances = [], defaultdict(set)
    for element in _price_elements(root):
        chain = []
        node = element
        while node is not None and node.tag not in ("body", "html") and len(chain) < _MAX_DEPTH:
            chain.append(node)
            instances[page.signature(node)].add(node)
            node = node.getparent()
        chains.append(chain)

    found = {}  # card: position of its first price on the page
    for chain in chains:
        card = _card_of(chain, instances, page)
        if card is not None:
            found.setdefault(card, len(found))
    # A block holding other cards (a building around its unit rows) is their context, not a card.
    holders = {ancestor for card in found for ancestor in card.iterancestors() if ancestor in found}
    kinds = defaultdict(list)
    for card, position in found.items():
        if card not in holders:
            kinds[page.signature(card)].append((position, card))

    listings = []
    for members in kinds.values():
        positions = [position for position, _ in members]
        cards = [card for _, card in members]
        kind = set(cards)
        shared = any(sum(1 for sibling in card.getparent() if sibling in kind) > 1 for card in cards)
        if not shared:
            cards = _widen(cards, page)
        kept = [(position, card) for position, card in zip(positions, cards, strict=True) if not _is_advert(card, page)]
        if len(kept) < 2:
            continue
        contexts = _contexts([card for _, card in kept], instances, page)
        found_here = []
        for position, card in kept:
            raw = _facts(card, page)
            if raw["price"] is None:  # its only amounts were deposits, fees or averages
                continue
            context = contexts.get(card)
            if context is not None:
                around = _facts(context, page)
                raw.update({name: around[name] for name in ("title", "address", "photos") if around[name]})
            found_here.append((position, raw))
        listings.extend(_with_own_links(found_here))
    listings.sort(key=lambda pair: pair[0])
    return _without_repeats([raw for _, raw in listings])
