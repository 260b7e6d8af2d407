"""Listings from schema.org JSON-LD: Apartment, House, SingleFamilyResidence, Accommodation,
Residence, Product/Offer, RealEstateListing and FloorPlan, at the top level, in `@graph`, in
ItemLists, nested in offers (`offers.itemOffered`), inside complexes (`containsPlace`,
`accommodationFloorPlan`) and linked by `@id`.

A complex (ApartmentComplex, GatedResidenceCommunity, a Residence with units) is never a
listing: it lends its address and pet policy to its units. A unit inherits its floor plan's
beds, baths and size; a floor plan with a price of its own and no units is a listing (a plan
available to rent). Several offers give the lowest price.

Works on page text alone (a regex finds the script blocks; no HTML tree), which keeps it fast:
about five times faster than extruct at finding and parsing the blocks. schema.org microdata
(itemscope/itemprop) is read into the same shapes (microdata.py). This module finds the
candidates; jsonld_fields.py reads each one's fields.
"""

import json
import re

from .jsonld_fields import ListingReader
from .microdata import microdata_items
from .schema_org import (
    LISTING_TYPES,
    MAX_DEPTH,
    OFFER_TYPES,
    PLAN_TYPES,
    UNIT_TYPES,
    Document,
    as_list,
    is_complex,
    node_types,
)
from .values import parse_price

_SCRIPT_OPEN = re.compile(r"<script\b[^>]*?\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>", re.IGNORECASE)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.IGNORECASE)
# HTML comments and CDATA markers some sites still wrap their JSON in.
_WRAPPER_START = re.compile(r"^\s*(?:<!--|/\*\s*<!\[CDATA\[\s*\*/|//\s*<!\[CDATA\[)")
_WRAPPER_END = re.compile(r"(?:-->|/\*\s*\]\]>\s*\*/|//\s*\]\]>)\s*$")

# When two nodes describe one listing (an Offer and its itemOffered), the outer one speaks.
_PRIORITY = {"RealEstateListing": 0, "Offer": 1, "AggregateOffer": 1, "Product": 2}
_MAX_NODES = 20_000


def script_texts(text, opening):
    """The text of every script whose opening tag matches `opening` (a search for the closing tag,
    not a lazy match, keeps this linear on large pages)."""
    texts = []
    for match in opening.finditer(text):
        closing = _SCRIPT_CLOSE.search(text, match.end())
        texts.append(text[match.end() : closing.start() if closing else len(text)])
    return texts


def _unwrapped(block):
    """A block without the comment or CDATA markers around it (only its ends are looked at)."""
    block = block.strip()
    start = _WRAPPER_START.match(block)
    if start:
        block = block[start.end() :]
    end = _WRAPPER_END.search(block, max(0, len(block) - 64))
    return block[: end.start()] if end else block


def script_blocks(text):
    """The parsed JSON of every JSON-LD script in a page; blocks that are not JSON are skipped."""
    documents = []
    for block in script_texts(text, _SCRIPT_OPEN):
        try:
            documents.append(json.loads(block, strict=False))
            continue
        except ValueError:
            pass
        try:
            documents.append(json.loads(_unwrapped(block), strict=False))
        except ValueError:
            continue
    return documents


