"""Zumper (and PadMapper, the same listings) searches (`www.zumper.com/apartments-for-rent/<city>`).

The page ships its Redux store as `window.__PRELOADED_STATE__ = {...};`; the results are
`currentSearch.listables.listables` and the promoted `currentSearch.listables.featured` (which
repeat listings of the page), each the listing itself or wrapped as `{"_data": {...}}`. Fields:
`listing_id`, `url` (relative), `address`, `city`, `state`, `zipcode`, `min_price`,
`min_bedrooms`, `min_bathrooms`, `min_square_feet` (Long.MAX_VALUE when unknown),
`date_available`, `image_ids` (photos at img.zumpercdn.com), `amenities` (1 = cats OK, 2 = dogs OK).
A building with a range of units is one listing at its lowest price and bedroom count.
"""
from ..normalize import MAX_SQUARE_FEET
from .base import Preset
from .pagedata import assigned_json, dicts, dig

_PHOTO = "https://img.zumpercdn.com/{}/1280x960"
_CATS_OK, _DOGS_OK = 1, 2


def _items(page):
    state = assigned_json(page.text, "__PRELOADED_STATE__")
    listables = dig(state, "currentSearch", "listables")
    if not isinstance(listables, dict):
        return
    for item in dicts(listables.get("featured")) + dicts(listables.get("listables")):
        yield item["_data"] if isinstance(item.get("_data"), dict) else item


def _pets(item):
    amenities = item.get("amenities")
    if isinstance(amenities, list) and (_CATS_OK in amenities or _DOGS_OK in amenities):
        return True
    return None


def _listing(item):
    size = item.get("min_square_feet")
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
        "square_feet": size if isinstance(size, (int, float)) and 0 < size <= MAX_SQUARE_FEET else None,
        "available_from": item.get("date_available"),
        "pets_allowed": _pets(item),
        "description": item.get("short_description"),
        "photos": [_PHOTO.format(image) for image in (item.get("image_ids") or [])[:10]
                   if isinstance(image, (int, str))],
    }


def read_listings(page):
    listings = {}
    for item in _items(page):
        if item.get("listing_id") is not None:
            listings.setdefault(str(item["listing_id"]), _listing(item))
    return list(listings.values())


PRESET = Preset(
    name="zumper", hosts=(r"(^|\.)zumper\.com$", r"(^|\.)padmapper\.com$"), reader=read_listings
)
