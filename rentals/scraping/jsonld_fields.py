"""The fields of one schema.org listing: read from the node, the unit it offers, its offers (the
cheapest first), its floor plan and its complex, then from its properties and, for what is still
missing, from its words.
"""

import re

from .jsonld_words import MONEY_AMOUNT, NOT_RENT, price_in_text, rooms_from_words
from .schema_org import LISTING_TYPES, OFFER_TYPES, PLAN_TYPES, UNIT_TYPES, as_list, node_types
from .values import parse_price

_MAX_OFFERS = 50
# additionalProperty names, matched as words ("current" is not "rent").
_NAMES = {
    "price": re.compile(r"\b(?:rent|rental|price|monthly)\b|\brate\b", re.IGNORECASE),
    "bedrooms": re.compile(r"\bbed(?:room)?s?\b|\bbr\b", re.IGNORECASE),
    "bathrooms": re.compile(r"\bbath(?:room)?s?\b", re.IGNORECASE),
    "square_feet": re.compile(r"\bsquare\b|\bsq\.?\s*f|\bsqft\b|\barea\b|\bsize\b", re.IGNORECASE),
    "available_from": re.compile(r"\bavailab|\bmove[\s-]?in\b", re.IGNORECASE),
    "pets_allowed": re.compile(r"\bpets?\b", re.IGNORECASE),
}


def _properties(nodes):
    """schema.org additionalProperty / amenityFeature as (lowercased name, value) pairs."""
    pairs = []
    for node in nodes:
        if node is None:
            continue
        for key in ("additionalProperty", "amenityFeature"):
            for prop in as_list(node.get(key)):
                if isinstance(prop, dict) and "value" in prop:
                    pairs.append((str(prop.get("name") or "").strip().lower(), prop["value"]))
    return pairs


def _first_value(nodes, *keys):
    for node in nodes:
        if node is None:
            continue
        for key in keys:
            value = node.get(key)
            if value not in (None, "", [], {}):
                return value
    return None


def _coalesce(*values):
    """The first value that is there at all (0 and False count: a studio, no pets)."""
    return next((value for value in values if value is not None), None)


def _offers(node, doc):
    """Every offer a node makes (itself when it is one), AggregateOffers with their inner offers."""
    if node is None:
        return []
    queue = [node] if node_types(node) & OFFER_TYPES else doc.nodes(node.get("offers"))
    offers = []
    while queue and len(offers) < _MAX_OFFERS:
        offer = queue.pop(0)
        if any(offer is seen for seen in offers):
            continue
        offers.append(offer)
        if node_types(offer) & {"AggregateOffer"}:
            queue.extend(doc.nodes(offer.get("offers")))
    return offers


def _price_of(offer, doc):
    """(raw price, currency, amount) of an offer: its lowest stated price."""
    best = (None, None, None)
    for holder in [offer, *doc.nodes(offer.get("priceSpecification"))]:
        if holder is not offer and NOT_RENT.search(str(holder.get("name") or "")):
            continue
        for key in ("price", "lowPrice", "minPrice"):
            value = holder.get(key)
            amount, symbol_currency = parse_price(value)
            if amount is not None and (best[2] is None or amount < best[2]):
                currency = _first_value([holder, offer], "priceCurrency") or symbol_currency
                best = (value, currency, amount)
    return best


def _lowest_offer(offers, doc):
    """(raw price, currency, the offer) of the cheapest offer; the first on a tie."""
    best = (None, None, None, None)
    for offer in offers:
        value, currency, amount = _price_of(offer, doc)
        if amount is not None and (best[3] is None or amount < best[3]):
            best = (value, currency, offer, amount)
    return best[:3]


def _strings(values):
    return [value for value in values if isinstance(value, str) and value]


def _address_parts(address):
    if isinstance(address, str):
        return {"address": address}
    if not isinstance(address, dict):
        return {}
    street = address.get("streetAddress")
    if isinstance(street, list):
        street = " ".join(str(part) for part in street)
    return {
        "address": street or address.get("name"),
        "city": address.get("addressLocality"),
        "state": address.get("addressRegion"),
        "postal_code": address.get("postalCode"),
    }


class _Sources:
    """Where one listing's facts are read from: the node, the unit it offers, its floor plan, its
    offers (the cheapest first), its properties and its descriptions."""

    def __init__(self, node, unit, plan, offers):
        self.node, self.unit, self.plan, self.offers = node, unit, plan, offers
        self.own = [node, unit]
        self.plans = [plan] if plan is not None else []
        self.named, self.unnamed_texts = _named_properties(_properties(self.own))
        self.descriptions = _descriptions(offers, node, unit)


