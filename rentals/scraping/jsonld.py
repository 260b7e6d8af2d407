"""Listings from schema.org JSON-LD: Apartment, House, SingleFamilyResidence, Accommodation,
Residence, Product/Offer and RealEstateListing, at the top level, in `@graph`, in ItemLists,
inside apartment complexes (`containsPlace`) and linked by `@id`.

Works on page text alone (a regex finds the script blocks; no HTML tree), which keeps it fast.
"""
import json
import re

_SCRIPT = re.compile(
    r"<script\b[^>]*?\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)
# HTML comments and CDATA markers some sites still wrap their JSON in.
_WRAPPERS = re.compile(
    r"^\s*(?:<!--|/\*\s*<!\[CDATA\[\s*\*/|//\s*<!\[CDATA\[)"
    r"|(?:-->|/\*\s*\]\]>\s*\*/|//\s*\]\]>)\s*$"
)

UNIT_TYPES = frozenset(
    {"Apartment", "House", "SingleFamilyResidence", "Accommodation", "Residence", "Room", "Suite",
     "ApartmentComplex", "GatedResidenceCommunity"}
)
LISTING_TYPES = UNIT_TYPES | {"Product", "Offer", "AggregateOffer", "RealEstateListing"}
# Places that hold the units for rent: their units are the listings, they lend them an address.
COMPLEX_TYPES = frozenset({"ApartmentComplex", "GatedResidenceCommunity", "Residence"})
# When two nodes describe one listing (an Offer and its itemOffered), the outer one speaks.
_PRIORITY = {"RealEstateListing": 0, "Offer": 1, "AggregateOffer": 1, "Product": 2}
_MAX_DEPTH = 16


def _types(node):
    raw = node.get("@type")
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        return frozenset()
    return frozenset(str(t).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in raw)


def script_blocks(text):
    """The parsed JSON of every JSON-LD script in a page; blocks that are not JSON are skipped."""
    documents = []
    for block in _SCRIPT.findall(text):
        for candidate in (block, _WRAPPERS.sub("", block)):
            try:
                documents.append(json.loads(candidate, strict=False))
                break
            except ValueError:
                continue
    return documents


def _index_ids(value, index, depth=0):
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            _index_ids(item, index, depth + 1)
    elif isinstance(value, dict):
        node_id = value.get("@id")
        # A bare {"@id": ...} is a reference, not the node itself.
        if isinstance(node_id, str) and len(value) > 1:
            index.setdefault(node_id, value)
        for item in value.values():
            if isinstance(item, (dict, list)):
                _index_ids(item, index, depth + 1)


class _Document:
    def __init__(self, documents):
        self.index = {}
        _index_ids(documents, self.index)

    def deref(self, value):
        if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("@id"), str):
            return self.index.get(value["@id"], value)
        return value

    def first(self, value):
        """The first node of a value that may be a node, a reference or a list of them."""
        if isinstance(value, list):
            value = next((item for item in value if isinstance(item, dict)), None)
        value = self.deref(value)
        return value if isinstance(value, dict) else None


