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
(itemscope/itemprop) is read into the same shapes, with an HTML tree built only on pages that
declare a schema.org itemtype.
"""
import json
import re

import lxml.etree
import lxml.html

from .values import parse_price

_SCRIPT_OPEN = re.compile(
    r"<script\b[^>]*?\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>", re.IGNORECASE
)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.IGNORECASE)
# HTML comments and CDATA markers some sites still wrap their JSON in.
_WRAPPER_START = re.compile(r"^\s*(?:<!--|/\*\s*<!\[CDATA\[\s*\*/|//\s*<!\[CDATA\[)")
_WRAPPER_END = re.compile(r"(?:-->|/\*\s*\]\]>\s*\*/|//\s*\]\]>)\s*$")

UNIT_TYPES = frozenset(
    {"Apartment", "House", "SingleFamilyResidence", "Accommodation", "Residence", "Room", "Suite", "HotelRoom"}
)
PLAN_TYPES = frozenset({"FloorPlan"})
OFFER_TYPES = frozenset({"Offer", "AggregateOffer"})
LISTING_TYPES = UNIT_TYPES | OFFER_TYPES | {"Product", "RealEstateListing"}
# Places that hold the units for rent: their units are the listings, they lend them an address.
# A Residence is one only when it has units (otherwise it is a home like a House).
COMPLEX_TYPES = frozenset({"ApartmentComplex", "GatedResidenceCommunity", "Residence"})
_ALWAYS_COMPLEX = COMPLEX_TYPES - {"Residence"}
# When two nodes describe one listing (an Offer and its itemOffered), the outer one speaks.
_PRIORITY = {"RealEstateListing": 0, "Offer": 1, "AggregateOffer": 1, "Product": 2}
_MAX_DEPTH = 16
_MAX_NODES = 20_000
_MAX_OFFERS = 50

# Prices and room counts in words: only what is labelled is read (a bare "2" is nothing).
_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{2,7}(?:\.\d{1,2})?"
_MONEY = rf"[$€£]\s*(?:{_AMOUNT})(?:\s*(?:-|–|to)\s*[$€£]?\s*(?:{_AMOUNT}))?"
_LABELLED_PRICE = re.compile(
    rf"\b(?:rent|rental\s+rate|price|monthly\s+rate)\b[^$€£\d\n.;]{{0,25}}?((?:{_MONEY})|(?:{_AMOUNT}))", re.IGNORECASE
)
_MONEY_AMOUNT = re.compile(_MONEY)
_CLAUSE = re.compile(r"[.;,!?(){}\[\]|\d]\s")
_PER_MONTH = re.compile(r"^\s*(?:/\s*mo|/\s*month|per\s+month|a\s+month|monthly|mo\b)", re.IGNORECASE)
# Amounts that are not the rent: a deposit, a fee, a discount.
_NOT_RENT = re.compile(
    r"\b(?:deposit|fees?|application|admin|credit|off|save|saving|discount|special|bonus|gift|reward|income"
    r"|earn|utilit(?:y|ies)|parking|storage|pet\s+rent)\b",
    re.IGNORECASE,
)
_COUNT_WORD = r"\d{1,2}(?:\.\d)?|one|two|three|four|five|six"
_BEDS_TEXT = re.compile(
    rf"\b({_COUNT_WORD})\s*-?\s*(?:bd|bds|bdrm|bdrms|bed|beds|bedrooms?|br)\b|\bbed(?:room)?s?\s*:\s*(\d{{1,2}})\b",
    re.IGNORECASE,
)
_BATHS_TEXT = re.compile(
    rf"\b({_COUNT_WORD})\s*-?\s*(?:ba|bth|bath|baths|bathrooms?)\b|\bbath(?:room)?s?\s*:\s*(\d{{1,2}}(?:\.\d)?)\b",
    re.IGNORECASE,
)
_SIZE_TEXT = re.compile(
    r"\b(\d{1,3}(?:,\d{3})+|\d{2,7})\s*(?:sq\.?\s*ft\.?|sqft|sq\.?\s*feet|square\s+f(?:ee|oo)t|sf)(?!\w)",
    re.IGNORECASE,
)
_WORD_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6"}
_STUDIO_TEXT = re.compile(r"\b(?:studio|efficiency)\b", re.IGNORECASE)
# additionalProperty names, matched as words ("current" is not "rent").
_NAMES = {
    "price": re.compile(r"\b(?:rent|rental|price|monthly)\b|\brate\b", re.IGNORECASE),
    "bedrooms": re.compile(r"\bbed(?:room)?s?\b|\bbr\b", re.IGNORECASE),
    "bathrooms": re.compile(r"\bbath(?:room)?s?\b", re.IGNORECASE),
    "square_feet": re.compile(r"\bsquare\b|\bsq\.?\s*f|\bsqft\b|\barea\b|\bsize\b", re.IGNORECASE),
    "available_from": re.compile(r"\bavailab|\bmove[\s-]?in\b", re.IGNORECASE),
    "pets_allowed": re.compile(r"\bpets?\b", re.IGNORECASE),
}


def _types(node):
    raw = node.get("@type")
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        return frozenset()
    return frozenset(str(t).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in raw)


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def script_texts(text, opening):
    """The text of every script whose opening tag matches `opening` (a search for the closing tag,
    not a lazy match, keeps this linear on large pages)."""
    texts = []
    for match in opening.finditer(text):
        closing = _SCRIPT_CLOSE.search(text, match.end())
        texts.append(text[match.end():closing.start() if closing else len(text)])
    return texts


def _unwrapped(block):
    """A block without the comment or CDATA markers around it (only its ends are looked at)."""
    block = block.strip()
    start = _WRAPPER_START.match(block)
    if start:
        block = block[start.end():]
    end = _WRAPPER_END.search(block, max(0, len(block) - 64))
    return block[:end.start()] if end else block


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


# Microdata is read only on pages that declare a schema.org item (the HTML tree costs ~1 ms).
_MICRODATA = re.compile(r"\bitemtype\s*=\s*[\"']?https?://schema\.org/", re.IGNORECASE)
_MICRODATA_URL_TAGS = {"a": "href", "area": "href", "link": "href", "img": "src", "source": "src", "video": "src",
                       "audio": "src", "iframe": "src", "embed": "src", "object": "data"}
_MAX_ITEMS = 2_000


def _microdata_value(element):
    for attribute in ("content", "datetime"):
        if element.get(attribute) is not None:
            return element.get(attribute)
    url_attribute = _MICRODATA_URL_TAGS.get(element.tag)
    if url_attribute and element.get(url_attribute):
        return element.get(url_attribute)
    if element.tag in ("data", "meter") and element.get("value") is not None:
        return element.get("value")
    return " ".join(element.text_content().split())


def _microdata_item(element, depth=0):
    """One itemscope as a JSON-LD-like node: {"@type": [...], "name": ..., "offers": {...}}."""
    node = {"@type": [kind.rsplit("/", 1)[-1] for kind in (element.get("itemtype") or "").split()]}
    if element.get("itemid"):
        node["@id"] = element.get("itemid")
    pending = list(reversed(element))
    while pending:
        child = pending.pop()
        if not isinstance(child.tag, str):
            continue
        nested = child.get("itemscope") is not None
        names = (child.get("itemprop") or "").split()
        if names:
            value = _microdata_item(child, depth + 1) if nested and depth < _MAX_DEPTH else _microdata_value(child)
            for name in names:
                node.setdefault(name, []).append(value)
        if not nested:
            pending.extend(reversed(child))
    return {key: value[0] if isinstance(value, list) and len(value) == 1 else value for key, value in node.items()}


def microdata_items(text):
    """The schema.org microdata items of a page (top-level itemscopes), as JSON-LD-like nodes."""
    if "itemtype" not in text and "ITEMTYPE" not in text or not _MICRODATA.search(text):
        return []
    try:
        root = lxml.html.fromstring(text)
    except ValueError:  # a string that declares its encoding (<?xml … encoding=…?>): parse its bytes
        try:
            root = lxml.html.fromstring(text.encode("utf-8", "replace"))
        except (ValueError, lxml.etree.ParserError):
            return []
    except lxml.etree.ParserError:
        return []
    tops = root.xpath("//*[@itemscope][not(@itemprop)]")[:_MAX_ITEMS]
    return [_microdata_item(element) for element in tops]


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

    def nodes(self, value):
        """Every node of a value that may be a node, a reference or a list of them."""
        return [node for node in (self.deref(item) for item in _as_list(value)) if isinstance(node, dict)]


def _is_complex(node, types):
    if types & _ALWAYS_COMPLEX:
        return True
    if "Residence" in types and not types & (UNIT_TYPES - {"Residence"}):
        plans = node.get("accommodationFloorPlan")
        return bool(node.get("containsPlace")) or (isinstance(plans, list) and len(plans) > 1)
    return False


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
        if depth > _MAX_DEPTH or self.visited > _MAX_NODES:
            return
        if isinstance(value, list):
            for item in value:
                self.walk(item, complex_, plan, depth + 1)
            return
        if not isinstance(value, dict):
            return
        self.visited += 1
        node = self.doc.deref(value)
        types = _types(node)
        if _is_complex(node, types):
            if not any(node is seen for seen in self.complexes):
                self.complexes.append(node)
            self.walk(self._units_of(node), node, plan, depth + 1)
            return
        if types & PLAN_TYPES:
            if not any(node is seen for seen, _ in self.plans):
                self.plans.append((node, complex_))
            units = _as_list(node.get("isPlanForApartment")) + _as_list(node.get("containsPlace"))
            if units:
                self.walk(units, complex_, node, depth + 1)
            else:
                self.found.append((node, complex_, None))
            return
        if types & LISTING_TYPES:
            for key in ("itemOffered", "about", "mainEntity"):
                subject = self.doc.first(node.get(key))
                if subject is not None and _is_complex(subject, _types(subject)):
                    # An offer or listing of a whole complex ("from $1,299") prices no unit: its units
                    # are the listings.
                    self.walk(subject, complex_, plan, depth + 1)
                    return
            split = self._offers_of_distinct_units(node, types)
            if split:
                self.walk(split, node if complex_ is None else complex_, plan, depth + 1)
            else:
                self.found.append((node, complex_, plan))
            return
        for key, item in node.items():
            if isinstance(item, (dict, list)) and (key == "@graph" or not key.startswith("@")):
                self.walk(item, complex_, plan, depth + 1)

    def _units_of(self, complex_):
        units = _as_list(complex_.get("containsPlace")) + _as_list(complex_.get("accommodationFloorPlan"))
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
            if item is None or not _types(item) & (UNIT_TYPES | PLAN_TYPES) or id(item) in items:
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


def _properties(nodes):
    """schema.org additionalProperty / amenityFeature as (lowercased name, value) pairs."""
    pairs = []
    for node in nodes:
        if node is None:
            continue
        for key in ("additionalProperty", "amenityFeature"):
            for prop in _as_list(node.get(key)):
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
    queue = [node] if _types(node) & OFFER_TYPES else doc.nodes(node.get("offers"))
    offers = []
    while queue and len(offers) < _MAX_OFFERS:
        offer = queue.pop(0)
        if any(offer is seen for seen in offers):
            continue
        offers.append(offer)
        if _types(offer) & {"AggregateOffer"}:
            queue.extend(doc.nodes(offer.get("offers")))
    return offers


def _price_of(offer, doc):
    """(raw price, currency, amount) of an offer: its lowest stated price."""
    best = (None, None, None)
    for holder in [offer, *doc.nodes(offer.get("priceSpecification"))]:
        if holder is not offer and _NOT_RENT.search(str(holder.get("name") or "")):
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


def _text_value(pattern, texts, group_names=(1, 2)):
    """The one value `pattern` finds in the texts, or None when none or several different ones."""
    found = set()
    for text in texts:
        for match in pattern.finditer(text):
            value = next((match.group(group) for group in group_names if match.group(group)), None)
            if value:
                value = value.lower().replace(",", "")
                found.add(_WORD_NUMBERS.get(value, value))
    return found.pop() if len(found) == 1 else None


def _rooms_from_words(texts, studio_allowed):
    """bedrooms, bathrooms and square feet written out ("2 Bed / 1 Bath", "Studio", "850 sq ft")."""
    beds = _text_value(_BEDS_TEXT, texts)
    if beds is not None:
        beds = f"{beds} bedrooms"
    elif studio_allowed and any(_STUDIO_TEXT.search(text) for text in texts):
        beds = "Studio"
    baths = _text_value(_BATHS_TEXT, texts)
    size = _text_value(_SIZE_TEXT, texts, (1,))
    return {
        "bedrooms": beds,
        "bathrooms": f"{baths} baths" if baths is not None else None,
        "square_feet": f"{size} sq ft" if size is not None else None,
    }


def price_in_text(text):
    """A rent written in words: "Rent: $1,850/month", "$1,850 per month", else the first
    dollar amount that is no deposit or fee; None when nothing is labelled as money."""
    for match in _LABELLED_PRICE.finditer(text):
        clause = _CLAUSE.split(text[max(0, match.start() - 30):match.end()])[-1]
        if not _NOT_RENT.search(clause) and parse_price(match.group(1))[0] is not None:
            return match.group(1)
    plain = None
    for match in _MONEY_AMOUNT.finditer(text):
        # The words between this amount and the one before (or the clause): "Deposit $500, only $2,050".
        before = _CLAUSE.split(text[max(0, match.start() - 30):match.start()])[-1]
        after = _CLAUSE.split(text[match.end():match.end() + 20])[0]
        if _NOT_RENT.search(before) or _NOT_RENT.search(after):
            continue
        if _PER_MONTH.match(after):
            return match.group(0)
        plain = plain or match.group(0)
    return plain


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


class _Page:
    """The JSON-LD of one page: documents, their @id index and what the finder saw."""

    def __init__(self, documents):
        self.doc = _Document(documents)
        self.finder = _Finder(self.doc)
        self.finder.walk(documents)
        self.used_plans = set()
        self.complexes_with_units = set()

    def plan_for(self, node, unit, plan, complex_):
        """A unit's floor plan: the one it names, the one it was found in, else its complex's or the
        page's only one."""
        for holder in (unit, node):
            if holder is not None and not _types(holder) & PLAN_TYPES:
                named = self.doc.first(holder.get("accommodationFloorPlan"))
                if named is not None:
                    return named
        if plan is not None:
            return plan
        if (unit is not None and _types(unit) & PLAN_TYPES) or _types(node) & PLAN_TYPES:
            return None
        nearby = [seen for seen, owner in self.finder.plans if owner is complex_] or [
            seen for seen, _ in self.finder.plans
        ]
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
        return (self.finder.complexes[0] if len(self.finder.complexes) == 1 else None), False

    def unit_of(self, node, offers):
        if _types(node) & (UNIT_TYPES | PLAN_TYPES):
            return None
        for key in ("itemOffered", "about", "mainEntity"):
            candidate = self.doc.first(node.get(key))
            if candidate is not None and (_types(candidate) & (LISTING_TYPES | PLAN_TYPES) or not _types(candidate)):
                return candidate
        for offer in offers:
            candidate = self.doc.first(offer.get("itemOffered"))
            if candidate is not None and _types(candidate) & (UNIT_TYPES | PLAN_TYPES):
                return candidate
        return None

    def raw_listing(self, node, complex_, plan):
        """The raw fields of one listing node, reading its unit, offers, floor plan and complex."""
        doc = self.doc
        offers = _offers(node, doc)
        unit = self.unit_of(node, offers)
        if unit is not None:
            offers += [offer for offer in _offers(unit, doc) if not any(offer is seen for seen in offers)]
        plan = self.plan_for(node, unit, plan, complex_)
        if plan is not None:
            self.used_plans.add(id(plan))
        complex_, stated = self.complex_for(node, unit, complex_)
        own = [node, unit]
        price, currency, chosen = _lowest_offer(offers, doc)
        ordered_offers = ([chosen] if chosen is not None else []) + [offer for offer in offers if offer is not chosen]
        props = _properties([node, unit])
        named = {field: None for field in _NAMES}
        unnamed_texts = []
        for name, value in props:
            field = next((field for field, pattern in _NAMES.items() if name and pattern.search(name)), None)
            if field == "price" and _NOT_RENT.search(name):
                field = None
            if field is not None:
                if named[field] is None and not (field == "price" and parse_price(value)[0] is None):
                    named[field] = value
            elif isinstance(value, str) and not _NOT_RENT.search(name):
                unnamed_texts.append(value)

        descriptions = _strings(
            [_first_value([holder], "description") for holder in (*ordered_offers, node, unit)]
            + [holder.get("description") for holder in (node.get("floorSize"), unit and unit.get("floorSize"))
               if isinstance(holder, dict)]
        )
        if price is None:
            price = _coalesce(
                _first_value(own, "price"),
                named["price"],
                next((text for text in unnamed_texts if _MONEY_AMOUNT.match(text.strip())), None),
            )
        if price is None:
            price = next((found for found in map(price_in_text, descriptions) if found), None)
        if price is None and plan is not None:
            price, currency, _ = _lowest_offer(_offers(plan, doc), doc)

        plans = [plan] if plan is not None else []
        bedrooms = _coalesce(
            _first_value([unit, node], "numberOfBedrooms"), named["bedrooms"], _first_value(plans, "numberOfBedrooms")
        )
        full = _first_value(own, "numberOfFullBathrooms")
        partial = _first_value(own, "numberOfPartialBathrooms")
        bathrooms = _first_value(own, "numberOfBathroomsTotal", "numberOfBathrooms")
        if bathrooms is None and full is not None:
            try:
                bathrooms = float(full) + float(partial or 0) / 2
            except (TypeError, ValueError):
                bathrooms = full
        bathrooms = _coalesce(
            bathrooms, named["bathrooms"], _first_value(plans, "numberOfBathroomsTotal", "numberOfBathrooms")
        )
        square_feet = _coalesce(_first_value([unit, node], "floorSize"), named["square_feet"],
                                _first_value(plans, "floorSize"))
        if bedrooms is None or bathrooms is None or square_feet is None:
            # Words are read only when the structured facts are missing (and only what they label).
            name = _strings([_first_value(own, "name")])
            offer_names = _strings([offer.get("name") for offer in ordered_offers])
            in_offer_names = next(
                (rooms for rooms in (_rooms_from_words([text], True) for text in offer_names)
                 if rooms["bedrooms"] is not None or rooms["bathrooms"] is not None),
                {},
            )
            in_values = _rooms_from_words(unnamed_texts, False)
            in_name = _rooms_from_words(name, True)
            in_words = _rooms_from_words(name + descriptions, False)
            bedrooms = _coalesce(
                bedrooms,
                in_offer_names.get("bedrooms"),
                in_values["bedrooms"],
                _first_value([unit, node, *plans], "numberOfRooms"),
                in_name["bedrooms"],
                in_words["bedrooms"],
            )
            bathrooms = _coalesce(bathrooms, in_offer_names.get("bathrooms"), in_values["bathrooms"],
                                  in_words["bathrooms"])
            square_feet = _coalesce(square_feet, in_values["square_feet"], in_words["square_feet"])

        address = None
        for holder in (unit, node, doc.first(node.get("location")), doc.first(unit and unit.get("location"))):
            if holder is not None:
                address = doc.deref(holder.get("address")) or address
                if address:
                    break
        parts = {key: value for key, value in _address_parts(address).items() if value}
        if complex_ is not None and not stated and parts.get("city"):
            complex_ = None  # the page's only complex, but this listing says where it is
        if complex_ is not None and not _types(node) & PLAN_TYPES:
            self.complexes_with_units.add(id(complex_))
        if complex_ is not None and not isinstance(address, str):
            lent = _address_parts(doc.deref(complex_.get("address")))
            for key in ("address", "city", "state", "postal_code"):
                if not parts.get(key) and isinstance(lent.get(key), str):
                    parts[key] = lent[key]

        raw = {
            "external_id": _first_value([*own, *ordered_offers[:1]], "identifier", "sku", "productID", "mpn"),
            "url": _first_value([*own, *ordered_offers[:1]], "url"),
            "title": _first_value(own, "name", "headline"),
            "description": _first_value([node, unit, *ordered_offers[:1]], "description"),
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
                _first_value([*plans, complex_], "petsAllowed"),
            ),
            "photos": _first_value([node, unit, *ordered_offers[:1]], "image", "photo", "photos"),
        }
        raw.update(parts)
        return raw


