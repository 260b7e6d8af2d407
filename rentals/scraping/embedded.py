"""Listings from the app state pages ship as JSON or JavaScript.

Sources: `<script type="application/json">` (Next.js `__NEXT_DATA__` among them), Next.js
server-component payloads (`self.__next_f.push([1, "..."])`), state assigned to a global
(`window.__INITIAL_STATE__ = {...}`, `__PRELOADED_STATE__`, `__APOLLO_STATE__`,
`var unitsData = '{...}'`, `JSON.parse("...")`), JavaScript object literals with unquoted keys
(read by chompjs), arrays of objects passed to a call (`markers: [...]`) and JSON in `data-*`
attributes.

In the parsed data, a listing is an object that carries a price together with beds or a
street address, and something that names it (an id, a link, a title or that address). Prices
that are averages or estimates, search filters, agents, offices and map pins without beds or
an address are not listings. A building's `units` are listings that borrow its address.

The work is bounded: bytes parsed per page, values visited, nesting depth.
"""
import html
import json
import re

import chompjs

from .values import parse_bedrooms, parse_price

MAX_BYTES = 8_000_000  # of state parsed per page
MAX_NODES = 60_000  # objects and arrays visited per page
MAX_DEPTH = 40
MAX_ATTEMPTS = 400  # JavaScript literals tried per page
MAX_SCAN = 1_000_000  # characters of JavaScript read token by token per page (literals that are not JSON)
MAX_ROWS = 20_000  # server-component rows per page
MAX_ATTRIBUTES = 500  # data-* attributes holding JSON per page
MAX_LISTINGS = 2_000

_SCRIPT_OPEN = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_JS_TYPES = ("", "text/javascript", "application/javascript", "module", "text/ecmascript")
# Where a JavaScript value starts: an object, array or string assigned (`x = …`, not `==` or `=>`),
# a string given to JSON.parse, an object or array passed to a call, an array of objects after `key:`.
_JS_VALUE = re.compile(
    r"""(?<![=!<>])=(?![=>])\s*(?=[\[{"'])|(?<=JSON\.parse)\(\s*(?=["'])|\(\s*(?=[\[{])|:\s*(?=\[\s*\{)"""
)
# String literals as "unrolled loops" (no nested repetition): linear even when one never closes.
_DOUBLE = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_SINGLE = r"'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
_TEMPLATE = r"`[^`\\]*(?:\\.[^`\\]*)*`"
# An unclosed comment runs to the end (so no later "/*" is tried again: linear).
_JS_TOKENS = re.compile(rf"{_DOUBLE}|{_SINGLE}|{_TEMPLATE}|//[^\n]*|/\*.*?(?:\*/|\Z)|[\[\]{{}}]", re.DOTALL)
_JS_STRING = re.compile(rf"{_DOUBLE}|{_SINGLE}", re.DOTALL)
# A string literal worth reading holds JSON: "{…" or "[…" (escaped quotes and all).
_JSON_IN_STRING = re.compile(r"""["']\s*[\[{]""")
_JS_ESCAPE = re.compile(r'\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|.)|"', re.DOTALL)
_JSON_ESCAPES = set('"\\/bfnrtu')
_NEXT_F = re.compile(r"self\.__next_f\.push\(\[\s*1\s*,\s*(?=\")")
_RSC_ROW = re.compile(r"^[0-9a-fA-F]+:[A-Z]{0,2}(?=[\[{])")
_DATA_ATTRIBUTE = re.compile(r"""\bdata-[\w-]+\s*=\s*"(\s*[\[{]\s*(?:&quot;|\{|\[)[^"]*)\"""")

_PRICE_WORD = re.compile(r"price|rent", re.IGNORECASE)
_DECODER = json.JSONDecoder(strict=False)


_KEYS = {}  # a memo of spellings: state repeats the same keys


def _key(name):
    """"unformatted_Price" and "unformattedPrice" alike: lower case, no separators."""
    found = _KEYS.get(name)
    if found is None:
        found = re.sub(r"[\W_]+", "", str(name)).lower()
        if len(_KEYS) < 50_000:
            _KEYS[name] = found
    return found


