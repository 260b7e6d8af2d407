"""Links to listings' own pages, on a listing page that shows no rent (a grid of photos, titles
and "View details" links, as WordPress, Squarespace and Wix sites of small managers show).

A link is a listing's when its address reads like one (`/listings/<slug>`, `/property/<id>`,
`/rentals/2-bed-on-oak/`, `?listing=88`): a folder or a query key that names rentals, and the
listing's own name or number after it. Such links count only as a grid: at least two listings
under one pattern, each in its own block of one shape (the card) that shows more than the
link (a photo, a heading, a second line). Links in navigation, headers, footers, side bars,
menus and forms, to another site, or to a blog, news, team, contact, application or sign-in
page are never listings.
"""

import re
from collections import defaultdict
from urllib.parse import parse_qsl, urldefrag, urlsplit

from . import card_text
from .links import absolute_url

MIN_GRID = 2
_MAX_CARD_TEXT = 1500  # characters: a block with more text is an article, not a listing's card

# Folders (and query keys) that name rentals; words of a hyphenated folder count ("for-rent").
_LISTING_WORDS = frozenset(
    {
        "listing",
        "listings",
        "property",
        "properties",
        "rental",
        "rentals",
        "unit",
        "units",
        "home",
        "homes",
        "apartment",
        "apartments",
        "apt",
        "apts",
        "house",
        "houses",
        "rent",
        "lease",
        "leasing",
        "available",
        "availability",
        "vacancy",
        "vacancies",
        "residence",
        "residences",
        "townhome",
        "townhomes",
        "condo",
        "condos",
    }
)
_LISTING_KEYS = re.compile(
    r"^(?:listing|property|rental|unit|home|apartment)s?(?:[_-]?id)?$|^pid$|^lid$", re.IGNORECASE
)
# Words that make an address anything but a listing's own page.
_NOT_LISTING_WORDS = frozenset(
    {
        "blog",
        "blogs",
        "news",
        "post",
        "posts",
        "article",
        "articles",
        "category",
        "categories",
        "tag",
        "tags",
        "author",
        "authors",
        "team",
        "staff",
        "agent",
        "agents",
        "about",
        "contact",
        "apply",
        "application",
        "applications",
        "login",
        "signin",
        "account",
        "portal",
        "resident",
        "residents",
        "owner",
        "owners",
        "faq",
        "faqs",
        "event",
        "events",
        "career",
        "careers",
        "jobs",
        "services",
        "testimonials",
        "reviews",
        "search",
        "page",
        "feed",
        "cart",
        "checkout",
        "privacy",
        "terms",
        "sale",
        "sold",
        "buy",
        "maintenance",
        "payment",
        "payments",
        "pay",
        "wp-content",
        "wp-admin",
        "wp-json",
        "office",
        "offices",
        "locations",
        "press",
        "share",
    }
)
_NOT_LISTING_KEYS = frozenset({"p", "page_id", "cat", "tag", "author", "s"})  # WordPress posts, pages, search
_WORD_SPLIT = re.compile(r"[-_.+]")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NUMBERED_FOLDER = re.compile(r"-\d+$")  # Wix numbers a copied page: /rentals-1/<slug>
_SKIPPED = ("nav", "header", "footer", "aside", "form", "button", "script", "style", "noscript", "template")
_SKIPPED_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|pagination|pager|sidebar|widget|footer"
    r"|header|social|share)(?:$|[\s_-])",
    re.IGNORECASE,
)
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc"})
_IP_HOST = re.compile(r"^[\d.]+$|:")


