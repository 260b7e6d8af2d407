"""Entrata property websites (Prospect Portal and managers' own domains).

Evidence: live captures read by one collector plus two others' notes (DESCRIBED): floor-plan
lists in two server-rendered templates (`li.fp-group-item` columns, older `.fp-card`), a unit
roster (`.unit-item`), and on the newer theme the apartments of every plan as an escaped JSON
string, `var unitsData = '{"<plan id>": [unit, ...]}'`.

Apartments are listings. A floor plan is a listing only when the page lists none of its
apartments, shows its own price ("—" means the rent is hidden) and rooms, and does not say
it is waitlisted or has nothing available.
"""

import json
import re

from ..values import parse_price
from .base import Preset, listing_link, node_attr, node_text

_PLAN_ID = re.compile(r"-(\d{4,})-\d+/?(?:[?#].*)?$")
_NONE_AVAILABLE = re.compile(
    r"waitlist|wait list|no units available|not available|unavailable|\b0 units?\b", re.IGNORECASE
)
_UNITS_DATA = re.compile(r"""\bunitsData\s*=\s*(?P<quote>['"])(?P<body>.*?)(?P=quote)\s*;""", re.DOTALL)


def _plan(url, name, rooms, price, size, availability, photo=""):
    plan_id = _PLAN_ID.search(url or "")
    return {
        "url": url,
        "external_id": f"floorplan:{plan_id.group(1)}" if plan_id else "",
        "title": name,
        "price": price,
        "bedrooms": rooms,
        "bathrooms": rooms,
        "square_feet": size,
        "available_from": "",
        "availability": availability,
        "photos": [photo],
    }


def _group_items(selector, page_url):
    """Template B: `li.fp-group-item`, one column (`div.fp-col.<kind>`) per fact."""
    for item in selector.css("li.fp-group-item"):
        link = listing_link(item, "a.fp-name-link, .fp-name a", page_url)
        yield _plan(
            link,
            node_text(item, ".fp-name"),
            node_text(item, ".fp-col.bed-bath .fp-col-text"),
            node_text(item, ".fp-col.rent .fee-transparency-text") or node_text(item, ".fp-col.rent .fp-col-text"),
            node_text(item, ".fp-col.sq-feet .fp-col-text"),
            node_text(item, ".fp-col.action"),
            node_attr(item, ".image-link img", "src"),
        )


def _cards(selector, page_url):
    """Template A: `.fp-card` with the rooms before and the size after the name."""
    for card in selector.css(".fp-card"):
        availability = node_text(card, ".availability")
        yield {
            **_plan(
                listing_link(card, "a[href*='/floorplans/']", page_url),
                node_text(card, ".fp-title"),
                node_text(card, ".dynamic-text-before"),
                node_text(card, ".fee-transparency-text"),
                node_text(card, ".dynamic-text-after"),
                availability,
            ),
            "available_from": availability if re.search(r"\bavailable\s+\w+\s+\d", availability, re.IGNORECASE) else "",
        }


def _unit_items(selector, page_url):
    """The unit roster: `.unit-item` with "1 Bed, 1 Bath, 620 SqFt" in one line."""
    for item in selector.css(".unit-item"):
        facts = node_text(item, ".unit-bed-bath").replace("&nbsp", " ")
        yield {
            "title": node_text(item, ".unit-title"),
            "price": node_text(item, ".unit-price"),
            "bedrooms": facts,
            "bathrooms": facts,
            "square_feet": facts,
            "url": listing_link(item, "a[href]", page_url),
        }


def _units_data(text):
    """The apartments of the newer theme's `var unitsData = '{...}'` (an escaped JSON string)."""
    match = _UNITS_DATA.search(text)
    if not match:
        return []
    body = match.group("body").replace("\\/", "/").replace('\\"', '"').replace("\\'", "'")
    try:
        plans = json.loads(body)
    except ValueError:
        return []
    units = []
    for plan_units in plans.values() if isinstance(plans, dict) else ():
        for unit in plan_units if isinstance(plan_units, list) else ():
            if not isinstance(unit, dict):
                continue
            number = unit.get("marketing_unit_number") or unit.get("unit_number") or ""
            plan_name = unit.get("floorplan_name") or ""
            units.append(
                {
                    "external_id": str(unit.get("unit_id") or ""),
                    "title": f"Unit {number}" + (f" ({plan_name})" if plan_name else ""),
                    # The advertised base rent: min_rent is the plan's "from" price, min_rent_unit has fees.
                    "price": unit.get("min_advertised_base_rent") or unit.get("max_advertised_base_rent"),
                    "bedrooms": unit.get("bedroom"),
                    "bathrooms": unit.get("bathroom"),
                    "square_feet": unit.get("sqft") or unit.get("sqft_unit"),
                    "available_from": unit.get("available_on") or "",
                }
            )
    return units


def read_listings(page):
    units = _units_data(page.text) or list(_unit_items(page.selector, page.url))
    if units:
        return units
    plans = []
    for plan in [*_group_items(page.selector, page.url), *_cards(page.selector, page.url)]:
        availability = plan.pop("availability")
        if _NONE_AVAILABLE.search(availability) or not parse_price(plan["price"])[0]:
            continue
        if plan["bedrooms"] or plan["bathrooms"]:
            plans.append(plan)
    return plans


PRESET = Preset(
    name="entrata",
    hosts=(r"(^|\.)prospectportal\.com$",),
    markers=(
        'script[src*="commoncf.entrata.com"]',
        'link[href*="commoncf.entrata.com"]',
        'script[src*="comms.entrata.com"]',
        "ul.fp-group-list li.fp-group-item",
        ".entrata-widget",
    ),
    reader=read_listings,
)
