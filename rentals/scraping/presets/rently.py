"""Rently: a manager's homes at `u<manager id>.rently.com/propertiesSearch2` or framed on the
manager's site.

Evidence: a captured answer of Rently's search endpoint (SEEN-REAL). The page itself is a
script shell with no homes: they come from
`secure.rently.com/api/properties/searchQuery?pc=1&managerID=<id>` as `{"property_data":
[...]}`, which only a fetch can read. When a page does carry that data (a site that inlines it),
each entry is one home: `id`, `address` ("509 Elm St, Mcdonough, Georgia 30253"), `city`,
`floorplan` (bedrooms, bathrooms, rent, size, cat, dog, no_pet), `ready_date_text`, `picture`.

The crawl follows that search (`listing_sources`) and hands its JSON answer to this reader: the
address the page names itself when it does, else the one made from the manager id the page
carries (its own host or a framed or linked `u<id>.rently.com`, or a `managerID=` on a Rently
address). The answer has no address of each home's own page, so the rentals have no link.
"""

import html
import json
import re
from urllib.parse import urlsplit

from .base import Preset, state_code

_PROPERTY_DATA = re.compile(r'"property_data"\s*:\s*\[')
_ADDRESS = re.compile(
    r"^(?P<street>.+?),\s*(?P<city>[^,]+?),\s*(?P<state>[A-Za-z][A-Za-z ]+?)\s+(?P<zip>\d{5}(?:-\d{4})?)$"
)


SEARCH_QUERY = "https://secure.rently.com/api/properties/searchQuery?pc=1&managerID={}"
_NAMED_SEARCH = re.compile(
    r"""(?:(?:https?:)?//[^\s"'<>]+?)?/api/properties/searchQuery\?[^\s"'<>]*managerID=\d+[^\s"'<>]*""", re.IGNORECASE
)
_MANAGER_HOST = re.compile(r"^u(\d+)\.rently\.com$", re.IGNORECASE)
_RENTLY_HOST = re.compile(r"(^|\.)rently\.com$", re.IGNORECASE)
_MANAGER_PARAM = re.compile(r"[?&]manager_?id=(\d+)", re.IGNORECASE)


def _manager_id(address):
    try:
        parts = urlsplit(address.strip())
        host = parts.hostname or ""
    except ValueError:
        return ""
    by_host = _MANAGER_HOST.match(host)
    if by_host:
        return by_host.group(1)
    by_param = _MANAGER_PARAM.search("?" + parts.query) if _RENTLY_HOST.search(host) else None
    return by_param.group(1) if by_param else ""


def listing_sources(page):
    """The search the page names (as written), else one per manager id the page carries."""
    named = [html.unescape(address) for address in _NAMED_SEARCH.findall(page.text)]
    if named:
        return named
    addresses = [page.url, *page.selector.css("iframe::attr(src), script::attr(src), a::attr(href)").getall()]
    managers = dict.fromkeys(manager for manager in map(_manager_id, addresses) if manager)
    return [SEARCH_QUERY.format(manager) for manager in managers]


def _entries(text):
    decoder = json.JSONDecoder()
    for match in _PROPERTY_DATA.finditer(text):
        try:
            entries, _ = decoder.raw_decode(text, match.end() - 1)
        except ValueError:
            continue
        yield from (entry for entry in entries if isinstance(entry, dict))


def _pets(plan):
    if plan.get("no_pet"):
        return False
    if plan.get("cat") or plan.get("dog"):
        return True
    return None


def read_listings(page):
    listings = []
    for entry in _entries(page.text):
        plan = entry.get("floorplan") if isinstance(entry.get("floorplan"), dict) else {}
        address = str(entry.get("address") or "")
        parts = _ADDRESS.match(address)
        listings.append(
            {
                "external_id": str(entry.get("id") or ""),
                "title": entry.get("title") or address,
                "address": parts.group("street") if parts else address,
                "city": parts.group("city") if parts else entry.get("city"),
                "state": state_code(parts.group("state")) if parts else "",
                "postal_code": parts.group("zip") if parts else "",
                "price": plan.get("rent"),
                "bedrooms": plan.get("bedrooms"),
                "bathrooms": plan.get("bathrooms"),
                "square_feet": f"{plan['size']} sq ft" if plan.get("size") else "",
                "available_from": entry.get("ready_date_text"),
                "pets_allowed": _pets(plan),
                "photos": [entry.get("picture_large") or entry.get("picture")],
            }
        )
    return listings


PRESET = Preset(
    name="rently",
    hosts=(r"(^|\.)rently\.com$",),
    markers=('iframe[src*="rently.com/"]', 'script[src*="rently.com/"]'),
    reader=read_listings,
    sources=listing_sources,
)