def _find_candidates(value, doc, found, context, depth=0):
    """Depth-first: (listing node, context node) pairs; a listing is not searched inside."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            _find_candidates(item, doc, found, context, depth + 1)
        return
    if not isinstance(value, dict):
        return
    node = doc.deref(value)
    types = _types(node)
    if types & COMPLEX_TYPES:
        units = node.get("containsPlace") or node.get("accommodationFloorPlan")
        if units:
            _find_candidates(units, doc, found, node, depth + 1)
            return
    if types & LISTING_TYPES:
        found.append((node, context))
        return
    for key, item in node.items():
        if isinstance(item, (dict, list)) and (key == "@graph" or not key.startswith("@")):
            _find_candidates(item, doc, found, context, depth + 1)


def _referenced_ids(node):
    ids = set()
    for key in ("about", "mainEntity", "itemOffered", "offers", "containsPlace"):
        for item in node.get(key) if isinstance(node.get(key), list) else [node.get(key)]:
            if isinstance(item, dict) and isinstance(item.get("@id"), str):
                ids.add(item["@id"])
    return ids


def _property_values(node):
    """schema.org additionalProperty as {lowercased name: value}."""
    values = {}
    props = node.get("additionalProperty") or node.get("amenityFeature") or []
    for prop in props if isinstance(props, list) else [props]:
        if isinstance(prop, dict) and prop.get("name") is not None:
            values[str(prop["name"]).strip().lower()] = prop.get("value")
    return values


def _property(props, *words):
    for name, value in props.items():
        if any(word in name for word in words):
            return value
    return None


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


def _offer_of(node, doc):
    if _types(node) & {"Offer", "AggregateOffer"}:
        return node
    offers = node.get("offers")
    offer = doc.first(offers)
    if offer is not None and _types(offer) & {"AggregateOffer"} and offer.get("offers"):
        inner = doc.first(offer.get("offers"))
        if inner is not None and not offer.get("lowPrice"):
            return inner
    return offer


def _price_of(offer, doc):
    if offer is None:
        return None, None
    spec = doc.first(offer.get("priceSpecification"))
    price = _first_value([offer, spec], "price", "lowPrice", "minPrice")
    currency = _first_value([offer, spec], "priceCurrency")
    return price, currency


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


def _raw_listing(node, context, doc):
    """The raw fields of one listing node, reading its unit, offer and complex as well."""
    unit = None
    for key in ("itemOffered", "about", "mainEntity"):
        candidate = doc.first(node.get(key))
        if candidate is not None and (_types(candidate) & LISTING_TYPES or not _types(candidate)):
            unit = candidate
            break
    offer = _offer_of(node, doc) or (_offer_of(unit, doc) if unit else None)
    nodes = [node, unit, offer]
    props = {**_property_values(unit or {}), **_property_values(node)}

    address = None
    for holder in (unit, node, doc.first(node.get("location")), context):
        if holder is None:
            continue
        address = doc.deref(holder.get("address")) or address
        if address:
            break
    price, currency = _price_of(offer, doc)
    if price is None:
        price = _coalesce(_first_value([node, unit], "price"), _property(props, "rent", "price"))
    full = _first_value(nodes, "numberOfFullBathrooms")
    partial = _first_value(nodes, "numberOfPartialBathrooms")
    bathrooms = _first_value(nodes, "numberOfBathroomsTotal", "numberOfBathrooms")
    if bathrooms is None and full is not None:
        try:
            bathrooms = float(full) + float(partial or 0) / 2
        except (TypeError, ValueError):
            bathrooms = full

    raw = {
        "external_id": _first_value(nodes, "identifier", "sku", "productID", "mpn"),
        "url": _first_value(nodes, "url"),
        "title": _first_value([node, unit], "name", "headline"),
        "description": _first_value([node, unit, offer], "description"),
        "price": price,
        "currency": currency,
        "bedrooms": _coalesce(
            _first_value([unit, node], "numberOfBedrooms"),
            _property(props, "bedroom", "beds"),
            _first_value([unit, node], "numberOfRooms"),
        ),
        "bathrooms": _coalesce(bathrooms, _property(props, "bath")),
        "square_feet": _coalesce(
            _first_value([unit, node], "floorSize"), _property(props, "square", "sq ft", "area", "size")
        ),
        "available_from": _coalesce(
            _first_value([offer, node, unit], "availabilityStarts", "availableFrom"),
            _property(props, "availab", "move-in", "move in"),
        ),
        "pets_allowed": _coalesce(
            _first_value([unit, node, context], "petsAllowed"), _property(props, "pet")
        ),
        "photos": _first_value([node, unit, offer], "image", "photo", "photos"),
    }
    raw.update({key: value for key, value in _address_parts(address).items() if value})
    return raw


def extract_listings(text):
    """Raw listings (dicts of Rental field names to values as found) from a page's JSON-LD."""
    documents = script_blocks(text)
    if not documents:
        return []
    doc = _Document(documents)
    candidates = []
    _find_candidates(documents, doc, candidates, None)
    ranked = sorted(
        enumerate(candidates),
        key=lambda pair: (min((_PRIORITY.get(t, 9) for t in _types(pair[1][0])), default=9), pair[0]),
    )
    consumed_ids, seen_nodes, kept = set(), set(), []
    for position, (node, context) in ranked:
        if id(node) in seen_nodes or node.get("@id") in consumed_ids:
            continue
        seen_nodes.add(id(node))
        consumed_ids |= _referenced_ids(node)
        kept.append((position, node, context))
    kept.sort(key=lambda item: item[0])
    return [_raw_listing(node, context, doc) for _, node, context in kept]
