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
that starts with the rent, as titles copied from Craigslist do ("$1,850 / 2br - 850ft2 - ...");
`card_text.py` reads them.

Text in navigation, footers, forms, buttons and scripts is never read; a block that says
"sponsored" or "advertisement" is an advertisement.
"""

import re
from collections import defaultdict
from urllib.parse import urldefrag, urlsplit

from lxml import etree

from . import card_text

_SKIPPED = (
    "script",
    "style",
    "noscript",
    "template",
    "select",
    "option",
    "textarea",
    "form",
    "nav",
    "footer",
    "button",
    "head",
)
_SKIPPED = frozenset(_SKIPPED)
# libxml2 filters the text nodes; the few that read as a price are then checked for where they sit.
_CANDIDATE_TEXTS = etree.XPath(
    "//body//text()[contains(., '$') or contains(., '/mo') or contains(., '€') or contains(., '£')"
    " or contains(., 'Rent') or contains(., 'rent')]"
)

# Blocks a card can be; a price inside a paragraph or a cell belongs to the block around it.
_BLOCKS = frozenset(
    {"div", "li", "article", "section", "tr", "a", "aside", "figure", "dl", "ul", "ol", "table", "tbody"}
)
_MAX_DEPTH = 14
_MAX_CARD_TEXT = 3000  # characters: a block with more text holds more than one listing
_MAX_WRAPPER_CHILDREN = 6  # a wrapper taken with its card holds little else (a picture, a badge)
_ADVERT = re.compile(r"\b(?:sponsored|advertisement)\b", re.IGNORECASE)
_ADVERT_CLASS = re.compile(r"(?:^|[\s_-])(?:ad|ads|advert\w*|sponsor\w*)(?:$|[\s_-])", re.IGNORECASE)


def _price_elements(root):
    elements = []
    seen = set()
    for text in _CANDIDATE_TEXTS(root):
        if card_text.rent_text(text.strip()) is None:
            continue
        element = text.getparent()
        if text.is_tail and element is not None:
            element = element.getparent()
        if (
            element is None
            or element.tag in _SKIPPED
            or any(ancestor.tag in _SKIPPED for ancestor in element.iterancestors())
        ):
            continue
        if element not in seen:
            seen.add(element)
            elements.append(element)
    return elements


def _card_of(chain, instances, page):
    """The first block up the chain whose shape repeats and that also states bedrooms or baths."""
    for element in chain:
        if element.tag not in _BLOCKS or len(instances[page.signature(element)]) < 2:
            continue
        lines = page.text_lines(element)
        if sum(len(line) for line in lines) > _MAX_CARD_TEXT:
            return None
        if card_text.states_rooms(page.short_texts(element)):
            return element
    return None


def _widen(cards, page):
    """Cards of one shape, each alone in a thin wrapper of one shape, are taken with their wrapper."""
    while True:
        parents = [card.getparent() for card in cards]
        if any(
            parent is None or parent.tag not in _BLOCKS or len(parent) > _MAX_WRAPPER_CHILDREN for parent in parents
        ):
            return cards
        if len(set(parents)) != len(parents) or len({page.signature(parent) for parent in parents}) != 1:
            return cards
        cards = parents


def _is_advert(card, page):
    if _ADVERT_CLASS.search(f"{card.get('class') or ''} {card.get('id') or ''}"):
        return True
    return any(_ADVERT.search(line) for line in page.text_lines(card))


def _context(row, rows_of_kind, instances, page):
    """The repeated card around a row without a link of its own, when the row has siblings."""
    if card_text.card_link(row):
        return None
    parent = row.getparent()
    if parent is None or sum(1 for sibling in parent if sibling in rows_of_kind) < 2:
        return None
    for depth, ancestor in enumerate(parent.iterancestors()):
        if depth > 6 or ancestor.tag in ("body", "html"):
            return None
        if ancestor.tag in _BLOCKS and len(instances[page.signature(ancestor)]) >= 2 and card_text.card_link(ancestor):
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
    page = card_text.PageText()
    chains, instances = _price_chains(root, page)
    listings = []
    for members in _cards_by_kind(chains, instances, page).values():
        listings.extend(_kind_listings(members, instances, page))
    listings.sort(key=lambda pair: pair[0])
    return _without_repeats([raw for _, raw in listings])


def _price_chains(root, page):
    """([the chain of blocks around each price, innermost first], {signature: blocks of that shape})."""
    chains, instances = [], defaultdict(set)
    for element in _price_elements(root):
        chain = []
        node = element
        while node is not None and node.tag not in ("body", "html") and len(chain) < _MAX_DEPTH:
            chain.append(node)
            instances[page.signature(node)].add(node)
            node = node.getparent()
        chains.append(chain)
    return chains, instances


def _cards_by_kind(chains, instances, page):
    """{signature: [(position of its first price on the page, card)]} for the cards the prices
    sit in."""
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
    return kinds


def _kind_listings(members, instances, page):
    """[(position, raw listing)] for the cards of one shape, none unless at least two are left."""
    positions = [position for position, _ in members]
    cards = [card for _, card in members]
    kind = set(cards)
    shared = any(sum(1 for sibling in card.getparent() if sibling in kind) > 1 for card in cards)
    if not shared:
        cards = _widen(cards, page)
    kept = [(position, card) for position, card in zip(positions, cards, strict=True) if not _is_advert(card, page)]
    if len(kept) < 2:
        return []
    contexts = _contexts([card for _, card in kept], instances, page)
    found_here = []
    for position, card in kept:
        raw = card_text.card_facts(card, page)
        if raw["price"] is None:  # its only amounts were deposits, fees or averages
            continue
        context = contexts.get(card)
        if context is not None:
            around = card_text.card_facts(context, page)
            raw.update({name: around[name] for name in ("title", "address", "photos") if around[name]})
        found_here.append((position, raw))
    return _with_own_links(found_here)
