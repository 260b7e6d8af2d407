"""Listings from the app state pages ship as JSON or JavaScript (parsed by embedded_state).

In the parsed data, a listing is an object that carries a price together with beds or a
street address, and something that names it (an id, a link, a title or that address). Prices
that are averages or estimates, search filters, agents, offices and map pins without beds or
an address are not listings. A building's `units` are listings that borrow its address.

The work is bounded: values visited, nesting depth, listings kept.
"""

import re

from .embedded_fields import (
    address_parts,
    first_text,
    flat_fields,
    gone_or_ad,
    is_listing,
    plain_key,
    price_value,
    raw_fields,
    resolve_ref,
)
from .embedded_keys import BED_KEYS, FACT_CONTAINERS, PRICE_KEYS, STREET_KEYS, UNIT_NUMBER_KEYS
from .embedded_state import state_values

MAX_NODES = 60_000  # objects and arrays visited per page
MAX_DEPTH = 40
MAX_LISTINGS = 2_000

_PRICE_SET = frozenset(PRICE_KEYS)
_BED_SET = frozenset(BED_KEYS)
_CONTAINER_SET = frozenset(FACT_CONTAINERS)
# Lists of the units of a building or floor plan: each unit is a listing.
UNIT_LISTS = ("units", "availableunits", "unitsavailable", "floorplans", "apartments", "unittypes")
_UNIT_LIST_SET = frozenset(UNIT_LISTS)
# An object is looked at closely only when its keys could hold a price and beds or a street.
_PRICE_OR_MORE = _PRICE_SET | _CONTAINER_SET | _UNIT_LIST_SET
_ROOMS_OR_MORE = _BED_SET | frozenset(STREET_KEYS) | _CONTAINER_SET | _UNIT_LIST_SET
# Listings of other places shown alongside ("nearby", "similar", "recommended"): not this site's.
_ELSEWHERE = re.compile(
    r"nearby|similar|recommend|related|suggest|sponsor|promoted|otherlisting|alsoviewed"
    r"|peoplealso|compare|relaxed"
)
# The property a listing is shown with, in a component's props.
_PLACE_KEYS = ("property", "building", "community", "complex")


class _Walker:
    def __init__(self):
        self.nodes = 0
        self.found = []
        self.shapes = {}  # the keys of an object -> what they tell (state repeats the same shapes)

    def _shape(self, node):
        """(worth a closer look, holds a unit list, key of a property named beside, keys of other
        places' listings)."""
        names = tuple(node)
        shape = self.shapes.get(names)
        if shape is None:
            keys = {plain_key(name): name for name in names}
            found = keys.keys()
            closer = bool(found & _PRICE_OR_MORE and found & _ROOMS_OR_MORE)
            place = next((keys[key] for key in _PLACE_KEYS if key in keys), None)
            elsewhere = frozenset(name for key, name in keys.items() if _ELSEWHERE.search(key))
            shape = (closer, bool(found & _UNIT_LIST_SET), place, elsewhere)
            if len(self.shapes) < 20_000:
                self.shapes[names] = shape
        return shape

    def walk(self, root, refs):
        """Depth-first in page order; `place` is the address of a property named beside a value
        ({"unit": …, "property": …})."""
        stack = [(root, 0, None)]
        while stack and self.nodes < MAX_NODES and len(self.found) < MAX_LISTINGS:
            value, depth, place = stack.pop()
            self.nodes += 1
            if isinstance(value, list):
                children = value
            else:
                closer, has_units, place_key, elsewhere = self._shape(value)
                if closer and self._listing(value, refs, has_units, place):
                    continue
                children = (
                    value.values() if not elsewhere else [item for name, item in value.items() if name not in elsewhere]
                )
                if place_key is not None:
                    beside = resolve_ref(value[place_key], refs)
                    beside = address_parts(flat_fields(beside, refs, 2), refs) if isinstance(beside, dict) else {}
                    place = beside if beside.get("address") else None
                else:
                    place = None
            if depth < MAX_DEPTH:
                stack.extend((item, depth + 1, place) for item in reversed(children) if isinstance(item, (dict, list)))

    def _listing(self, node, refs, has_units, place):
        """Whether the object is a listing, or a building whose units are (and record them)."""
        flat = flat_fields(node, refs)
        if gone_or_ad(flat):
            return False
        if has_units and self._units(flat, refs):
            return True
        if price_value(flat, refs) is None:
            return False
        raw = raw_fields(flat, refs)
        if not is_listing(raw):
            return False
        if place and not raw.get("address"):
            raw.update({name: part for name, part in place.items() if name not in raw})
        self.found.append(raw)
        return True

    def _units(self, building, refs):
        """A building's units (or its plans' units) as listings; False when none are.

        A unit borrows its building's address and name, and its plan's rooms, size and photos. A
        list under `units` of an object without an address or link (search results) holds
        listings that must stand on their own.
        """
        home = raw_fields(building, refs)
        if not (home.get("address") or home.get("url")):
            home = {}
        raws = self._unit_listings(
            building, refs, home, {}, home.get("external_id") or home.get("url") or home.get("address")
        )
        for raw in raws:
            # The building's page is each unit's link (the ids keep them apart).
            if not raw.get("url") and home.get("url") and (raw.get("external_id") or len(raws) == 1):
                raw["url"] = home["url"]
        self.found.extend(raws)
        return bool(raws)

    def _unit_listings(self, holder, refs, home, plan, home_key, depth=0):
        raws = []
        for key in UNIT_LISTS:
            children = holder.get(key)
            for child in children[:MAX_LISTINGS] if isinstance(children, list) else ():
                child = resolve_ref(child, refs)
                if not isinstance(child, dict):
                    continue
                flat = flat_fields(child, refs)
                if gone_or_ad(flat):
                    continue
                raw = raw_fields(flat, refs)
                if depth < 2 and not flat.keys().isdisjoint(_UNIT_LIST_SET):
                    # A plan with units of its own: they are the listings, with its rooms.
                    inner = self._unit_listings(flat, refs, home, raw, raw.get("external_id") or home_key, depth + 1)
                    if inner:
                        raws.extend(inner)
                        continue
                unit = _with_home(raw, home, plan, first_text(flat, UNIT_NUMBER_KEYS), home_key)
                if is_listing(unit, lent=bool(home)):
                    raws.append(unit)
        return raws