# Keys in the order they are trusted: the first that holds a usable value is read.
PRICE_KEYS = (
    "unformattedprice", "price", "rent", "monthlyrent", "rentamount", "marketrent", "minadvertisedbaserent",
    "baserent", "askingrent", "listprice", "askingprice", "rentprice", "minrent", "minprice", "rentmin", "pricemin",
    "lowprice", "minimumrent", "minbaserent", "rentrange", "pricerange", "formattedprice", "displayprice",
    "pricetext", "pricelabel", "effectiverent", "totalrent",
)
BED_KEYS = ("beds", "bedrooms", "bedroomcount", "numbeds", "numberofbeds", "numberofbedrooms", "bedroom", "bed",
            "bedroomsnum", "bedsnum", "minbeds", "minbedrooms", "bedroomsmin", "unitspecs", "specs")
BATH_KEYS = ("bathrooms", "bathroomstotal", "baths", "bathroomcount", "numbaths", "numberofbaths",
             "numberofbathrooms", "bathroom", "bath", "minbaths", "minbathrooms", "unitspecs", "specs")
# Full and half baths counted apart (a search result's "baths" may round 2.5 up to 3).
_FULL_BATH_KEYS = ("fullbathroomcount", "fullbathrooms", "fullbaths", "bathsfull", "numfullbaths")
_HALF_BATH_KEYS = ("halfbathroomcount", "halfbathrooms", "halfbaths", "bathshalf", "numhalfbaths")
SIZE_KEYS = ("sqft", "squarefeet", "squarefootage", "sqfeet", "livingarea", "area", "size", "floorsize",
             "minsqft", "sqftmin", "minimumsqft", "minsquarefeet", "sqftunit", "unitspecs", "specs")
# Keys whose bare number is the size; elsewhere ("specs") only a figure labelled as square feet counts.
_SIZE_NUMBER_KEYS = set(SIZE_KEYS) - {"unitspecs", "specs"}
URL_KEYS = ("detailurl", "detailpageurl", "url", "href", "link", "permalink", "listingurl", "canonicalurl", "hdpurl",
            "path")
ID_KEYS = ("listingid", "unitid", "zpid", "rentalid", "propertylistingid", "id", "uuid", "guid")
_ID_ENDINGS = ("listingid", "unitid", "rentalid")
TITLE_KEYS = ("title", "name", "headline", "marketingname", "buildingname", "unitname", "propertyname")
STREET_KEYS = ("addressstreet", "streetaddress", "street", "line1", "address1", "addressline1", "streetline",
               "fulladdress", "formattedaddress", "displayaddress", "address")
CITY_KEYS = ("addresscity", "city", "locality", "addresslocality", "cityname")
STATE_KEYS = ("addressstate", "state", "statecode", "region", "addressregion", "province")
ZIP_KEYS = ("addresszipcode", "zipcode", "zip", "postalcode", "postcode", "addresspostalcode")
UNIT_NUMBER_KEYS = ("unitnumber", "marketingunitnumber", "apartmentnumber", "aptnumber", "unitno", "unitlabel",
                    "displayname")
DATE_KEYS = ("availabledate", "availabilitydate", "availableon", "availablefrom", "moveindate", "dateavailable",
             "available", "readydatetext", "readydate", "availableat", "internalavailabledate")
PET_KEYS = ("petsallowed", "allowspets", "petfriendly", "pets", "petpolicy")
PHOTO_KEYS = ("photos", "images", "imgsrc", "photourl", "photourls", "imageurl", "imageurls", "image", "picture",
              "picturelarge", "defaultphotourl", "thumbnail", "thumbnailurl", "photo", "mainphoto", "primaryphoto",
              "coverphoto", "gallery", "media")
