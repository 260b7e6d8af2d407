"""Yardi RENTCafe / SecureCafe: three page shapes of one platform.

- `availableunits.aspx` (SecureCafe): one `table.availableUnits` per floor plan, whose caption
  names the plan's beds and baths, with one `tr.AvailUnitRow` per apartment and cells keyed by
  `data-label` (SEEN-CODE: one scraper run on ~200 buildings, confirmed by others).
- `floorplans.aspx` (SecureCafe): one row per floor plan in `#floorplanlist` (SEEN-CODE, one
  scraper).
- The "Site Manager" property website: `.floorplan-block` plans with data attributes and their
  apartments in `.par-units#par_<plan id>` (DESCRIBED, verified on two live sites).

An apartment row is a listing. A floor plan is a listing only when no apartment of it is listed
on the page, it shows its own price and its rooms, and it does not say none is available.
"""

import re

from ..values import parse_price
from .base import Preset, attribute, listing_link, node_attr, node_text

# ApplyNowClick('<unit id>', '<plan id>', '<property id>', '<M/D/YYYY>', ...); 12/31/9999 is no date.
_APPLY = re.compile(r"ApplyNowClick\(\s*'(?P<unit>[^']*)'\s*,\s*'[^']*'\s*,\s*'[^']*'\s*,\s*'(?P<date>[^']*)'")
_NO_DATE = re.compile(r"/9999$")
_NONE_AVAILABLE = re.compile(r"^\s*0\b|waitlist|wait list|not available|unavailable|sold out", re.IGNORECASE)
_PLAN_ID = re.compile(r"floorPlans?=(\d+)|FloorPlanID=(\d+)", re.IGNORECASE)


def _cells(row):
    """{data-label, lower-cased: cell text} of a table row."""
    cells = {}
    for cell in row.css("td, th"):
        label = attribute(cell, "data-label").lower()
        if label and label not in cells:
            cells[label] = _own_text(cell) or node_text(cell)
    return cells


def _own_text(cell):
    """A cell's text without the label a narrow screen shows inside it (`<span>Beds/Baths</span>`)."""
    return " ".join(" ".join(cell.xpath("./text()").getall()).split())


def _available_units(page):
    listings = []
    for table in page.selector.css("table.availableUnits"):
        # "Apartment Details and Selection for Floor Plan: 1 Bed / 1 Bath - Aspen"
        plan = node_text(table, "caption").split(":", 1)[-1].strip()
        rooms, _, plan_name = plan.partition(" - ")
        for row in table.css("tr.AvailUnitRow"):
            cells = _cells(row)
            apply = _APPLY.search(node_attr(row, "[onclick*=ApplyNowClick]", "onclick"))
            date = cells.get("date available", "")
            if not date and apply and not _NO_DATE.search(apply.group("date")):
                date = apply.group("date")
            unit = cells.get("apartment", "")
            listings.append(
                {
                    "external_id": apply.group("unit") if apply else "",
                    "title": f"Apartment {unit}".strip() + (f" ({plan_name.strip()})" if plan_name.strip() else ""),
                    "price": cells.get("rent", ""),
                    "bedrooms": rooms,
                    "bathrooms": rooms,
                    "square_feet": cells.get("sq.ft.", ""),
                    "available_from": "" if _NO_DATE.search(date) else date,
                }
            )
    return listings


def _floorplan_rows(page):
    listings = []
    for row in page.selector.css("#floorplanlist tr"):
        cells = {attribute(cell, "data-label").lower(): cell for cell in row.css("td[data-label]")}
        if "rent" not in cells:
            continue
        rooms = _own_text(cells["beds"]) if "beds" in cells else ""
        availability = node_text(cells["availability"]) if "availability" in cells else ""
        if _NONE_AVAILABLE.search(availability):
            continue
        link = listing_link(row, 'a[href*="availableunits.aspx"]', page.url) or listing_link(row, "a[href]", page.url)
        plan_id = _PLAN_ID.search(link)
        listings.append(
            {
                "url": link,
                "external_id": f"floorplan:{next(filter(None, plan_id.groups()))}" if plan_id else "",
                "title": _own_text(cells["floor plan"]) or node_text(cells["floor plan"])
                if "floor plan" in cells
                else "",
                "price": node_text(cells["rent"]),
                "bedrooms": rooms,
                "bathrooms": rooms,
                "square_feet": _own_text(cells["sq. ft."]) if "sq. ft." in cells else "",
                "photos": [node_attr(row, "td.floorplan-img img", "data-src")],
            }
        )
    return listings


def _site_manager(page):
    listings = []
    apartments = {}  # plan id: its apartments, from `.par-units#par_<plan id>`
    for block in page.selector.css(".par-units[id^=par_]"):
        apartments.setdefault(attribute(block, "id").removeprefix("par_"), block.css(".unit-container"))
    for plan in page.selector.css(".floorplan-block[data-rent]"):
        plan_id = attribute(plan, "id").removeprefix("floorplan_")
        name = attribute(plan, "data-floorplan-name") or node_text(plan, "h2, h3")
        bed = attribute(plan, "data-bed")
        bedrooms = "Studio" if bed.upper() == "S" else bed
        bathrooms = attribute(plan, "data-bath")
        units = apartments.get(plan_id, []) if plan_id else []
        for unit in units:
            text = node_text(unit)
            if _NONE_AVAILABLE.search(text):
                continue
            available = re.search(r"Available:\s*(\S+)", text, re.IGNORECASE)
            listings.append(
                {
                    "title": node_text(unit, ".unit-number") + (f" ({name})" if name else ""),
                    "price": node_text(unit, ".unit-rent") or node_text(unit, ".pricing"),
                    "bedrooms": bedrooms,
                    "bathrooms": bathrooms,
                    "square_feet": node_text(unit, ".unit-sqft"),
                    "available_from": available.group(1) if available else "",
                    "url": listing_link(unit, 'a[href*="securecafe.com"], a[href*="oleapplication"]', page.url),
                }
            )
        if units or attribute(plan, "data-numunits") == "0":
            continue
        listings.append(
            {
                "external_id": f"floorplan:{plan_id}" if plan_id else "",
                "title": name,
                "price": attribute(plan, "data-rent"),
                "bedrooms": bedrooms,
                "bathrooms": bathrooms,
                "square_feet": attribute(plan, "data-sqft"),
            }
        )
    return listings


def read_listings(page):
    listings = _available_units(page) + _floorplan_rows(page) + _site_manager(page)
    # No price ("Call for details", a $0 placeholder) or no rooms: nothing a renter can act on.
    return [
        listing
        for listing in listings
        if parse_price(listing["price"])[0] and (listing["bedrooms"] or listing["bathrooms"])
    ]


PRESET = Preset(
    name="rentcafe",
    hosts=(r"(^|\.)rentcafe\.com$", r"(^|\.)securecafe\.com$"),
    markers=(
        "table.availableUnits tr.AvailUnitRow",
        "#floorplanlist",
        ".floorplan-block[data-rent] ~ .par-units",
        'script[src*="rentcafe.com/"]',
        'link[href*="cdngeneralcf.rentcafe.com"]',
        'img[src*="cdngeneralcf.rentcafe.com"]',
    ),
    reader=read_listings,
)