def _named_properties(props):
    """({field: the first usable value of a property named for it}, texts of properties named
    otherwise); a property that names a deposit or a fee is neither."""
    named = {field: None for field in _NAMES}
    unnamed_texts = []
    for name, value in props:
        field = next((field for field, pattern in _NAMES.items() if name and pattern.search(name)), None)
        if field == "price" and NOT_RENT.search(name):
            field = None
        if field is not None:
            if named[field] is None and not (field == "price" and parse_price(value)[0] is None):
                named[field] = value
        elif isinstance(value, str) and not NOT_RENT.search(name):
            unnamed_texts.append(value)
    return named, unnamed_texts


def _descriptions(offers, node, unit):
    return _strings(
        [_first_value([holder], "description") for holder in (*offers, node, unit)]
        + [
            holder.get("description")
            for holder in (node.get("floorSize"), unit and unit.get("floorSize"))
            if isinstance(holder, dict)
        ]
    )


def _stated_bathrooms(own):
    """Bathrooms as stated: a total, else full ones and half the partial ones."""
    full = _first_value(own, "numberOfFullBathrooms")
    partial = _first_value(own, "numberOfPartialBathrooms")
    bathrooms = _first_value(own, "numberOfBathroomsTotal", "numberOfBathrooms")
    if bathrooms is None and full is not None:
        try:
            bathrooms = float(full) + float(partial or 0) / 2
        except (TypeError, ValueError):
            bathrooms = full
    return bathrooms


def _rooms(sources):
    """(bedrooms, bathrooms, square feet): the unit's or listing's own, a property's, the floor plan's;
    words are read only when one of them is still missing."""
    unit, node, plans, named = sources.unit, sources.node, sources.plans, sources.named
    bedrooms = _coalesce(
        _first_value([unit, node], "numberOfBedrooms"), named["bedrooms"], _first_value(plans, "numberOfBedrooms")
    )
    bathrooms = _coalesce(
        _stated_bathrooms(sources.own),
        named["bathrooms"],
        _first_value(plans, "numberOfBathroomsTotal", "numberOfBathrooms"),
    )
    square_feet = _coalesce(
        _first_value([unit, node], "floorSize"), named["square_feet"], _first_value(plans, "floorSize")
    )
    if bedrooms is None or bathrooms is None or square_feet is None:
        return _rooms_with_words(sources, bedrooms, bathrooms, square_feet)
    return bedrooms, bathrooms, square_feet


def _rooms_with_words(sources, bedrooms, bathrooms, square_feet):
    """The missing rooms from words (only what they label): offer names, property texts, the
    listing's name and descriptions."""
    name = _strings([_first_value(sources.own, "name")])
    offer_names = _strings([offer.get("name") for offer in sources.offers])
    in_offer_names = next(
        (
            rooms
            for rooms in (rooms_from_words([text], True) for text in offer_names)
            if rooms["bedrooms"] is not None or rooms["bathrooms"] is not None
        ),
        {},
    )
    in_values = rooms_from_words(sources.unnamed_texts, False)
    in_name = rooms_from_words(name, True)
    in_words = rooms_from_words(name + sources.descriptions, False)
    bedrooms = _coalesce(
        bedrooms,
        in_offer_names.get("bedrooms"),
        in_values["bedrooms"],
        _first_value([sources.unit, sources.node, *sources.plans], "numberOfRooms"),
        in_name["bedrooms"],
        in_words["bedrooms"],
    )
    bathrooms = _coalesce(bathrooms, in_offer_names.get("bathrooms"), in_values["bathrooms"], in_words["bathrooms"])
    square_feet = _coalesce(square_feet, in_values["square_feet"], in_words["square_feet"])
    return bedrooms, bathrooms, square_feet


