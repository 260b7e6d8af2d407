"""What a platform preset is: how to recognise the platform's pages and read their listings."""

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit

from .. import css


@dataclass(frozen=True)
class Preset:
    """A platform's listing pages.

    Recognised by `hosts` (regular expressions matched against the page's host) or by
    `markers` (CSS selectors only that platform's pages match). Listings are read with
    `item` and `fields` exactly like a configured CSS `listing`; `reader`, when given, reads
    them instead (for platforms whose listings live in page data rather than markup).

    `sources`, when given, names the addresses the listings of a page it recognises load from
    in a browser (an embedded widget's own listing page, the JSON a script asks for): the
    crawl fetches them and this preset reads what they answer (`listing_sources`).
    `answer_sources`, when given, names the addresses such an answer leads to in turn (a
    widget's script that says which list to ask for, a list's next page, a unit's own data
    call), followed the same way within the crawl's limits (`answer_listing_sources`).
    `check`, when given, says why an answer cannot be read ("" when it can): that answer is
    left out, with a warning (`answer_problem`).
    """

    name: str
    hosts: tuple = ()
    markers: tuple = ()
    item: str = ""
    fields: dict = field(default_factory=dict)
    reader: object = None
    sources: object = None
    answer_sources: object = None
    check: object = None

    def matches(self, page):
        return self.matches_host(page) or self.matches_markup(page)

    def matches_host(self, page):
        host = (urlsplit(page.url).hostname or "").lower()
        return any(re.search(pattern, host) for pattern in self.hosts)

    def matches_markup(self, page):
        """One XPath question over the page for all the markers (each CSS, translated once)."""
        return bool(self.markers) and bool(page.selector.root.xpath(_markers_xpath(self.markers)))

    def extract(self, page):
        if self.reader is not None:
            return self.reader(page)
        return css.extract_listings(page.selector, {"item": self.item, "fields": self.fields})

    def listing_sources(self, page):
        """Where the listings of this page load from: absolute http(s) addresses, each once, in
        the order the page names them, never the page itself."""
        return [] if self.sources is None else _absolute_addresses(page, self.sources(page))

    def answer_listing_sources(self, answer):
        """Where an answer the crawl followed leads to in turn, like `listing_sources`."""
        return [] if self.answer_sources is None else _absolute_addresses(answer, self.answer_sources(answer))

    def answer_problem(self, answer):
        """Why a followed answer cannot be read ("" when it can, or when the preset does not say)."""
        return "" if self.check is None else self.check(answer)


def _absolute_addresses(page, addresses):
    own = urldefrag(page.url)[0]
    found = []
    for address in addresses:
        try:
            absolute = urldefrag(urljoin(page.url, address.strip()))[0]
            parts = urlsplit(absolute)
        except ValueError:  # not an address a browser could follow ("http://[oops")
            continue
        if parts.scheme in ("http", "https") and parts.hostname and absolute != own and absolute not in found:
            found.append(absolute)
    return found


@lru_cache(maxsize=64)
def _markers_xpath(markers):
    return "boolean(" + " | ".join(css.css_to_xpath(marker) for marker in markers) + ")"


# Shared kit for preset readers: parsel nodes in, clean strings out.


def json_answer(page):
    """The page's text as JSON when it is a JSON answer (an API address the crawl followed),
    else None. An HTML page never starts with a brace, so markup is not parsed twice."""
    text = page.text.lstrip()
    if not text.startswith(("{", "[")):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def frame_sources(page, pattern):
    """The `src` of every iframe whose address matches `pattern` (a compiled regular expression)."""
    return [src for src in page.selector.css("iframe::attr(src)").getall() if pattern.search(src.strip())]


_SPACE = re.compile(r"\s+")


def node_text(node, query=None):
    """The whole text of the first element `query` matches inside `node` (or of `node`), on one
    line; "" when nothing matches."""
    if query is not None:
        found = node.css(query)
        if not found:
            return ""
        node = found[0]
    return _SPACE.sub(" ", node.xpath("string()").get() or "").strip()


