"""Craigslist housing searches (`<city>.craigslist.org/search/apa`).

The static page lists `li.cl-static-search-result` (title, price, neighbourhood, link: on live
pages `www.craigslist.org/view/d/<slug>/<posting id>`, the id letters and digits); bedrooms,
bathrooms and the city are in the JSON-LD ItemList `script#ld_searchpage_results`, in the same
order (matched by position, checked by name). The older layout is `li.result-row` with
`.housing` "2br - 900ft2 -": "2br" is bedrooms, only "900ft2" is square feet. "$0" means no price.
The neighbourhood a poster names ("Sellwood", "(berkeley)") is kept as the description: it is
no city, and search results carry no other text.
"""

import re

from ..values import clean_text
from .base import Preset
from .pagedata import dicts, dig, script_json

# "/mlt/apa/d/<slug>/7823144501.html", or on the static list of live pages
# "www.craigslist.org/view/d/<slug>/Xq4mTz8RkLpW2vNc7HdJsa" (the posting's id, letters and digits).
_POSTING_ID = re.compile(r"/(\d{6,})\.html|/view/d/[^/?#]+/([A-Za-z0-9]{8,})/?(?:[?#]|$)")
_BEDROOMS = re.compile(r"(\d+)\s*br\b", re.IGNORECASE)
_SQUARE_FEET = re.compile(r"(\d[\d,]*)\s*ft(?:2|²)", re.IGNORECASE)


def _posting_id(url):
    match = _POSTING_ID.search(url or "")
    return (match.group(1) or match.group(2)) if match else None


def _first(item, query):
    return clean_text(item.css(query).get())


def _search_items(page):
    """The JSON-LD items by position ("0", "1", ...)."""
    data = script_json(page.text, "ld_searchpage_results")
    items = {}
    for element in dicts(dig(data, "itemListElement")):
        if isinstance(element.get("item"), dict):
            items[str(element.get("position", "")).strip()] = element["item"]
    return items


def _facts(item):
    address = item.get("address") if isinstance(item.get("address"), dict) else {}
    return {
        "bedrooms": item.get("numberOfBedrooms"),
        "bathrooms": item.get("numberOfBathroomsTotal"),
        "city": address.get("addressLocality"),
        "state": address.get("addressRegion"),
        "postal_code": address.get("postalCode"),
        "address": address.get("streetAddress"),
    }


def _static_results(page):
    items = _search_items(page)
    by_name = {clean_text(item.get("name")).lower(): item for item in items.values()}
    listings = []
    for position, result in enumerate(page.selector.css("li.cl-static-search-result")):
        url = result.css("a::attr(href)").get()
        title = clean_text(result.attrib.get("title")) or _first(result, ".title::text")
        item = items.get(str(position))
        if item is None or clean_text(item.get("name")).lower() != title.lower():
            item = by_name.get(title.lower(), {})
        listings.append(
            {
                "external_id": _posting_id(url),
                "url": url,
                "title": title,
                "price": _first(result, ".price::text"),
                "description": _first(result, ".location::text"),
                **{key: value for key, value in _facts(item).items() if value not in (None, "")},
            }
        )
    return listings


def _housing(text):
    """(bedrooms, square feet) from "2br - 900ft2 -"; a number is square feet only beside ft2."""
    beds = _BEDROOMS.search(text)
    size = _SQUARE_FEET.search(text)
    return (f"{beds.group(1)} br" if beds else None), (f"{size.group(1)} sq ft" if size else None)


def _result_rows(page):
    listings = []
    for row in page.selector.css("li.result-row"):
        link = row.css("a.result-title")
        url = link.attrib.get("href") if link else None
        # "900ft<sup>2</sup>": the pieces are joined without a space so "ft2" stays whole.
        bedrooms, square_feet = _housing("".join(row.css(".housing ::text").getall()))
        listings.append(
            {
                "external_id": row.attrib.get("data-pid") or _posting_id(url),
                "url": url,
                "title": clean_text(link.xpath("string()").get()) if link else "",
                "price": _first(row, ".result-meta .result-price::text") or _first(row, ".result-price::text"),
                "bedrooms": bedrooms,
                "square_feet": square_feet,
                "description": _first(row, ".result-hood::text").strip("() "),
            }
        )
    return listings


def read_listings(page):
    return _static_results(page) + _result_rows(page)


PRESET = Preset(
    name="craigslist",
    hosts=(r"(^|\.)craigslist\.org$",),
    markers=("ol.cl-static-search-results", "li.result-row[data-pid]"),
    reader=read_listings,
)