class ListingReader:
    """Reads the listings of one page's JSON-LD, given its @id index and the complexes and floor
    plans the finder saw; remembers which plans and complexes lent to a unit."""

    def __init__(self, doc, *, plans, complexes):
        self.doc = doc
        self.plans = plans  # (floor plan, its complex or None)
        self.complexes = complexes
        self.used_plans = set()
        self.complexes_with_units = set()

    def plan_for(self, node, unit, plan, complex_):
        """A unit's floor plan: the one it names, the one it was found in, else its complex's or the
        page's only one."""
        for holder in (unit, node):
            if holder is not None and not node_types(holder) & PLAN_TYPES:
                named = self.doc.first(holder.get("accommodationFloorPlan"))
                if named is not None:
                    return named
        if plan is not None:
            return plan
        if (unit is not None and node_types(unit) & PLAN_TYPES) or node_types(node) & PLAN_TYPES:
            return None
        nearby = [seen for seen, owner in self.plans if owner is complex_] or [seen for seen, _ in self.plans]
        return nearby[0] if len(nearby) == 1 else None

    def complex_for(self, node, unit, complex_):
        """(the complex a unit belongs to, whether the page says so): the one it was found in or
        names, else the page's only complex (which then lends only to a unit without an address)."""
        if complex_ is not None:
            return complex_, True
        for holder in (unit, node):
            if holder is not None:
                container = self.doc.first(holder.get("containedInPlace") or holder.get("containedIn"))
                if container is not None:
                    return container, True
        return (self.complexes[0] if len(self.complexes) == 1 else None), False

    def unit_of(self, node, offers):
        if node_types(node) & (UNIT_TYPES | PLAN_TYPES):
            return None
        for key in ("itemOffered", "about", "mainEntity"):
            candidate = self.doc.first(node.get(key))
            if candidate is not None and (
                node_types(candidate) & (LISTING_TYPES | PLAN_TYPES) or not node_types(candidate)
            ):
                return candidate
        for offer in offers:
            candidate = self.doc.first(offer.get("itemOffered"))
            if candidate is not None and node_types(candidate) & (UNIT_TYPES | PLAN_TYPES):
                return candidate
        return None

    def raw_listing(self, node, complex_, plan):
        """The raw fields of one listing node, reading its unit, offers, floor plan and complex."""
        offers = _offers(node, self.doc)
        unit = self.unit_of(node, offers)
        if unit is not None:
            offers += [offer for offer in _offers(unit, self.doc) if not any(offer is seen for seen in offers)]
        plan = self.plan_for(node, unit, plan, complex_)
        if plan is not None:
            self.used_plans.add(id(plan))
        complex_, stated = self.complex_for(node, unit, complex_)
        price, currency, chosen = _lowest_offer(offers, self.doc)
        ordered_offers = ([chosen] if chosen is not None else []) + [offer for offer in offers if offer is not chosen]
        sources = _Sources(node, unit, plan, ordered_offers)
        if price is None:
            price, currency = self._price_without_offer(sources)
        bedrooms, bathrooms, square_feet = _rooms(sources)
        parts, complex_ = self._place(node, unit, complex_, stated)
        own, named, first_offer = sources.own, sources.named, ordered_offers[:1]
        raw = {
            "external_id": _first_value([*own, *first_offer], "identifier", "sku", "productID", "mpn"),
            "url": _first_value([*own, *first_offer], "url"),
            "title": _first_value(own, "name", "headline"),
            "description": _first_value([node, unit, *first_offer], "description"),
            "price": price,
            "currency": currency,
            "bedrooms": bedrooms,
            "bathrooms": bathrooms,
            "square_feet": square_feet,
            "available_from": _coalesce(
                _first_value(ordered_offers, "availabilityStarts", "availableAtOrFrom"),
                _first_value(own, "availabilityStarts", "availableFrom"),
                named["available_from"],
            ),
            "pets_allowed": _coalesce(
                _first_value([unit, node], "petsAllowed"),
                named["pets_allowed"],
                _first_value([*sources.plans, complex_], "petsAllowed"),
            ),
            "photos": _first_value([node, unit, *first_offer], "image", "photo", "photos"),
        }
        raw.update(parts)
        return raw

    def _price_without_offer(self, sources):
        """(raw price, currency) when no offer prices the listing: its own price or a property's, a
        property text or a description that names a rent, else its floor plan's cheapest offer."""
        price = _coalesce(
            _first_value(sources.own, "price"),
            sources.named["price"],
            next((text for text in sources.unnamed_texts if MONEY_AMOUNT.match(text.strip())), None),
        )
        if price is None:
            price = next((found for found in map(price_in_text, sources.descriptions) if found), None)
        if price is None and sources.plan is not None:
            price, currency, _ = _lowest_offer(_offers(sources.plan, self.doc), self.doc)
            return price, currency
        return price, None

    def _address_of(self, node, unit):
        doc = self.doc
        address = None
        for holder in (unit, node, doc.first(node.get("location")), doc.first(unit and unit.get("location"))):
            if holder is not None:
                address = doc.deref(holder.get("address")) or address
                if address:
                    break
        return address

    def _place(self, node, unit, complex_, stated):
        """(address parts, the complex that lends to the listing): its own address, the gaps
        filled from its complex's."""
        address = self._address_of(node, unit)
        parts = {key: value for key, value in _address_parts(address).items() if value}
        if complex_ is not None and not stated and parts.get("city"):
            complex_ = None  # the page's only complex, but this listing says where it is
        if complex_ is not None and not node_types(node) & PLAN_TYPES:
            self.complexes_with_units.add(id(complex_))
        if complex_ is not None and not isinstance(address, str):
            lent = _address_parts(self.doc.deref(complex_.get("address")))
            for key in ("address", "city", "state", "postal_code"):
                if not parts.get(key) and isinstance(lent.get(key), str):
                    parts[key] = lent[key]
        return parts, complex_