class _Finder:
    """Depth-first over the documents: listing candidates with their complex and floor plan.

    A listing is not searched inside (its offers and unit are read with it). Complexes and
    floor plans seen anywhere are kept for the units that point to them or sit on the same page.
    """

    def __init__(self, doc):
        self.doc = doc
        self.found = []  # (node, complex or None, floor plan or None)
        self.complexes = []
        self.plans = []
        self.visited = 0

    def walk(self, value, complex_=None, plan=None, depth=0):
        if depth > MAX_DEPTH or self.visited > _MAX_NODES:
            return
        if isinstance(value, list):
            for item in value:
                self.walk(item, complex_, plan, depth + 1)
            return
        if not isinstance(value, dict):
            return
        self.visited += 1
        node = self.doc.deref(value)
        types = node_types(node)
        if is_complex(node, types):
            self._walk_complex(node, plan, depth)
        elif types & PLAN_TYPES:
            self._walk_plan(node, complex_, depth)
        elif types & LISTING_TYPES:
            self._walk_listing(node, types, complex_, plan, depth)
        else:
            for key, item in node.items():
                if isinstance(item, (dict, list)) and (key == "@graph" or not key.startswith("@")):
                    self.walk(item, complex_, plan, depth + 1)

    def _walk_complex(self, node, plan, depth):
        """A complex is kept (it lends to its units); its units are walked."""
        if not any(node is seen for seen in self.complexes):
            self.complexes.append(node)
        self.walk(self._units_of(node), node, plan, depth + 1)

    def _walk_plan(self, node, complex_, depth):
        """A floor plan is kept (it lends to its units); its units are walked, or it is a candidate itself."""
        if not any(node is seen for seen, _ in self.plans):
            self.plans.append((node, complex_))
        units = as_list(node.get("isPlanForApartment")) + as_list(node.get("containsPlace"))
        if units:
            self.walk(units, complex_, node, depth + 1)
        else:
            self.found.append((node, complex_, None))

    def _walk_listing(self, node, types, complex_, plan, depth):
        """A listing is a candidate, unless it offers a whole complex or several distinct units."""
        for key in ("itemOffered", "about", "mainEntity"):
            subject = self.doc.first(node.get(key))
            if subject is not None and is_complex(subject, node_types(subject)):
                # An offer or listing of a whole complex ("from $1,299") prices no unit: its units
                # are the listings.
                self.walk(subject, complex_, plan, depth + 1)
                return
        split = self._offers_of_distinct_units(node, types)
        if split:
            self.walk(split, node if complex_ is None else complex_, plan, depth + 1)
        else:
            self.found.append((node, complex_, plan))

    def _units_of(self, complex_):
        units = as_list(complex_.get("containsPlace")) + as_list(complex_.get("accommodationFloorPlan"))
        for offer in self.doc.nodes(complex_.get("offers")) + self.doc.nodes(complex_.get("makesOffer")):
            # A complex's own AggregateOffer ("from $1,299") is no unit; offers of units are.
            for candidate in [offer, *self.doc.nodes(offer.get("offers"))]:
                if candidate.get("itemOffered") is not None:
                    units.append(candidate)
        return units

    def _offers_of_distinct_units(self, node, types):
        """A Product or listing whose offers each offer a different unit: one listing per offer."""
        if types & OFFER_TYPES:
            return None
        offers, items = [], set()
        for offer in self.doc.nodes(node.get("offers")):
            item = self.doc.first(offer.get("itemOffered"))
            # Offers of one unit (lease terms) or of untyped things stay one listing.
            if item is None or not node_types(item) & (UNIT_TYPES | PLAN_TYPES) or id(item) in items:
                return None
            offers.append(offer)
            items.add(id(item))
        return offers if len(offers) > 1 else None


def _referenced_ids(node):
    ids = set()
    for key in ("about", "mainEntity", "itemOffered", "offers", "containsPlace"):
        for item in node.get(key) if isinstance(node.get(key), list) else [node.get(key)]:
            if isinstance(item, dict) and isinstance(item.get("@id"), str):
                ids.add(item["@id"])
    return ids


def _identifiable(raw):
    """A link, an id, a price or a street address: something a renter (or a merge) can go by.

    Several units known only by a name and their rooms (a search page's summary beside its
    cards) are not kept; a single one is the page's own (a listing's detail page)."""
    address = raw.get("address")
    return bool(
        raw.get("url")
        or raw.get("external_id")
        or parse_price(raw.get("price"))[0] is not None
        or (isinstance(address, str) and re.search(r"\d", address))
    )


def extract_listings(text):
    """Raw listings (dicts of Rental field names to values as found) from a page's JSON-LD."""
    documents = script_blocks(text) + microdata_items(text)
    if not documents:
        return []
    doc = Document(documents)
    finder = _Finder(doc)
    finder.walk(documents)
    reader = ListingReader(doc, plans=finder.plans, complexes=finder.complexes)
    ranked = sorted(
        enumerate(finder.found),
        key=lambda pair: (min((_PRIORITY.get(t, 9) for t in node_types(pair[1][0])), default=9), pair[0]),
    )
    consumed_ids, seen_nodes, kept = set(), set(), []
    for position, (node, complex_, plan) in ranked:
        node_id = node.get("@id")
        if id(node) in seen_nodes or node_id in consumed_ids:
            continue
        seen_nodes.add(id(node))
        if isinstance(node_id, str):
            consumed_ids.add(node_id)
        consumed_ids |= _referenced_ids(node)
        kept.append((position, node, complex_, plan))
    kept.sort(key=lambda item: item[0])
    units = [
        (node, reader.raw_listing(node, complex_, plan))
        for _, node, complex_, plan in kept
        if not node_types(node) & PLAN_TYPES
    ]
    plans = []
    for _, node, complex_, plan in kept:
        # A floor plan is a listing when it has a price of its own, no unit points to it and its
        # complex lists no units.
        if (
            node_types(node) & PLAN_TYPES
            and id(node) not in reader.used_plans
            and (complex_ is None or id(complex_) not in reader.complexes_with_units)
        ):
            raw = reader.raw_listing(node, complex_, plan)
            if parse_price(raw["price"])[0] is not None:
                plans.append((node, raw))
    order = {id(node): position for position, node, _, _ in kept}
    found = [raw for _, raw in sorted(units + plans, key=lambda pair: order[id(pair[0])])]
    anonymous = {id(raw) for raw in found if not _identifiable(raw)}
    raws, urls = [], set()
    for raw in found:
        if len(anonymous) > 1 and id(raw) in anonymous:
            continue
        # A page that says it twice (JSON-LD and microdata): once.
        url = raw.get("url")
        if isinstance(url, str) and url:
            if url in urls:
                continue
            urls.add(url)
        raws.append(raw)
    return raws
