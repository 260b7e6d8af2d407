"""Apartment List property pages (`www.apartmentlist.com/<state>/<city>/<property>`).

The Next.js data holds the property at `props.pageProps.component.listing`; its
`available_units` are floor plans (`remote_listing_id`, `name`, `bed`, `bath`, `sqft`, `price`,
`photos: [{"id"}]` on cdn.apartmentlist.com) with their units (`remote_listing_id`,
`display_name`, `sqft`, `price`, `base_price`, `availability`, `available_on`). Each available unit
is a listing with its plan's rooms; a priced plan without units is one listing. The property's own
name and address keys (`property_name`/`name`, `address`, `city`, `state`, `zip`) are read
leniently: only `city` and `zip` were seen in public captures.

Search pages (`/<state>/<city>`) carry only listing ids (`searchResult.listingPins`), so they are
not read here.
"""

from .base import Preset
from .pagedata import dicts, dig, script_json

_PHOTO = "https://cdn.apartmentlist.com/image/upload/{}.jpg"


def _property(listing):
    address = listing.get("address")
    if isinstance(address, dict):
        address = address.get("street") or address.get("street_address") or address.get("line")
    return {
        "name": listing.get("property_name") or listing.get("name"),
        "address": address if isinstance(address, str) else None,
        "city": listing.get("city"),
        "state": listing.get("state"),
        "postal_code": listing.get("zip"),
    }


def _photos(plan):
    return [_PHOTO.format(photo["id"]) for photo in dicts(plan.get("photos")) if photo.get("id")]


def _unit_listing(place, plan, unit=None):
    source = unit or plan
    label = (unit or {}).get("display_name") or ("" if unit else plan.get("name"))
    street = place["address"]
    return {
        "external_id": str(source.get("remote_listing_id") or ""),
        "title": " – ".join(part for part in (place["name"], f"#{label}" if unit and label else label) if part),
        "address": f"{street} #{label}" if unit and street and label else street,
        "city": place["city"],
        "state": place["state"],
        "postal_code": place["postal_code"],
        "price": source.get("price") or source.get("base_price") or plan.get("price"),
        "bedrooms": plan.get("bed"),
        "bathrooms": plan.get("bath"),
        "square_feet": source.get("sqft") or plan.get("sqft"),
        "available_from": (unit or {}).get("available_on"),
        "photos": _photos(plan),
    }


def read_listings(page):
    listing = dig(script_json(page.text, "__NEXT_DATA__"), "props", "pageProps", "component", "listing")
    if not isinstance(listing, dict):
        return []
    place = _property(listing)
    listings = []
    for plan in dicts(listing.get("available_units")):
        units = dicts(plan.get("units"))
        open_units = [unit for unit in units if unit.get("availability", "available") == "available"]
        if units:
            listings.extend(_unit_listing(place, plan, unit) for unit in open_units)
        elif plan.get("price") or plan.get("price_max"):
            listings.append(_unit_listing(place, plan))
    return [raw for raw in listings if raw["external_id"]]


PRESET = Preset(name="apartmentlist", hosts=(r"(^|\.)apartmentlist\.com$",), reader=read_listings)