DESCRIPTION_KEYS = ("description", "remarks", "summary", "desc", "publicremarks")
CURRENCY_KEYS = ("currency", "pricecurrency", "currencycode")
# Objects whose facts are the listing's own (a search result's `hdpData.homeInfo`, Rently's `floorplan`).
FACT_CONTAINERS = ("hdpdata", "homeinfo", "floorplan", "details", "facts", "factsandfeatures", "attributes",
                   "pricing", "specs", "location", "priceinfo", "rentinfo", "data")
_STATUS_KEYS = ("status", "leasestatus", "homestatus", "statustype", "listingstatus", "availabilitystatus",
                "availability")
_GONE = re.compile(r"\b(?:leased|rented|sold|for[\s_-]?sale|recently[\s_-]?sold|off[\s_-]?market|inactive|expired"
                   r"|deleted|unavailable|not[\s_-]available)\b", re.IGNORECASE)
_AD_KEYS = frozenset({"isad", "adtype", "adunit", "advertisement", "issponsored", "sponsored", "adid"})
_STREET = re.compile(r"\d.*[A-Za-z]{2}|[A-Za-z]{2}.*\d")
_BEDS_WORDS = re.compile(r"\b(?:studio|efficiency|bd|bds|bed|beds|bedrooms?|br)\b|^\s*\d+(?:\.\d+)?\s*$", re.I)
_BATHS_WORDS = re.compile(r"\b(?:ba|bas|bath|baths|bathrooms?)\b|^\s*\d+(?:\.\d+)?\s*$", re.IGNORECASE)
_SIZE_WORDS = re.compile(r"sq\.?\s*f|sqft|square\s+f|\bsf\b|ft²|ft2|m²|\bm2\b|sqm", re.IGNORECASE)
_NUMERIC = re.compile(r"^\s*\d{1,3}(?:,?\d{3})*(?:\.\d+)?\s*$")
_PHOTO_URL_KEYS = ("url", "src", "href", "large", "original", "full", "highres", "medium", "uri", "imageurl", "small")
_URLISH = re.compile(r"^(?:https?:)?//|^/[^/\s]?|^\./")


# --- Finding the state in the page -------------------------------------------------------------


class _Budget:
    def __init__(self):
        self.bytes = MAX_BYTES
        self.attempts = MAX_ATTEMPTS
        self.scan = MAX_SCAN
        self.script_text = MAX_BYTES  # of JavaScript searched for values

    def take(self, size):
        if size > self.bytes:
            return False
        self.bytes -= size
        return True


def _loads(text):
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None


def _js_literal(text):
    """A JavaScript object or array literal (unquoted keys, single quotes, trailing commas)."""
    try:
        return chompjs.parse_js_object(text)
    except (ValueError, RecursionError, TypeError, IndexError):
        return None


def _js_string(literal):
    """The text of a JavaScript string literal ('...' or "...")."""
    def unescape(match):
        escape = match.group(1)
        if escape is None:
            return '\\"'  # a bare double quote inside single quotes
        if escape[0] == "x":
            return "\\u00" + escape[1:]
        if escape[0] == "u" and escape[1:2] == "{":
            return chr(int(escape[2:-1], 16)) if int(escape[2:-1], 16) < 0x110000 else ""
        if escape in _JSON_ESCAPES:
            return "\\" + escape
        return escape  # \' and friends: the character itself
    try:
        return json.loads('"' + _JS_ESCAPE.sub(unescape, literal[1:-1]) + '"', strict=False)
    except (ValueError, RecursionError):
        return None


def _literal_end(text, start, limit):
    """(where the object or array literal starting at `start` ends or None, characters read);
    strings and comments are skipped, at most `limit` characters are read."""
    depth, stop = 0, min(len(text), start + limit)
    for token in _JS_TOKENS.finditer(text, start, stop):
        mark = token.group()
        if mark in "[{":
            depth += 1
        elif mark in "]}":
            depth -= 1
            if depth == 0:
                return token.end(), token.end() - start
    return None, stop - start


def _from_string_literal(text, start, budget):
    if not _JSON_IN_STRING.match(text, start):
        return None, start + 1
    match = _JS_STRING.match(text, start, min(len(text), start + budget.bytes))
    if not match:
        return None, start + 1
    value = _js_string(match.group())
    if value is None or value.lstrip()[:1] not in ("{", "[") or not budget.take(len(value)):
        return None, match.end()
    parsed = _loads(value)
    return (parsed if parsed is not None else _js_literal(value)), match.end()