def _apollo_cache(value):
    """The Apollo cache ({"ROOT_QUERY": …, "Listing:1": {…}}) that references in this state point
    into: the state itself or one a Next.js page passes in its props."""
    if not isinstance(value, dict):
        return None
    props = value.get("props")
    page_props = props.get("pageProps") if isinstance(props, dict) else None
    for holder in (value, page_props, props):
        if isinstance(holder, dict):
            for key in ("ROOT_QUERY", "__APOLLO_STATE__", "apolloState", "initialApolloState"):
                if key == "ROOT_QUERY" and key in holder:
                    return holder
                if isinstance(holder.get(key), dict):
                    return holder[key]
    return value


def _with_home(raw, home, plan, number, home_key):
    """A unit's own facts, blanks filled from its plan (rooms, size, photos) and its building."""
    unit = dict(raw)
    for name in ("bedrooms", "bathrooms", "square_feet", "photos", "description", "pets_allowed"):
        if name not in unit and name in plan:
            unit[name] = plan[name]
    own_street = "address" in unit
    for name in ("address", "city", "state", "postal_code", "photos", "description", "pets_allowed", "currency"):
        if name not in unit and name in home:
            unit[name] = home[name]
    label = f"#{number.lstrip('#')}" if number else None
    if number and not own_street and unit.get("address"):
        unit["address"] = f"{unit['address']} {label}"
    if home.get("title"):
        # "The Cortland Lofts – #204", "The Cortland Lofts – B1"
        own = label or (plan.get("title") if plan and not raw.get("title") else raw.get("title"))
        unit["title"] = f"{home['title']} – {own}" if own else home["title"]
    if home_key and not unit.get("external_id") and not raw.get("url"):
        # Units of one building share its link; their number and rooms tell them apart (not the
        # price, so a new price updates the same rental): "<building>:<beds>" for a unit type.
        parts = [number, unit.get("bedrooms"), unit.get("bathrooms"), unit.get("square_feet")]
        unit["external_id"] = ":".join(str(part) for part in [home_key, *parts] if part not in (None, ""))
    return unit


def _identity(raw):
    """What tells one listing of the state from another: its id, else its link, else its place."""
    if raw.get("external_id"):
        return ("id", str(raw["external_id"]))
    if raw.get("url"):
        return ("url", raw["url"])
    return ("place", "|".join(str(raw.get(name)) for name in ("address", "title", "bedrooms", "price")).lower())


def extract_listings(text):
    """Raw listings found in the page's embedded app state."""
    if "<script" not in text and "<SCRIPT" not in text and "&quot;" not in text:
        return []
    walker = _Walker()
    for value in state_values(text):
        walker.walk(value, _apollo_cache(value))
    listings, seen = [], {}
    for raw in walker.found:
        # The same listing in several places of the state (a list and a map, a cache and a query): once.
        known = seen.get(_identity(raw))
        if known is None:
            listings.append(raw)
            seen[_identity(raw)] = raw
        else:
            for name, value in raw.items():
                known.setdefault(name, value)
    return listings
