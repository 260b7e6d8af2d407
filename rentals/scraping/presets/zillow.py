"""Zillow rental search pages (`www.zillow.com/<place>/rentals/`).

The results live in the Next.js data, `props.pageProps.searchPageState.cat1.searchResults`:
`listResults` (the list beside the map; `mapResults` when the list is empty). An item is one
rental (numeric `zpid`, `unformattedPrice`, `beds`, `baths`, `area`, `addressStreet` ...) or an
apartment building (`isBuilding`, a `zpid` such as "45.49526--122.672165", no price of its own,
`units: [{"price": "$2,560+", "beds": "2"}]`). A building is one listing per unit type, at the
building's address; a building without unit types is not a listing.
"""

import re

from .base import Preset
from .pagedata import dicts, dig, script_json

_UNIT_SUFFIX = re.compile(r"\s*(?:#|\b(?:apt|unit|ste|suite)\b\.?)\s*[\w-]*\s*$", re.IGNORECASE)


def _search_results(page):
    data = script_json(page.text, "__NEXT_DATA__")
    results = dig(data, "props", "pageProps", "searchPageState", "cat1", "searchResults") or {}
    return dicts(results.get("listResults")) or dicts(results.get("mapResults"))


def _photos(item):
    carousel = item.get("carouselPhotosComposable") or {}
    base = carousel.get("baseUrl") if isinstance(carousel, dict) else None
    photos = []
    if isinstance(base, str) and "{photoKey}" in base:
        photos = [
            base.replace("{photoKey}", str(photo["photoKey"]))
            for photo in dicts(carousel.get("photoData"))
            if photo.get("photoKey")
        ]
    return photos or ([item["imgSrc"]] if item.get("imgSrc") else [])


def _bathrooms(item):
    """Search results round half baths up; the home's facts count full and half ones."""
    facts = item.get("factsAndFeatures") or {}
    full, half = facts.get("fullBathroomCount"), facts.get("halfBathroomCount")
    if isinstance(full, (int, float)):
        return full + (half / 2 if isinstance(half, (int, float)) else 0)
    return item.get("baths") if item.get("baths") is not None else dig(item, "hdpData", "homeInfo", "bathrooms")


def _address(item):
    home = dig(item, "hdpData", "homeInfo") or {}
    return {
        "address": item.get("addressStreet") or home.get("streetAddress"),
        "city": item.get("addressCity") or home.get("city"),
        "state": item.get("addressState") or home.get("state"),
        "postal_code": item.get("addressZipcode") or home.get("zipcode"),
    }


def _title(item):
    """The building's name: `buildingName`, or the name a unit's `address` gives before its street
    ("Alder Court, 410 SE Alder St #2-104, Portland, OR" on live pages); else the card's
    status line ("Condo for rent")."""
    if item.get("buildingName"):
        return item["buildingName"]
    address, street = item.get("address"), item.get("addressStreet")
    if isinstance(address, str) and isinstance(street, str) and street.strip():
        name, found, _ = address.partition(f", {street.strip()}")
        if found and name.strip() and not name.strip()[0].isdigit():
            return name.strip()
    return item.get("statusText")


def _rental(item):
    home = dig(item, "hdpData", "homeInfo") or {}
    return {
        "external_id": str(item["zpid"]),
        "url": item.get("detailUrl"),
        "title": _title(item),
        "price": item.get("unformattedPrice") or item.get("price"),
        "bedrooms": item.get("beds") if item.get("beds") is not None else home.get("bedrooms"),
        "bathrooms": _bathrooms(item),
        "square_feet": item.get("area") or home.get("livingArea"),
        "available_from": item.get("availabilityDate"),
        "photos": _photos(item),
        **_address(item),
    }


def _unit_types(item):
    """A building: one listing per unit type, at the building's address (not one of its units)."""
    address = _address(item)
    if address["address"]:
        address["address"] = _UNIT_SUFFIX.sub("", " ".join(address["address"].split()))
    listings = []
    for unit in dicts(item.get("units")):
        if not unit.get("price"):
            continue
        beds = unit.get("beds")
        listings.append(
            {
                # Unit types share the building's page, so they are told apart by id, not by link.
                "external_id": f"{item['zpid']}:{beds}",
                "title": _title(item),
                "price": unit["price"],
                "bedrooms": beds,
                "photos": _photos(item),
                **address,
            }
        )
    return listings


def _is_building(item):
    return bool(item.get("isBuilding")) or not str(item.get("zpid", "")).isdigit()


def read_listings(page):
    listings, seen = [], set()
    for item in _search_results(page):
        if not item.get("zpid") or str(item["zpid"]) in seen:
            continue
        seen.add(str(item["zpid"]))
        listings.extend(_unit_types(item) if _is_building(item) else [_rental(item)])
    return listings


PRESET = Preset(name="zillow", hosts=(r"(^|\.)zillow\.com$",), reader=read_listings)