def _from_script(body, budget):
    """Every value a JavaScript script assigns or passes that parses (JSON first, then chompjs).
    Every character read counts against the page's budget, parsed or only scanned."""
    values, covered = [], 0
    for match in _JS_VALUE.finditer(body):
        start = match.end()
        if start < covered:
            continue
        if budget.attempts <= 0 or budget.bytes <= 0:
            break
        budget.attempts -= 1
        if body[start] in "\"'":
            value, covered = _from_string_literal(body, start, budget)
        else:
            try:
                value, end = _DECODER.raw_decode(body, start)
            except (ValueError, RecursionError):
                if budget.scan <= 0:
                    continue
                end, read = _literal_end(body, start, budget.scan)
                budget.scan -= read
                if end is None:
                    continue
                value = _js_literal(body[start:end])
                if value is None:
                    continue  # the values inside it are tried one by one (`markers: [...]`)
            else:
                budget.take(min(end - start, budget.bytes))
            covered = end
        if isinstance(value, (dict, list)) and value:
            values.append(value)
    return values


def _from_next_f(body, pushed):
    for match in _NEXT_F.finditer(body):
        try:
            chunk, _ = _DECODER.raw_decode(body, match.end())
        except (ValueError, RecursionError):
            continue
        if isinstance(chunk, str):
            pushed.append(chunk)


def _from_rsc(payload, budget):
    """Rows of a React server-component payload ("5:[...]", "a:{...}") that are JSON."""
    values = []
    for line in payload.split("\n")[:MAX_ROWS]:
        row = _RSC_ROW.match(line) if "{" in line else None  # a listing is an object
        if row and budget.take(len(line)):
            value = _loads(line[row.end():])
            if isinstance(value, (dict, list)):
                values.append(value)
    return values


def _scripts(text):
    """(type, body) of every inline script, in page order."""
    for match in _SCRIPT_OPEN.finditer(text):
        closing = _SCRIPT_CLOSE.search(text, match.end())
        body = text[match.end():closing.start() if closing else len(text)]
        if body.strip():
            kind = _TYPE.search(match.group(1))
            yield (kind.group(1).lower() if kind else ""), body


def state_values(text):
    """The parsed app state of a page: JSON scripts, server-component rows, JavaScript values."""
    budget = _Budget()
    values, pushed = [], []
    for kind, body in _scripts(text):
        if "ld+json" in kind:
            continue  # JSON-LD is read by its own extractor
        if "json" in kind:
            if budget.take(len(body)):
                value = _loads(body)
                if isinstance(value, (dict, list)):
                    values.append(value)
        elif kind in _JS_TYPES:
            if "__next_f" in body:
                _from_next_f(body, pushed)
            elif len(body) <= budget.script_text:
                budget.script_text -= len(body)
                values.extend(_from_script(body, budget))
    if pushed:
        values.extend(_from_rsc("".join(pushed), budget))
    if "&quot;" in text:
        attributes = 0
        for match in _DATA_ATTRIBUTE.finditer(text):
            found = match.group(1)
            if not _PRICE_WORD.search(found):
                continue  # component props without a price hold no listing
            attributes += 1
            if attributes > MAX_ATTRIBUTES:
                break
            if budget.take(len(found)):
                value = _loads(html.unescape(match.group(1)))
                if isinstance(value, (dict, list)):
                    values.append(value)
    return values


# --- Finding the listings in the state ---------------------------------------------------------

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
_ELSEWHERE = re.compile(r"nearby|similar|recommend|related|suggest|sponsor|promoted|otherlisting|alsoviewed"
                        r"|peoplealso|compare|relaxed")
# The property a listing is shown with, in a component's props.
_PLACE_KEYS = ("property", "building", "community", "complex")
MIN_PRICE = 100  # a "price" under this in app state is a tier ($$) or a count, not a rent


