"""Propertyware listing widgets on managers' own sites and on `<name>.propertyware.com`.

Evidence: two sites' code (SEEN-CODE) and another product's importer, tested against recorded
answers of the widget's calls (DESCRIBED). The page sets `var SID = <n>; var WID = <n>;` or
loads `app.propertyware.com/pw/website/widgets/config.jsp?wid=<n>` (a script that sets them),
and the widget draws `#pw_listing_widget_*` from JSONP calls to
`webreq.propertyware.com/pw/marketing/website.do`:
- the list, `?sid=..&wid=..&action=l&pageNumber=<0..>&callback=loadListCallback`:
  `loadListCallback({"buildings": [{id, zip, targetRent, startingRent, ...}], "unitCount",
  "pageSize"})`, pages 0 to unitCount // pageSize;
- a unit (or a building), `?sid=..&wid=..&uid=<id>&action=u&callback=loadDetailCallback`:
  `{"unit": {address, city, state, zip, numberBedrooms, numberBathrooms, totalArea,
  targetRentDescription ("$1,050.00", "<span>Monthly Rent: </span>$1,050.00", "$2.55 / Sq Ft
  ($2,868.75 / Month)", "$0.00" for none), startingRentAmount, availableDate,
  availableDateDesc ("Today"), images[].highResUrl, postingTitle, petsAllowed ("Yes"/"No"),
  publishedUnits}}`; a building's `publishedUnits` are its units, each asked for the same way.

The page as fetched holds no listing: the crawl follows the list call (`listing_sources`; the
widget's script first when only it knows SID and WID), then what each answer leads to
(`answer_sources`): the list's next page, and the unit call of each building the list gives
without its rent, rooms or street. A building the list describes whole is read from the list;
the others from their unit answers. An answer that is not the JSONP the widget expects is
refused (`check`): no rental from it, and a warning. No answer gives the address of a
listing's own page, so the rentals have no link.

The calls go to webreq.propertyware.com, except for a widget served from another host (a site
that proxies Propertyware's scripts), whose calls go to that host.
"""

import re
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from ..values import parse_price
from .base import Preset, state_code
from .pagedata import dicts, jsonp_value