def node_texts(node, query):
    """The text of every element `query` matches, blanks left out."""
    return [text for text in (node_text(found) for found in node.css(query)) if text]


def attribute(node, name):
    """One attribute of an element, stripped, "" when it has none. (`.attrib` reads them all,
    and lxml refuses a page's malformed attribute names there.)"""
    value = node.root.get(name) if hasattr(node.root, "get") else None
    return value.strip() if isinstance(value, str) else ""


def node_attr(node, query, name):
    """An attribute of the first element `query` matches that has it, stripped; "" otherwise."""
    for found in node.css(query) if query else [node]:
        value = attribute(found, name)
        if value:
            return value
    return ""


def labelled_values(node, pairs, label, value):
    """{label: value} for the label/value pairs of a card: each element `pairs` matches holds one
    label (`label`) and its value (`value`), as "RENT" / "$1,450" in a definition list.

    Labels are lower-cased without a trailing colon; the first value of a label wins, so a fact
    a card repeats is read once.
    """
    values = {}
    for pair in node.css(pairs):
        name = node_text(pair, label).rstrip(":").strip().lower()
        text = node_text(pair, value)
        if name and text and name not in values:
            values[name] = text
    return values


_CITY_STATE_ZIP = re.compile(
    r"^(?P<city>[^,\d]+?),\s*(?P<state>[A-Za-z]{2})\.?(?:\s+(?P<postal_code>\d{5}(?:-\d{4})?))?$"
)


def city_state_zip(text):
    """{"city", "state", "postal_code"} from "Springfield, OR 97477", else {}."""
    match = _CITY_STATE_ZIP.match(_SPACE.sub(" ", text or "").strip())
    if not match:
        return {}
    return {key: value for key, value in match.groupdict().items() if value}


US_STATES = {
    "alabama": "AL",
    "alaska": "AK",
    "arizona": "AZ",
    "arkansas": "AR",
    "california": "CA",
    "colorado": "CO",
    "connecticut": "CT",
    "delaware": "DE",
    "district of columbia": "DC",
    "florida": "FL",
    "georgia": "GA",
    "hawaii": "HI",
    "idaho": "ID",
    "illinois": "IL",
    "indiana": "IN",
    "iowa": "IA",
    "kansas": "KS",
    "kentucky": "KY",
    "louisiana": "LA",
    "maine": "ME",
    "maryland": "MD",
    "massachusetts": "MA",
    "michigan": "MI",
    "minnesota": "MN",
    "mississippi": "MS",
    "missouri": "MO",
    "montana": "MT",
    "nebraska": "NE",
    "nevada": "NV",
    "new hampshire": "NH",
    "new jersey": "NJ",
    "new mexico": "NM",
    "new york": "NY",
    "north carolina": "NC",
    "north dakota": "ND",
    "ohio": "OH",
    "oklahoma": "OK",
    "oregon": "OR",
    "pennsylvania": "PA",
    "rhode island": "RI",
    "south carolina": "SC",
    "south dakota": "SD",
    "tennessee": "TN",
    "texas": "TX",
    "utah": "UT",
    "vermont": "VT",
    "virginia": "VA",
    "washington": "WA",
    "west virginia": "WV",
    "wisconsin": "WI",
    "wyoming": "WY",
}


def state_code(name):
    """ "GA" for "Georgia" (a US state spelled out), else the text as given."""
    text = _SPACE.sub(" ", name or "").strip()
    return US_STATES.get(text.lower(), text)


def listing_link(node, query, page_url):
    """The href of the first element `query` matches that leads somewhere of its own: "" for
    "#", a script or a link back to the page itself (two listings would share it)."""
    for found in node.css(query) if query else [node]:
        href = attribute(found, "href")
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        try:
            if urldefrag(urljoin(page_url, href))[0] == urldefrag(page_url)[0]:
                continue
        except ValueError:  # not a link a browser could follow ("http://[oops")
            continue
        return href
    return ""
