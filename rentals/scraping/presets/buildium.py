"""Buildium public rentals pages: `<sub>.managebuilding.com/Resident/public/rentals`.

Evidence: several independent scrapers and fixtures agree on the card (no full saved page was
read). The whole card is one `a.featured-listing` whose link ends in the listing's number; it
carries the rent, rooms and size as data attributes as well as in its text. The text the renter
sees comes first: "Call for rent" is no price even when `data-rent` holds one, and
`data-bedrooms="0"` (studio or unknown) is read only as the features line says it.

A manager's site often frames that page (`<iframe src="https://<sub>.managebuilding.com/Resident/
public/rentals?hidenav=true">`, per the collectors): the crawl follows the frame's address
(`listing_sources`) and reads the cards there.
"""

import re

from .base import Preset, attribute, city_state_zip, frame_sources, node_attr, node_text

_LISTING_LINK = re.compile(r"/Resident/public/rentals/(\d+)", re.IGNORECASE)
_RENTALS_FRAME = re.compile(r"/Resident/public/rentals\b", re.IGNORECASE)


def listing_sources(page):
    return frame_sources(page, _RENTALS_FRAME)


def _data_number(card, name):
    """A data attribute as a number, or "" when missing or zero (Buildium's "unknown")."""
    value = attribute(card, name).replace(",", "")
    try:
        return value if float(value) > 0 else ""
    except ValueError:
        return ""


def _location(card):
    """City, state and ZIP from the address line, else from `data-location` ("Berkeley,CA|94704")."""
    place = city_state_zip(node_text(card, ".featured-listing__address"))
    if place:
        return place
    city_state, _, postal_code = attribute(card, "data-location").partition("|")
    city, _, state = city_state.partition(",")
    return {"city": city.strip(), "state": state.strip(), "postal_code": postal_code.strip()}


def read_listings(page):
    listings = []
    seen = set()
    for card in page.selector.css("a.featured-listing"):
        link = _LISTING_LINK.search(attribute(card, "href"))
        if not link or link.group(1) in seen:
            continue
        seen.add(link.group(1))
        features = node_text(card, ".featured-listing__features")
        price_shown = card.css(".featured-listing__price")
        street = node_text(card, ".featured-listing__title")
        listings.append(
            {
                "url": attribute(card, "href"),
                "external_id": link.group(1),
                "title": street,
                "address": street,
                **_location(card),
                "price": node_text(price_shown[0]) if price_shown else _data_number(card, "data-rent"),
                "bedrooms": features
                if re.search(r"bed|studio", features, re.IGNORECASE)
                else _data_number(card, "data-bedrooms"),
                "bathrooms": features
                if re.search(r"bath", features, re.IGNORECASE)
                else _data_number(card, "data-bathrooms"),
                "square_feet": features
                if re.search(r"sq\.?\s*f|sqft|square", features, re.IGNORECASE)
                else _data_number(card, "data-square-feet"),
                "available_from": node_text(card, ".featured-listing__availability"),
                "description": node_text(card, ".featured-listing__description"),
                "photos": [node_attr(card, "img.featured-listing__image", "src")],
            }
        )
    return listings


PRESET = Preset(
    name="buildium",
    hosts=(r"(^|\.)managebuilding\.com$",),
    markers=(
        'a.featured-listing[href*="/Resident/public/rentals/"]',
        # A manager's site framing the public rentals page.
        'iframe[src*="/Resident/public/rentals"]',
        'iframe[src*="/resident/public/rentals"]',
    ),
    reader=read_listings,
    sources=listing_sources,
)