WEBREQ = "https://webreq.propertyware.com"
WEBSITE_DO = "/pw/marketing/website.do"
_SID = re.compile(r"\bvar\s+SID\s*=\s*(\d+)\s*;")
_WID = re.compile(r"\bvar\s+WID\s*=\s*(\d+)\s*;")
_WIDGET_PATH = re.compile(r"/pw/website/widgets/", re.IGNORECASE)
_CONFIG_SCRIPT = re.compile(r"/pw/website/widgets/config\.jsp\?(?:[^#]*&)?wid=\d+", re.IGNORECASE)
_PROPERTYWARE_HOST = re.compile(r"(^|\.)propertyware\.com$", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")
_MONTHLY = re.compile(r"\(\s*(\$[\d,.]+)\s*/\s*Month\s*\)", re.IGNORECASE)
_PER_SQUARE_FOOT = re.compile(r"/\s*Sq\.?\s*Ft", re.IGNORECASE)
_AMOUNT = re.compile(r"\$\s*\d[\d,]*(?:\.\d+)?")
LIST_CALLBACK = "loadListCallback"
DETAIL_CALLBACK = "loadDetailCallback"
NOT_THE_WIDGETS = "it is not the answer Propertyware's listing widget reads"


def _data_origin(address):
    """Where a widget served from `address` asks for its data."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return WEBREQ
    if not parts.hostname or _PROPERTYWARE_HOST.search(parts.hostname):
        return WEBREQ
    return f"{parts.scheme}://{parts.netloc}"


def _call(origin, sid, wid, **query):
    return f"{origin}{WEBSITE_DO}?" + urlencode({"sid": sid, "wid": wid, "forSale": "false", **query})


def _list_call(origin, sid, wid, page_number=0):
    return _call(origin, sid, wid, action="l", pageNumber=page_number, callback=LIST_CALLBACK)


def _unit_call(origin, sid, wid, uid):
    return _call(origin, sid, wid, uid=uid, action="u", callback=DETAIL_CALLBACK)


def _ids(text):
    sid, wid = _SID.search(text or ""), _WID.search(text or "")
    return (sid.group(1), wid.group(1)) if sid and wid else None


def listing_sources(page):
    """The list call where the page sets SID and WID (or a brochure link names them), else the
    widget's config script, which does."""
    scripts = [urljoin(page.url, src.strip()) for src in page.selector.css("script::attr(src)").getall()]
    widget = next((src for src in scripts if _WIDGET_PATH.search(src)), None)
    ids = _ids(page.text) or _brochure_ids(page)
    if ids:
        return [_list_call(_data_origin(widget) if widget else WEBREQ, *ids)]
    return [src for src in scripts if _CONFIG_SCRIPT.search(src)]


def _brochure_ids(page):
    for href in page.selector.css("a.brochure::attr(href)").getall():
        query = parse_qs(urlsplit(href.strip()).query)
        if query.get("sid") and query.get("wid"):
            return query["sid"][0], query["wid"][0]
    return None


def _kind(answer):
    """("config" | "list" | "unit" | "", the call's query) of an answer the crawl followed."""
    parts = urlsplit(answer.url)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    if parts.path.lower().endswith("/config.jsp"):
        return "config", query
    if parts.path.endswith(WEBSITE_DO):
        return {"l": "list", "u": "unit"}.get(query.get("action"), ""), query
    return "", query


def _answer(answer):
    """(kind, query, the JSONP's value) of a followed answer; the value None when unreadable."""
    kind, query = _kind(answer)
    if kind == "list":
        value = jsonp_value(answer.text, LIST_CALLBACK)
        return kind, query, value if isinstance(value, dict) and isinstance(value.get("buildings"), list) else None
    if kind == "unit":
        value = jsonp_value(answer.text, DETAIL_CALLBACK)
        return kind, query, value if isinstance(value, dict) and isinstance(value.get("unit"), dict) else None
    return kind, query, None


def check(answer):
    kind, _, value = _answer(answer)
    if kind == "config":
        return "" if _ids(answer.text) else "the widget's script names no SID and WID"
    if kind in ("list", "unit") and value is None:
        return NOT_THE_WIDGETS
    return ""


def answer_sources(answer):
    kind, query, value = _answer(answer)
    if kind == "config":
        ids = _ids(answer.text)
        return [_list_call(_data_origin(answer.url), *ids)] if ids else []
    if value is None or not (query.get("sid") and query.get("wid")):
        return []
    origin, sid, wid = _data_origin(answer.url), query["sid"], query["wid"]
    if kind == "unit":
        return [
            _unit_call(origin, sid, wid, unit["id"])
            for unit in dicts(value["unit"].get("publishedUnits"))
            if unit.get("id") is not None
        ]
    addresses = []
    page_number = _number(query.get("pageNumber")) or 0
    per_page = _number(value.get("pageSize"))
    if per_page and page_number < (_number(value.get("unitCount")) or 0) // per_page:
        addresses.append(_list_call(origin, sid, wid, page_number + 1))
    addresses += [
        _unit_call(origin, sid, wid, building["id"])
        for building in dicts(value["buildings"])
        if building.get("id") is not None and not _is_whole(_building(building))
    ]
    return addresses


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def rent_text(*descriptions):
    """The monthly rent of the first description that states one: "$1,050.00" from
    "<span>Monthly Rent: </span>$1,050.00", the month's figure of "$2.55 / Sq Ft ($2,868.75 /
    Month)"; a rent per square foot alone, or $0, is no rent."""
    for description in descriptions:
        text = _TAGS.sub(" ", str(description if description is not None else ""))
        monthly = _MONTHLY.search(text)
        if monthly:
            text = monthly.group(1)
        elif _PER_SQUARE_FOOT.search(text):
            continue
        amount = _AMOUNT.search(text)
        text = amount.group(0) if amount else " ".join(text.split())
        if parse_price(text)[0] is not None:
            return text
    return None


def _square_feet(value):
    area = str(value if value is not None else "").replace(",", "").strip()
    return f"{area} sq ft" if area and parse_price(area)[0] else ""


def _listing(item, *rents):
    """A raw listing from a list's building or a unit answer (the same names in both)."""
    title = item.get("postingTitle") or item.get("name") or item.get("address")
    return {
        "external_id": str(item.get("id") or ""),
        "title": title,
        "address": item.get("address"),
        "city": item.get("city"),
        "state": state_code(str(item.get("state") or "")),
        "postal_code": item.get("zip"),
        "price": rent_text(*rents),
        "bedrooms": item.get("numberBedrooms"),
        "bathrooms": item.get("numberBathrooms"),
        "square_feet": _square_feet(item.get("totalArea")),
        "available_from": "now"
        if str(item.get("availableDateDesc") or "").lower() == "today"
        else item.get("availableDate"),
        "pets_allowed": item.get("petsAllowed"),
        "photos": [image.get("highResUrl") for image in dicts(item.get("images")) if image.get("highResUrl")],
    }


def _building(building):
    return _listing(building, building.get("targetRent"), building.get("startingRent"))


def _is_whole(listing):
    """Whether a list's building says its rent, its rooms and its street: no unit call needed."""
    return bool(listing["price"] and listing["bedrooms"] is not None and listing["address"])


def read_listings(page):
    kind, query, value = _answer(page)
    if value is None:
        return []
    if kind == "list":
        return [listing for listing in map(_building, dicts(value["buildings"])) if _is_whole(listing)]
    unit = value["unit"]
    if dicts(unit.get("publishedUnits")):
        return []  # a building: its units are asked for one by one
    listing = _listing(unit, unit.get("targetRentDescription"), unit.get("startingRentAmount"))
    return [{**listing, "external_id": listing["external_id"] or query.get("uid", "")}]


PRESET = Preset(
    name="propertyware",
    hosts=(r"(^|\.)propertyware\.com$",),
    markers=(
        'script[src*="propertyware.com/pw/website/widgets"]',
        '[id^="pw_listing_widget"]',
    ),
    reader=read_listings,
    sources=listing_sources,
    answer_sources=answer_sources,
    check=check,
)