def registrable_host(url):
    """The host a link's site is registered under ("example.com" for www.example.com and
    listings.example.com; "example.co.uk" under a country's second level); an IP address or a
    one-word host is itself."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host or _IP_HOST.search(host):
        return host
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def same_site(url, other):
    host = registrable_host(url)
    return bool(host) and host == registrable_host(other)


def _words(segment):
    return {word for word in _WORD_SPLIT.split(segment.lower()) if word}


def _never_a_listing(parts, segments):
    words = set().union(*(_words(segment) for segment in segments)) if segments else set()
    keys = {key.lower() for key, _ in parse_qsl(parts.query)}
    return (
        parts.scheme not in ("http", "https")
        or bool(words & _NOT_LISTING_WORDS or keys & _NOT_LISTING_KEYS)
        or any(_YEAR.match(segment) for segment in segments)  # /2025/03/<post>: a dated post
    )


def may_follow(url, page_url):
    """Whether a listing's link found on page_url may be followed to its own page: on the same
    site, and not to a blog, team, contact or sign-in page."""
    parts = urlsplit(url)
    return same_site(url, page_url) and not _never_a_listing(parts, [s for s in parts.path.split("/") if s])


def listing_pattern(url):
    """The shape a listing's own address has, with its name or number left out
    (("/listings/", "") for /listings/<slug>, ("/details", "listing") for /details?listing=88),
    or None when the address is no listing's."""
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    if _never_a_listing(parts, segments):
        return None
    query = parse_qsl(parts.query)
    listing_key = next((key for key, value in query if _LISTING_KEYS.match(key) and value), None)
    if listing_key:
        return parts.path.rstrip("/"), listing_key.lower()
    if len(segments) < 2:
        return None
    folders = [_NUMBERED_FOLDER.sub("", segment.lower()) for segment in segments[:-1]]
    if not set().union(*(_words(folder) for folder in folders)) & _LISTING_WORDS:
        return None
    return "/" + "/".join(folders) + "/", ""


def _skipped(anchor):
    for ancestor in anchor.iterancestors():
        if ancestor.tag in ("body", "html"):  # themes name the page's layout there ("has-sidebar")
            return False
        if ancestor.tag in _SKIPPED or ancestor.get("role") in ("navigation", "menu", "banner", "contentinfo"):
            return True
        if _SKIPPED_CLASS.search(f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"):
            return True
    return False


def _card(anchor, target, targets_of, root):
    """The largest block around the link that holds no link to another listing of its grid."""
    card = anchor
    for ancestor in anchor.iterancestors():
        if ancestor is root or ancestor.tag in ("body", "html"):
            break
        if any(other != target for other in targets_of(ancestor)):
            break
        card = ancestor
    return card


def _shows_more_than_a_link(card, page):
    lines = page.text_lines(card)
    if sum(len(line) for line in lines) > _MAX_CARD_TEXT:
        return False
    has_heading = any(True for _ in card.iter(*card_text.HEADINGS))
    return has_heading or card_text.card_photo(card) != "" or len(set(lines)) >= 2


def listing_links(selector, page_url):
    """Raw listings ({"url", "title", "photos"}) for the links of the page's listing grids, in
    page order; [] when the page has none."""
    root = selector.root
    if not isinstance(getattr(root, "tag", None), str):
        return []
    page = card_text.PageText()
    found = []
    for targets in _grids(root, page_url).values():
        if len(targets) >= MIN_GRID:
            found += _grid_listings(targets, root, page)
    found.sort(key=lambda pair: pair[0])
    return [raw for _, raw in found]


def _grids(root, page_url):
    """{address pattern: {target: [anchors]}}: the page's links to its own site's listings,
    grouped by the shape of their address."""
    grids = defaultdict(dict)
    page_target = urldefrag(page_url)[0]
    for anchor in root.iter("a"):
        href = card_text.usable_link(anchor.get("href"))
        target = urldefrag(absolute_url(href, page_url) or "")[0] if href else ""
        if not target or target == page_target or not same_site(target, page_url) or _skipped(anchor):
            continue
        pattern = listing_pattern(target)
        if pattern is not None:
            grids[pattern].setdefault(target, []).append(anchor)
    return grids


def _grid_listings(targets, root, page):
    """[(source line, raw listing)] for the cards of one grid that share a shape with at least
    MIN_GRID - 1 others."""
    owner = {anchor: target for target, anchors in targets.items() for anchor in anchors}
    inside = {}

    def targets_of(element):
        if element not in inside:
            inside[element] = {owner[a] for a in element.iter("a") if a in owner}
        return inside[element]

    cards = {target: _card(anchors[0], target, targets_of, root) for target, anchors in targets.items()}
    shapes = defaultdict(list)
    for target, card in cards.items():
        if _shows_more_than_a_link(card, page):
            shapes[page.signature(card)].append(target)
    found = []
    for members in shapes.values():
        if len(members) < MIN_GRID:
            continue
        for target in members:
            card = cards[target]
            photo = card_text.card_photo(card)
            found.append(
                (
                    card.sourceline or 0,
                    {
                        "url": target,
                        "title": card_text.card_title(card, page),
                        "photos": [photo] if photo else [],
                    },
                )
            )
    return found
