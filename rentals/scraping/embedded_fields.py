"""The listing fields one object of app state holds, read by the spellings sites use.

Keys are compared without case or separators ("unformatted_Price" is "unformattedprice"); an
object's fact containers (`hdpData.homeInfo`, `floorplan`, `pricing`…) count as its own keys, and
Apollo cache references are followed. A listing is an object that carries a price together with
beds or a street address, and something that names it (an id, a link, a title or that address).
The spellings themselves are embedded_keys.py's.
"""

import re

from .embedded_keys import (
    AD_KEYS,
    BATH_KEYS,
    BED_KEYS,
    CITY_KEYS,
    CURRENCY_KEYS,
    DATE_KEYS,
    DESCRIPTION_KEYS,
    FACT_CONTAINERS,
    FULL_BATH_KEYS,
    HALF_BATH_KEYS,
    ID_ENDINGS,
    ID_KEYS,
    PET_KEYS,
    PHOTO_KEYS,
    PHOTO_URL_KEYS,
    PRICE_KEYS,
    SIZE_KEYS,
    SIZE_NUMBER_KEYS,
    STATE_KEYS,
    STATUS_KEYS,
    STREET_KEYS,
    TITLE_KEYS,
    URL_KEYS,
    ZIP_KEYS,
)
from .values import parse_bedrooms, parse_price

_KEYS = {}  # a memo of spellings: state repeats the same keys


def plain_key(name):
    """ "unformatted_Price" and "unformattedPrice" alike: lower case, no separators."""
    found = _KEYS.get(name)
    if found is None:
        found = re.sub(r"[\W_]+", "", str(name)).lower()
        if len(_KEYS) < 50_000:
            _KEYS[name] = found
    return found


_GONE = re.compile(
    r"\b(?:leased|rented|sold|for[\s_-]?sale|recently[\s_-]?sold|off[\s_-]?market|inactive|expired"
    r"|deleted|unavailable|not[\s_-]available)\b",
    re.IGNORECASE,
)
_STREET = re.compile(r"\d.*[A-Za-z]{2}|[A-Za-z]{2}.*\d")
_BEDS_WORDS = re.compile(r"\b(?:studio|efficiency|bd|bds|bed|beds|bedrooms?|br)\b|^\s*\d+(?:\.\d+)?\s*$", re.I)
_BATHS_WORDS = re.compile(r"\b(?:ba|bas|bath|baths|bathrooms?)\b|^\s*\d+(?:\.\d+)?\s*$", re.IGNORECASE)
_SIZE_WORDS = re.compile(r"sq\.?\s*f|sqft|square\s+f|\bsf\b|ft²|ft2|m²|\bm2\b|sqm", re.IGNORECASE)
_NUMERIC = re.compile(r"^\s*\d{1,3}(?:,?\d{3})*(?:\.\d+)?\s*$")
_URLISH = re.compile(r"^(?:https?:)?//|^/[^/\s]?|^\./")

_CONTAINER_SET = frozenset(FACT_CONTAINERS)
MIN_PRICE = 100  # a "price" under this in app state is a tier ($$) or a count, not a rent


def resolve_ref(value, refs):
    """An Apollo cache reference ({"__ref": "Listing:1"}) as the object it names."""
    if isinstance(value, dict) and refs and len(value) <= 3:
        name = value.get("__ref") or (value.get("id") if value.get("type") == "id" else None)
        if isinstance(name, str):
            return refs.get(name, value)
    return value


class Flat(dict):
    """An object's fields with those of its fact containers; `own` names the keys the object
    itself holds (its name is its own, not its floor plan's)."""

    own = frozenset()


def flat_fields(node, refs, depth=0):
    """{normalised key: value} of an object and of the fact containers it holds (a Flat)."""
    flat = Flat()
    for name, value in node.items():
        flat.setdefault(_KEYS.get(name) or plain_key(name), value)
    flat.own = frozenset(flat)
    if depth < 2 and not flat.keys().isdisjoint(_CONTAINER_SET):
        for container in FACT_CONTAINERS:
            inner = resolve_ref(flat.get(container), refs)
            if isinstance(inner, dict):
                for name, value in flat_fields(inner, refs, depth + 1).items():
                    flat.setdefault(name, value)
    return flat


def price_value(flat, refs):
    for key in PRICE_KEYS:
        value = resolve_ref(flat.get(key), refs)
        if isinstance(value, dict):
            value = next(
                (
                    value[name]
                    for name in ("amount", "value", "min", "low", "from", "formatted", "display", "text", "minValue")
                    if value.get(name) is not None
                ),
                None,
            )
        if value is None or isinstance(value, (bool, dict, list)):
            continue
        amount, _ = parse_price(value)
        if amount is not None and amount >= MIN_PRICE:
            return value
    return None


def _rooms(flat, keys, words=None):
    for key in keys:
        value = flat.get(key)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)):
            return value if 0 <= value <= 50 else None
        if isinstance(value, str) and (words is None or words.search(value)) and value.strip():
            return value
    return None


def _full_and_half(flat):
    full = next((flat[key] for key in FULL_BATH_KEYS if isinstance(flat.get(key), (int, float))), None)
    if full is None or isinstance(full, bool) or not 0 < full <= 50:
        return None
    half = next((flat[key] for key in HALF_BATH_KEYS if isinstance(flat.get(key), (int, float))), 0)
    return full + (half / 2 if 0 <= half <= 50 else 0)


def _bedrooms(flat):
    value = _rooms(flat, BED_KEYS, _BEDS_WORDS)
    return value if value is not None and parse_bedrooms(value) is not None else None