def _resolve(value, refs):
    """An Apollo cache reference ({"__ref": "Listing:1"}) as the object it names."""
    if isinstance(value, dict) and refs and len(value) <= 3:
        name = value.get("__ref") or (value.get("id") if value.get("type") == "id" else None)
        if isinstance(name, str):
            return refs.get(name, value)
    return value


def _flat(node, refs, depth=0):
    """{normalised key: value} of an object and of the fact containers it holds."""
    flat = {}
    for name, value in node.items():
        flat.setdefault(_KEYS.get(name) or _key(name), value)
    if depth < 2 and not flat.keys().isdisjoint(_CONTAINER_SET):
        for container in FACT_CONTAINERS:
            inner = _resolve(flat.get(container), refs)
            if isinstance(inner, dict):
                for name, value in _flat(inner, refs, depth + 1).items():
                    flat.setdefault(name, value)
    return flat


def _scalar_text(value):
    return value if isinstance(value, str) else None


def _price(flat, refs):
    for key in PRICE_KEYS:
        value = _resolve(flat.get(key), refs)
        if isinstance(value, dict):
            value = next((value[name] for name in ("amount", "value", "min", "low", "from", "formatted", "display",
                                                  "text", "minValue") if value.get(name) is not None), None)
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
    full = next((flat[key] for key in _FULL_BATH_KEYS if isinstance(flat.get(key), (int, float))), None)
    if full is None or isinstance(full, bool) or not 0 < full <= 50:
        return None
    half = next((flat[key] for key in _HALF_BATH_KEYS if isinstance(flat.get(key), (int, float))), 0)
    return full + (half / 2 if 0 <= half <= 50 else 0)


def _bedrooms(flat):
    value = _rooms(flat, BED_KEYS, _BEDS_WORDS)
    return value if value is not None and parse_bedrooms(value) is not None else None


def _square_feet(flat):
    for key in SIZE_KEYS:
        value = flat.get(key)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)) and key in _SIZE_NUMBER_KEYS:
            return value
        labelled = isinstance(value, str) and _SIZE_WORDS.search(value)
        if labelled or (isinstance(value, str) and key in _SIZE_NUMBER_KEYS and _NUMERIC.match(value)):
            return value
        if isinstance(value, dict) and key in _SIZE_NUMBER_KEYS and isinstance(value.get("value"), (int, float)):
            return value
    return None


def _first_text(flat, keys, refs=None):
    for key in keys:
        value = _resolve(flat.get(key), refs)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _external_id(flat):
    found = _first_text(flat, ID_KEYS)
    if found is None:
        # "remote_listing_id", "marketingUnitId": an id by its name's end.
        key = next((key for key in flat if key.endswith(_ID_ENDINGS)), None)
        found = _first_text(flat, (key,)) if key else None
    return found


def _url(flat):
    for key in URL_KEYS:
        value = flat.get(key)
        if isinstance(value, dict):
            value = value.get("href") or value.get("url")
        if isinstance(value, str) and _URLISH.match(value.strip()) and " " not in value.strip():
            return value.strip()
    return None


def _address(flat, refs):
    """street, city, state, zip: from flat keys or an address object."""
    parts = {}
    for key in STREET_KEYS:
        value = _resolve(flat.get(key), refs)
        if isinstance(value, dict):
            inner = _flat(value, refs, 2)
            parts.setdefault("address", _first_text(inner, STREET_KEYS[:-1]))
            for name, keys in (("city", CITY_KEYS), ("state", STATE_KEYS), ("postal_code", ZIP_KEYS)):
                parts.setdefault(name, _first_text(inner, keys))
        elif isinstance(value, str) and value.strip() and not parts.get("address"):
            parts["address"] = value.strip()
    for name, keys in (("city", CITY_KEYS), ("state", STATE_KEYS), ("postal_code", ZIP_KEYS)):
        if not parts.get(name):
            found = _first_text(flat, keys, refs)
            # A bare number is a region or city id, not a name (a postal code is a number).
            if found and (name == "postal_code" or not found.isdigit()):
                parts[name] = found
    return {name: value for name, value in parts.items() if value}


