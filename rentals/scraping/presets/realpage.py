"""RealPage community websites (CWS, assets from `cs-cdn.realpage.com`) and OneSite online
leasing (`<n>.onlineleasing.realpage.com`).

Evidence: two collectors' notes (DESCRIBED). The floor-plan widget is drawn in the browser from
RealPage's API, so the page as fetched usually holds no listing: the preset recognises the site
and reads the plan cards (`.rpfp-card`) only when they are in the page. A plan card is a
listing when it shows a price and its rooms.

The apartments themselves are served by the same host's
`/CmsSiteManager/callback.aspx?act=Proxy/GetUnits&available=true&honordisplayorder=true`
(SEEN-REAL: a captured answer): `{"units": [...]}`, each unit with `id`, `unitNumber`/`name`,
`floorplanName`, `numberOfBeds`, `numberOfBaths`, `squareFeet`, `rent` (a number) and
`totalRent` (text), `leaseStatus` ("AVAILABLE_READY", "LEASED"; `available=true` does not
filter), `internalAvailableDate` ("2025-06-13 00:00 -0500"), `buildingName`. The crawl follows
that address for a community website (`listing_sources`); this reader keeps the units whose
status says available (or says nothing). A unit names no street: the community's is on its site.
"""

import re
from urllib.parse import urlsplit

from ..values import parse_price
from .base import Preset, json_answer, listing_link, node_attr, node_text

GET_UNITS = "/CmsSiteManager/callback.aspx?act=Proxy/GetUnits&available=true&honordisplayorder=true"
_ONLINE_LEASING = re.compile(r"(^|\.)onlineleasing\.realpage\.com$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def listing_sources(page):
    # OneSite online leasing is a stateful application with no such callback.
    if _ONLINE_LEASING.search(urlsplit(page.url).hostname or ""):
        return []
    return [GET_UNITS]


def _is_available(unit):
    status = str(unit.get("leaseStatus") or "").strip().upper()
    return not status or status.startswith("AVAILABLE")


def _unit(unit):
    number = str(unit.get("unitNumber") or unit.get("name") or "").strip()
    plan = str(unit.get("floorplanName") or "").strip()
    date = _DATE.match(str(unit.get("internalAvailableDate") or "").strip())
    photos = [
        image.get("src")
        for image in unit.get("floorPlanImages") or []
        if isinstance(image, dict) and isinstance(image.get("src"), str) and "%s" not in image["src"]
    ]
    return {
        "external_id": str(unit.get("id") or ""),
        "title": " · ".join(part for part in (plan, f"Unit {number}" if number else "") if part),
        "price": unit.get("rent") or unit.get("totalRent"),
        "bedrooms": unit.get("numberOfBeds"),
        "bathrooms": unit.get("numberOfBaths"),
        "square_feet": f"{unit['squareFeet']} sq ft" if unit.get("squareFeet") else "",
        "available_from": date.group(0) if date else "",
        "photos": photos[:1],
    }


def read_units(answer):
    units = answer.get("units") if isinstance(answer, dict) else None
    if not isinstance(units, list):
        return []
    return [_unit(unit) for unit in units if isinstance(unit, dict) and _is_available(unit)]


def read_listings(page):
    answer = json_answer(page)
    if answer is not None:
        return read_units(answer)
    listings = []
    for card in page.selector.css(".rpfp-card"):
        price = node_text(card, ".rpfp-rent")
        beds, baths = node_text(card, ".rpfp-beds"), node_text(card, ".rpfp-bath")
        if not parse_price(price)[0] or not (beds or baths):
            continue
        listings.append(
            {
                "url": listing_link(card, "a.floorplan-action-button", page.url),
                "title": node_text(card, ".rpfp-name"),
                "price": price,
                "bedrooms": beds,
                "bathrooms": baths,
                "square_feet": node_text(card, ".rpfp-sqft"),
                "photos": [node_attr(card, ".rpfp-image", "data-src") or node_attr(card, ".rpfp-image", "src")],
            }
        )
    return listings


PRESET = Preset(
    name="realpage",
    hosts=(r"(^|\.)onlineleasing\.realpage\.com$",),
    markers=(
        'script[src*="cs-cdn.realpage.com"]',
        'link[href*="cs-cdn.realpage.com"]',
        ".rpfp-container",
    ),
    reader=read_listings,
    sources=listing_sources,
)
