"""What a block of listing text says: the rent, rooms, size, move-in date, street address, title,
link and photo of one listing, read from its lines (for the card heuristic, `cards.py`, and
for a listing's own page, `detail.py`).

Facts stand in short lines ("$1,850/mo", "2 bd", "850 sq ft"), or open a long headline that
starts with the rent ("$1,850 / 2br - 850ft2 - ..."); an amount that names a deposit, a fee, a
saving or an average is no rent.
"""

import re

from lxml import etree

TEXTS = etree.XPath("descendant-or-self::text()[not(parent::script or parent::style)]", smart_strings=False)
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
MAX_FACT = 60  # a bed count or a price stands in a short line, not in a sentence
_MAX_PRICE_TEXT = 80
SEPARATOR = "\x00"  # between lines searched in one go: not whitespace, never in page text

_AMOUNT = r"(?:\d{1,3}(?:,\d{3})+|\d{3,6})(?:\.\d{2})?"
PRICE = re.compile(
    rf"[$€£]\s?{_AMOUNT}|{_AMOUNT}\s*(?:/\s*mo(?:nth)?\b|per\s+month\b|a\s+month\b|monthly\b)"
    rf"|\brent\b\s*:?\s*(?:from\s+)?[$€£]?\s?{_AMOUNT}",
    re.IGNORECASE,
)
_LEADING_PRICE = re.compile(rf"^[$€£]\s?{_AMOUNT}(?![\d,.])")
_HEADLINE_PART = re.compile(r"\s[-–/|•]\s")
NOT_RENT = re.compile(
    r"\b(?:off|save|saving|savings|deposit|fees?|credit|bonus|discount|gift|special|reward|application"
    r"|average|avg|median|estimated?|typical)\b",
    re.IGNORECASE,
)
_COUNT = r"\d+(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?"
BEDS = re.compile(
    rf"\b({_COUNT})\s*(?:bd|bds|beds?|bedrooms?|br|bdrms?)\b|\b(?:beds?|bedrooms?)\s*:?\s*(\d+|studio)\b"
    r"|(?:^|\x00)(?:\w+:\s*)?(studio|efficiency)\b",
    re.IGNORECASE,
)
BATHS = re.compile(
    rf"\b({_COUNT}(?:\s+1/2|\s*½)?)\s*(?:ba|bas|baths?|bathrooms?)\b|\b(?:baths?|bathrooms?)\s*:?\s*(\d+(?:\.\d+)?)",
    re.IGNORECASE,
)
_FEET = r"(?:\d{1,3}(?:,\d{3})+|\d{2,6})"
SQUARE_FEET = re.compile(
    rf"({_FEET}(?:\s*(?:-|–|to)\s*{_FEET})?)\s*(?:sq\.?\s*f(?:ee)?t\.?|sqft|square\s+f(?:ee|oo)t|ft²|ft2|sf)(?!\w)"
    rf"|\b(?:sq\.?\s*ft\.?|sqft|square\s+f(?:ee|oo)t)\s*:?\s*({_FEET})",
    re.IGNORECASE,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE = (
    rf"now|immediately|today|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?"
)
AVAILABLE = re.compile(
    rf"\b(?:available|avail\.?|move[- ]in)\b(?:\s+date)?\s*(?:from|on)?\s*:?\s*({_DATE})", re.IGNORECASE
)
STREET = re.compile(
    r"\b\d{1,6}[A-Za-z]?(?:-\d{1,5})?\s+(?:[A-Za-z0-9.'-]+\s+){0,5}?"
    r"(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|ter|terrace|pkwy"
    r"|parkway|hwy|highway|cir|circle|trl|trail|loop|square|row|pike|plaza|broadway|crescent|alley|walk)\b\.?"
    r"(?!\s*(?:f(?:ee|oo)t|ft)\b)",
    re.IGNORECASE,
)
NOT_STREET = re.compile(
    r"\b(?:bd|bds|beds?|bedrooms?|br|ba|baths?|bathrooms?|sq|sqft|ft|feet|mo|months?|units?|floors?)\b", re.IGNORECASE
)
_CITY_LINE = re.compile(r"^[A-Za-z][A-Za-z .'-]+,\s*[A-Za-z]{2}\b")
_HAS_CITY = re.compile(r",\s*[A-Za-z][A-Za-z .'-]+,\s*[A-Za-z]{2}\b")
_PETS = re.compile(r"\b(?:pets?|cats?|dogs?)\b", re.IGNORECASE)
GENERIC_LINK = re.compile(r"^(?:view|see|more|details?|apply|learn|schedule|contact|book|tour)\b", re.IGNORECASE)
VOLATILE_CLASS = re.compile(r"\d|--|^(?:is|has)-|^(?:active|featured|selected|first|last|odd|even|new|hover)$")
NOT_PHOTO = re.compile(r"placeholder|spacer|blank\.gif|\.svg(?:$|\?)|^data:|logo|icon|avatar|agent", re.IGNORECASE)
_PHOTO_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original", "src")


def signature(element):
    """What makes blocks "the same shape": the tag and the first class that is not a modifier, so
    `placard placard-option-gold` and `placard placard-option-silver`, or `post-12 listing` and
    `post-13 listing`, are one shape."""
    classes = (element.get("class") or "").split()
    return element.tag, next((token for token in classes if not VOLATILE_CLASS.search(token)), "")


class PageText:
    """Caches per element: signature, text lines, and what they say."""

    def __init__(self):
        self.signatures = {}
        self.lines = {}
        self.shorts = {}
        self.headers = {}

    def signature(self, element):
        if element not in self.signatures:
            self.signatures[element] = signature(element)
        return self.signatures[element]

    def short_texts(self, element):
        if element not in self.shorts:
            self.shorts[element] = short_texts(self.text_lines(element))
        return self.shorts[element]

    def text_lines(self, element):
        if element not in self.lines:
            if element.tag == "tr":
                self.lines[element] = self._row_lines(element)
            else:
                self.lines[element] = [line for line in (text.strip() for text in TEXTS(element)) if line]
        return self.lines[element]

    def _row_lines(self, row):
        """A table row's cells, each named by its column's header ("Bedrooms: 2")."""
        headers = self._headers(row)
        lines = []
        for position, cell in enumerate(child for child in row if child.tag in ("td", "th")):
            text = " ".join(" ".join(TEXTS(cell)).split())
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
                    self.headers[table] = [" ".join(" ".join(TEXTS(cell)).split()) for cell in first]
                break
        return self.headers[table]


def headline_facts(line):
    """The opening of a long line that starts with the rent, where a headline states its facts
    ("$3,550 / 3br - 2472ft2 - Sunny home near the river (SW)", as manager sites copy Craigslist
    titles); cut at a word, so a sentence that only mentions rooms later on stays unread."""
    # Only the words up to the first separator qualify the amount ("$500 off - 2br ..." is no rent,
    # "$1,850 / 2br - condos off Newport Ave" is).
    if not _LEADING_PRICE.match(line) or NOT_RENT.search(_HEADLINE_PART.split(line, 1)[0]):
        return None
    return line[: MAX_FACT + 1].rsplit(" ", 1)[0]


def rent_text(line):
    """The text a line states the rent in: a short line that reads as a rent, or the opening of a
    headline that starts with it; None for anything else (a deposit, a fee, a paragraph)."""
    if len(line) <= _MAX_PRICE_TEXT:
        return line if PRICE.search(line) and not NOT_RENT.search(line) else None
    head = headline_facts(line)
    return head if head and PRICE.search(head) else None


def short_texts(lines):
    """The short lines, then each short line with the next ("2" and "bds" in two tags read as
    "2 bds"), joined by a separator no pattern crosses: one search covers every line."""
    singles = [line if len(line) <= MAX_FACT else headline_facts(line) for line in lines]
    singles = [line for line in singles if line]
    pairs = [
        f"{lines[position]} {lines[position + 1]}"
        for position in range(len(lines) - 1)
        if len(lines[position]) + len(lines[position + 1]) < MAX_FACT
    ]
    return SEPARATOR.join(singles), SEPARATOR.join(pairs)


def first_match(pattern, texts, render):
    for text in texts:
        match = pattern.search(text)
        if match:
            return render(match)
    return None


def states_rooms(texts):
    return any(BEDS.search(text) or BATHS.search(text) for text in texts)


def usable_link(href):
    href = (href or "").strip()
    return href if href and not href.startswith(("#", "javascript:", "mailto:", "tel:")) else ""


def card_link(card):
    if card.tag == "a" and usable_link(card.get("href")):
        return card.get("href").strip()
    for heading in card.iter(*HEADINGS):
        around = []
        for ancestor in heading.iterancestors():
            if ancestor is card:
                break
            if ancestor.tag == "a":
                around.append(ancestor)
        for anchor in (*heading.iter("a"), *around):
            if usable_link(anchor.get("href")):
                return anchor.get("href").strip()
    for anchor in card.iter("a"):
        if usable_link(anchor.get("href")):
            return anchor.get("href").strip()
    return ""


def card_title(card, page):
    for heading in card.iter(*HEADINGS):
        text = " ".join(" ".join(TEXTS(heading)).split())
        if text:
            return text
    for element in card.iter():
        if isinstance(element.tag, str) and re.search(r"title|name", element.get("class") or "", re.IGNORECASE):
            text = " ".join(" ".join(TEXTS(element)).split())
            if text and len(text) <= 150 and not PRICE.search(text):
                return text
    if card.tag == "tr":
        cells = [child for child in card if child.tag in ("td", "th")]
        text = " ".join(" ".join(TEXTS(cells[0])).split()) if cells else ""
        return "" if PRICE.search(text) or BEDS.search(text) else text
    for anchor in card.iter("a"):
        text = " ".join(" ".join(TEXTS(anchor)).split())
        if text and len(text) <= 150 and not GENERIC_LINK.match(text) and not PRICE.search(text):
            return text
    return ""


def street_start(text):
    """Where a street address ("12 Oak St") starts in a line, or None."""
    return next((match.start() for match in STREET.finditer(text) if not NOT_STREET.search(match.group())), None)


def card_address(card, lines):
    for element in card.iter("address"):
        text = " ".join(" ".join(TEXTS(element)).split())
        start = street_start(text)
        if start is not None:
            return text[start:]
    joined = SEPARATOR.join(lines)  # one search over every line
    for match in STREET.finditer(joined):
        if NOT_STREET.search(match.group()):
            continue
        line_end = joined.find(SEPARATOR, match.end())
        text = joined[match.start() : line_end if line_end >= 0 else None]
        following = joined[line_end + 1 :].split(SEPARATOR, 1)[0] if line_end >= 0 else ""
        if not _HAS_CITY.search(text) and _CITY_LINE.match(following):
            text = f"{text}, {following}"
        return text
    return ""


def card_photo(card):
    for image in card.iter("img"):
        if NOT_PHOTO.search(f"{image.get('class') or ''} {image.get('alt') or ''}"):
            continue
        for attribute in _PHOTO_ATTRIBUTES:
            value = (image.get(attribute) or "").strip()
            if value and not NOT_PHOTO.search(value):
                return value
    return ""


def rooms_text(match, unit):
    count = next(group for group in match.groups() if group)
    return "Studio" if count.lower() in ("studio", "efficiency") else f"{count} {unit}"


def first_rent(lines):
    """The first line that reads as the rent; a label before it ("Deposit", "Average rent") counts."""
    for position, line in enumerate(lines):
        rent = rent_text(line)
        if rent is None:
            continue
        label = lines[position - 1] if position else ""
        if len(label) <= 40 and NOT_RENT.search(label) and not PRICE.search(label):
            continue
        return rent
    return None


def card_facts(card, page):
    lines = page.text_lines(card)
    texts = page.short_texts(card)
    pets = [line for line in lines if len(line) <= 80 and _PETS.search(line)] if _PETS.search(" ".join(lines)) else []
    return {
        "url": card_link(card),
        "title": card_title(card, page),
        "address": card_address(card, lines),
        "price": first_rent(lines),
        "bedrooms": first_match(BEDS, texts, lambda match: rooms_text(match, "bd")),
        "bathrooms": first_match(BATHS, texts, lambda match: rooms_text(match, "ba")),
        "square_feet": first_match(SQUARE_FEET, texts, lambda match: f"{match.group(1) or match.group(2)} sq ft"),
        "available_from": first_match(AVAILABLE, texts, lambda match: match.group(1)),
        "pets_allowed": " ".join(pets) or None,
        "photos": [photo] if (photo := card_photo(card)) else [],
    }