def _identifiable(raw):
    """A link, an id, a price or a street address: something a renter (or a merge) can go by.

    Several units known only by a name and their rooms (a search page's summary beside its
    cards) are not kept; a single one is the page's own (a listing's detail page)."""
    address = raw.get("address")
    return bool(
        raw.get("url") or raw.get("external_id") or parse_price(raw.get("price"))[0] is not None
        or (isinstance(address, str) and re.search(r"\d", address))
    )


def extract_listings(text):
    """Raw listings (dicts of Rental field names to values as found) from a page's JSON-LD."""
    documents = script_blocks(text) + microdata_items(text)
    if not documents:
        return []
    page = _Page(documents)
    ranked = sorted(
        enumerate(page.finder.found),
        key=lambda pair: (min((_PRIORITY.get(t, 9) for t in _types(pair[1][0])), default=9), pair[0]),
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
    units = [(node, page.raw_listing(node, complex_, plan)) for _, node, complex_, plan in kept
             if not _types(node) & PLAN_TYPES]
    plans = []
    for _, node, complex_, plan in kept:
        # A floor plan is a listing when it has a price of its own, no unit points to it and its
        # complex lists no units.
        if (_types(node) & PLAN_TYPES and id(node) not in page.used_plans
                and (complex_ is None or id(complex_) not in page.complexes_with_units)):
            raw = page.raw_listing(node, complex_, plan)
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