def _photo_urls(value, refs, found, depth=0):
    value = _resolve(value, refs)
    if isinstance(value, str):
        if value.strip() and value not in found:
            found.append(value.strip())
    elif isinstance(value, list) and depth < 3:
        for item in value[:40]:
            _photo_urls(item, refs, found, depth + 1)
    elif isinstance(value, dict) and depth < 3:
        inner = {_key(name): item for name, item in value.items()}
        if isinstance(inner.get("baseurl"), str) and isinstance(inner.get("photodata"), list):
            # {"baseUrl": "https://…/{photoKey}-p_e.jpg", "photoData": [{"photoKey": "…"}]}
            for photo in inner["photodata"][:40]:
                if isinstance(photo, dict) and isinstance(photo.get("photoKey"), str):
                    found.append(inner["baseurl"].replace("{photoKey}", photo["photoKey"]))
            return
        for key in _PHOTO_URL_KEYS:
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


def _gone_or_ad(flat):
    if any(flat.get(key) not in (None, False, "", 0) for key in _AD_KEYS if key in flat):
        return True
    return any(isinstance(flat.get(key), str) and _GONE.search(flat[key]) for key in _STATUS_KEYS)


def _raw(flat, refs):
    """The raw listing fields an object holds (only what it holds)."""
    raw = {
        "external_id": _external_id(flat),
        "url": _url(flat),
        "title": _first_text(flat, TITLE_KEYS),
        "price": _price(flat, refs),
        "currency": _first_text(flat, CURRENCY_KEYS),
        "bedrooms": _bedrooms(flat),
        "bathrooms": _full_and_half(flat) or _rooms(flat, BATH_KEYS, _BATHS_WORDS),
        "square_feet": _square_feet(flat),
        "available_from": _first_text(flat, DATE_KEYS),
        "pets_allowed": _pets(flat),
        "description": _first_text(flat, DESCRIPTION_KEYS),
        "photos": _photos(flat, refs),
        **_address(flat, refs),
    }
    return {name: value for name, value in raw.items() if value not in (None, "", [])}


def _is_listing(raw, lent=False):
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
            keys = {_key(name): name for name in names}
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
                children = value.values() if not elsewhere else [
                    item for name, item in value.items() if name not in elsewhere
                ]
                if place_key is not None:
                    beside = _resolve(value[place_key], refs)
                    beside = _address(_flat(beside, refs, 2), refs) if isinstance(beside, dict) else {}
                    place = beside if beside.get("address") else None
                else:
                    place = None
            if depth < MAX_DEPTH:
                stack.extend((item, depth + 1, place) for item in reversed(children) if isinstance(item, (dict, list)))

    def _listing(self, node, refs, has_units, place):
        """Whether the object is a listing, or a building whose units are (and record them)."""
        flat = _flat(node, refs)
        if _gone_or_ad(flat):
            return False
        if has_units and self._units(flat, refs):
            return True
        if _price(flat, refs) is None:
            return False
        raw = _raw(flat, refs)
        if not _is_listing(raw):
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
        home = _raw(building, refs)
        if not (home.get("address") or home.get("url")):
            home = {}
        raws = self._unit_listings(building, refs, home, {}, home.get("external_id") or home.get("url")
                                   or home.get("address"))
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
                child = _resolve(child, refs)
                if not isinstance(child, dict):
                    continue
                flat = _flat(child, refs)
                if _gone_or_ad(flat):
                    continue
                raw = _raw(flat, refs)
                if depth < 2 and not flat.keys().isdisjoint(_UNIT_LIST_SET):
                    # A plan with units of its own: they are the listings, with its rooms.
                    inner = self._unit_listings(flat, refs, home, raw, raw.get("external_id") or home_key, depth + 1)
                    if inner:
                        raws.extend(inner)
                        continue
                unit = _with_home(raw, home, plan, _first_text(flat, UNIT_NUMBER_KEYS), home_key)
                if _is_listing(unit, lent=bool(home)):
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