def _square_feet(flat):
    for key in SIZE_KEYS:
        value = flat.get(key)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)) and key in SIZE_NUMBER_KEYS:
            return value
        labelled = isinstance(value, str) and _SIZE_WORDS.search(value)
        if labelled or (isinstance(value, str) and key in SIZE_NUMBER_KEYS and _NUMERIC.match(value)):
            return value
        if isinstance(value, dict) and key in SIZE_NUMBER_KEYS and isinstance(value.get("value"), (int, float)):
            return value
    return None


def first_text(flat, keys, refs=None):
    for key in keys:
        value = resolve_ref(flat.get(key), refs)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _title(flat):
    """The object's own name ("building_name", "name", "title" at its level) before any its
    fact containers hold (a floor plan's "Diamond 2 - Plan A")."""
    own = getattr(flat, "own", frozenset())
    return first_text({key: flat[key] for key in TITLE_KEYS if key in own}, TITLE_KEYS) or first_text(flat, TITLE_KEYS)


def _external_id(flat):
    found = first_text(flat, ID_KEYS)
    if found is None:
        # "remote_listing_id", "marketingUnitId": an id by its name's end.
        key = next((key for key in flat if key.endswith(ID_ENDINGS)), None)
        found = first_text(flat, (key,)) if key else None
    return found


def _url(flat):
    for key in URL_KEYS:
        value = flat.get(key)
        if isinstance(value, dict):
            value = value.get("href") or value.get("url")
        if isinstance(value, str) and _URLISH.match(value.strip()) and " " not in value.strip():
            return value.strip()
    return None


def address_parts(flat, refs):
    """street, city, state, zip: from flat keys or an address object."""
    parts = {}
    for key in STREET_KEYS:
        value = resolve_ref(flat.get(key), refs)
        if isinstance(value, dict):
            inner = flat_fields(value, refs, 2)
            parts.setdefault("address", first_text(inner, STREET_KEYS[:-1]))
            for name, keys in (("city", CITY_KEYS), ("state", STATE_KEYS), ("postal_code", ZIP_KEYS)):
                parts.setdefault(name, first_text(inner, keys))
        elif isinstance(value, str) and value.strip() and not parts.get("address"):
            parts["address"] = value.strip()
    for name, keys in (("city", CITY_KEYS), ("state", STATE_KEYS), ("postal_code", ZIP_KEYS)):
        if not parts.get(name):
            found = first_text(flat, keys, refs)
            # A bare number is a region or city id, not a name (a postal code is a number).
            if found and (name == "postal_code" or not found.isdigit()):
                parts[name] = found
    return {name: value for name, value in parts.items() if value}


def _photo_urls(value, refs, found, depth=0):
    value = resolve_ref(value, refs)
    if isinstance(value, str):
        if value.strip() and value not in found:
            found.append(value.strip())
    elif isinstance(value, list) and depth < 3:
        for item in value[:40]:
            _photo_urls(item, refs, found, depth + 1)
    elif isinstance(value, dict) and depth < 3:
        inner = {plain_key(name): item for name, item in value.items()}
        if isinstance(inner.get("baseurl"), str) and isinstance(inner.get("photodata"), list):
            # {"baseUrl": "https://…/{photoKey}-p_e.jpg", "photoData": [{"photoKey": "…"}]}
            for photo in inner["photodata"][:40]:
                if isinstance(photo, dict) and isinstance(photo.get("photoKey"), str):
                    found.append(inner["baseurl"].replace("{photoKey}", photo["photoKey"]))
            return
        for key in PHOTO_URL_KEYS:
            if isinstance(inner.get(key), (str, dict)):
                _photo_urls(inner[key], refs, found, depth + 1)
                return


def _photos(flat, refs):
    found = []
    for key in (*PHOTO_KEYS, "carouselphotoscomposable", "carouselphotos"):
        if key in flat:
            _photo_urls(flat[key], refs, found)
        if len(found) >= 20:
            break
    return found


def _pets(flat):
    for key in PET_KEYS:
        value = flat.get(key)
        if isinstance(value, (bool, str)):
            return value
    return None


def gone_or_ad(flat):
    if any(flat.get(key) not in (None, False, "", 0) for key in AD_KEYS if key in flat):
        return True
    return any(isinstance(flat.get(key), str) and _GONE.search(flat[key]) for key in STATUS_KEYS)


def raw_fields(flat, refs):
    """The raw listing fields an object holds (only what it holds)."""
    raw = {
        "external_id": _external_id(flat),
        "url": _url(flat),
        "title": _title(flat),
        "price": price_value(flat, refs),
        "currency": first_text(flat, CURRENCY_KEYS),
        "bedrooms": _bedrooms(flat),
        "bathrooms": _full_and_half(flat) or _rooms(flat, BATH_KEYS, _BATHS_WORDS),
        "square_feet": _square_feet(flat),
        "available_from": first_text(flat, DATE_KEYS),
        "pets_allowed": _pets(flat),
        "description": first_text(flat, DESCRIPTION_KEYS),
        "photos": _photos(flat, refs),
        **address_parts(flat, refs),
    }
    return {name: value for name, value in raw.items() if value not in (None, "", [])}


def is_listing(raw, lent=False):
    """A price with a street, or a price with beds and a fact about the home and something that
    names it. A building's units need only a price and beds: the building names them. A link
    ("2 bedrooms under $1,500") or a statistic (beds and a median rent) is none of these."""
    if raw.get("price") is None:
        return False
    street = raw.get("address")
    if isinstance(street, str) and _STREET.search(street):
        return True
    if raw.get("bedrooms") is None:
        return False
    if lent:
        return True
    more = any(raw.get(name) is not None for name in ("bathrooms", "square_feet", "available_from", "photos"))
    return more and any(raw.get(name) for name in ("external_id", "url", "title"))
