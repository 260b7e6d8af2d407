"""Rent Manager property websites (the `twa.rentmanager.com` family, on managers' own domains).

Evidence: one collector's extractor, verified on a live site (DESCRIBED). A `.suite-floorplans`
page has one `.suite-group` per floor plan (`data-bedrooms`, rate, baths, size) holding its
apartments as `.suite[data-suite-id]` rows. Rows are the whole roster, rented ones included, so
only a row that says it is available (a date, "Available", "Now") is a listing, and then it
inherits its plan's rooms. A plan with no available row is a listing when it shows its own
price (not the "$0" placeholder group) and does not say "N/A" or "Waitlist".
"""

import re

from ..values import parse_price
from .base import Preset, attribute, listing_link, node_text

_NOT_AVAILABLE = re.compile(r"not available|unavailable|waitlist|wait list|\bn/a\b", re.IGNORECASE)
_AVAILABLE = re.compile(r"available|\bnow\b|\d{1,2}/\d{1,2}/\d{2,4}", re.IGNORECASE)
_DATE_OR_NOW = re.compile(r"\bnow\b|\d{1,2}/\d{1,2}", re.IGNORECASE)
_DISABLED = {"disabled", "not-available"}


def _unavailable(node):
    classes = set()
    for element in [node, *node.css("*")]:
        classes.update(attribute(element, "class").lower().split())
    text = node_text(node)
    return bool(classes & _DISABLED) or bool(_NOT_AVAILABLE.search(text)) or not _AVAILABLE.search(text)


def read_listings(page):
    listings = []
    for group in page.selector.css(".suite-floorplans .suite-group, .suite-group[data-bedrooms]"):
        name = node_text(group, ".suite-group-type")
        bedrooms = attribute(group, "data-bedrooms")
        bathrooms = node_text(group, ".suite-group-bath .value")
        size = node_text(group, ".suite-group-sqft .value")
        suites = []
        for suite in group.css(".suite-group-suites .suite[data-suite-id]"):
            availability = suite.css(".suite-availability")
            if not availability or _unavailable(availability[0]):
                continue
            number = node_text(suite, ".suite-type")
            suites.append(
                {
                    # The row's own application link, when it has one, is the apartment's page.
                    "url": listing_link(availability[0], "a[href]", page.url),
                    "external_id": attribute(suite, "data-suite-id"),
                    "title": f"Unit {number}" + (f" ({name})" if name else ""),
                    "price": node_text(suite, ".suite-rate"),
                    "bedrooms": bedrooms,
                    "bathrooms": node_text(suite, ".suite-bath") or bathrooms,
                    "square_feet": node_text(suite, ".suite-sqft") or size,
                    "available_from": node_text(availability[0]),
                }
            )
        if suites:
            listings.extend(suites)
            continue
        rate = node_text(group, ".suite-group-rate .value")
        availability = node_text(group, ".suite-group-availability .value")
        if not parse_price(rate)[0] or _NOT_AVAILABLE.search(availability) or not (bedrooms or bathrooms):
            continue
        listings.append(
            {
                "title": name,
                "price": rate,
                "bedrooms": bedrooms,
                "bathrooms": bathrooms,
                "square_feet": size,
                "available_from": availability if _DATE_OR_NOW.search(availability) else "",
            }
        )
    return listings


PRESET = Preset(
    name="rentmanager",
    hosts=(r"(^|\.)rentmanager\.com$",),
    markers=(".suite-floorplans .suite-group", ".suite-group .suite-group-rate"),
    reader=read_listings,
)
