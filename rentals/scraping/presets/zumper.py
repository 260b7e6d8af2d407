"""Zumper (and PadMapper, the same listings): searches (`www.zumper.com/apartments-for-rent/<city>`)
and building pages (`/apartment-buildings/p<id>/<slug>`).

Both ship their Redux store as `window.__PRELOADED_STATE__ = {...};`.
- A search keeps its results in a slice's `listables`: `{"featured": [...], "listables": [...]}`
  (the slice is `search` on pages seen live, `currentSearch` in older notes; the promoted
  `featured` repeat results). Other slices (`affordabilityCalculator`, `agentProfile`) carry
  `listables` too, empty, so every slice is read. An item is the listing itself or wrapped as
  `{"_data": {...}}`: `listing_id`, `url` (relative), `building_name`, `address`, `city`,
  `state`, `zipcode`, `min_price`, `min_bedrooms`, `min_bathrooms`, `min_square_feet`
  (Long.MAX_VALUE when unknown), `date_available`, `image_ids` (photos at img.zumpercdn.com),
  `pets` (the kinds of pet allowed; empty when none is named). A building with a range of units
  is one listing at its lowest price and bedroom count.
- A building page lists its floor plans as `building.floorplan_listings`, each a rental of its
  own (`listing_id`, `price`, `bedrooms`, `bathrooms` plus `half_bathrooms`, `square_feet`,
  `address`, `building_name`), all linking to the building's page, so they are told apart by id.
  A floor plan without a price is not a listing.
`amenities` are numbered amenity codes (air conditioning, dishwasher ...), not pet terms.
"""

from ..values import MAX_SQUARE_FEET
from .base import Preset
from .pagedata import assigned_json, dicts

_PHOTO = "https://img.zumpercdn.com/{}/1280x960"
# How deep the store is searched for result lists (slices sit one or two levels down).
_MAX_DEPTH = 4


def _unwrapped(items):
    return [item["_data"] if isinstance(item.get("_data"), dict) else item for item in dicts(items)]


def _walk(value, depth=0):
    """Every object in the store down to _MAX_DEPTH levels, outermost first."""
    if not isinstance(value, dict) or depth > _MAX_DEPTH:
        return
    yield value
    for child in value.values():
        yield from _walk(child, depth + 1)


def _results(state):
    """(search results, floor plans) found anywhere in the store."""
    results, plans = [], []
    for node in _walk(state):
        listables = node.get("listables")
        if isinstance(listables, dict):
            results += _unwrapped(listables.get("featured")) + _unwrapped(listables.get("listables"))
        plans += _unwrapped(node.get("floorplan_listings"))
    return results, plans


def _pets(item):
    pets = item.get("pets")
    return True if isinstance(pets, list) and pets else None


def _size(value):
    return value if isinstance(value, (int, float)) and 0 < value <= MAX_SQUARE_FEET else None


def _photos(item):
    return [_PHOTO.format(image) for image in (item.get("image_ids") or [])[:10] if isinstance(image, (int, str))]


def _search_result(item):
    return {
        "external_id": str(item["listing_id"]),
        "url": item.get("url"),
        "title": item.get("building_name") or item.get("title"),
        "address": item.get("address"),
        "city": item.get("city"),
        "state": item.get("state"),
        "postal_code": item.get("zipcode"),
        "price": item.get("min_price"),
        "bedrooms": item.get("min_bedrooms"),
        "bathrooms": item.get("min_bathrooms"),
        "square_feet": _size(item.get("min_square_feet")),
        "available_from": item.get("date_available"),
        "pets_allowed": _pets(item),
        "description": item.get("short_description"),
        "photos": _photos(item),
    }


def _bathrooms(item):
    full, half = item.get("bathrooms"), item.get("half_bathrooms")
    if isinstance(full, (int, float)) and isinstance(half, (int, float)) and half > 0:
        return full + half / 2
    return full


def _floor_plan(item):
    return {
        "external_id": str(item["listing_id"]),
        "url": item.get("url"),
        "title": item.get("building_name") or item.get("title"),
        "address": item.get("address"),
        "city": item.get("city"),
        "state": item.get("state"),
        "postal_code": item.get("zipcode"),
        "price": item.get("price"),
        "bedrooms": item.get("bedrooms"),
        "bathrooms": _bathrooms(item),
        "square_feet": _size(item.get("square_feet")),
        "available_from": item.get("date_available"),
        "pets_allowed": _pets(item),
        "description": item.get("short_description") or item.get("description"),
        "photos": _photos(item),
    }


def read_listings(page):
    results, plans = _results(assigned_json(page.text, "__PRELOADED_STATE__"))
    listings = {}
    # A building page's floor plans are its rentals; results beside them are other buildings.
    priced_plans = [plan for plan in plans if plan.get("listing_id") is not None and plan.get("price")]
    for item, read in [(plan, _floor_plan) for plan in priced_plans] or [(item, _search_result) for item in results]:
        if item.get("listing_id") is not None:
            listings.setdefault(str(item["listing_id"]), read(item))
    return list(listings.values())


PRESET = Preset(name="zumper", hosts=(r"(^|\.)zumper\.com$", r"(^|\.)padmapper\.com$"), reader=read_listings)
