"""ShowMojo listing pages: an account's `showmojo.com/<account>/listings/mapsearch` (often in an
iframe on the manager's site) and listing links `showmojo.com/l/<uid>/<slug>`.

Evidence: two collectors (SEEN-CODE), one verified against live pages. Cards come in two
shapes, both keyed by the listing's 10-hex uid (`id="uid_<uid>"`):
- the roster card, `[data-listing-uid]`: `.address p` (street, then "City, ST ZIP"),
  `li.rent`, `ul.price_rooms` (`li.br`, `li.ba`, "850 SF"), `ul.options` (availability first,
  then terms such as "Cats OK");
- the map-search card, `div.js-listing`: address header lines, icons whose picture names the
  fact (bed, bath, square) beside its number, and `.rent-info`.
An account can hold many unrelated properties; every card is one home or apartment.
A manager page that only frames the account (`<iframe src="https://showmojo.com/<account>/
listings/mapsearch">`) has no card: the crawl follows the frame's address (`listing_sources`)
and reads the cards there.
"""

import re

from .base import Preset, attribute, city_state_zip, frame_sources, listing_link, node_text, node_texts

_UID = re.compile(r"^uid_([0-9a-fA-F]{10})$")
_SQUARE_FEET = re.compile(r"^[\d,]+\s*(SF|sq\.?\s*ft\.?|sqft)$", re.IGNORECASE)
_AVAILABLE = re.compile(r"\bavailable\b.*", re.IGNORECASE)
# An account's listings: /<10-hex account>/listings, /listings/mapsearch and the like.
_LISTINGS_FRAME = re.compile(r"/[0-9a-fA-F]{10}/listings(?:[/?#]|$)")


def listing_sources(page):
    return frame_sources(page, _LISTINGS_FRAME)


def _uid(card):
    uid = attribute(card, "data-listing-uid").lower()
    if uid:
        return uid
    match = _UID.match(attribute(card, "id"))
    return match.group(1).lower() if match else ""


def _detail_link(card, uid, page_url):
    """The listing's own page: the `/l/<uid>/<slug>` link, not the short `/l/<uid>` one."""
    best = ""
    for anchor in card.css("a[href]"):
        href = listing_link(anchor, None, page_url)
        if href and f"/l/{uid}" in href and (not best or href.count("/") > best.count("/")):
            best = href
    return best


def _roster_card(card, uid, page_url):
    lines = node_texts(card, ".address p")
    rooms = card.css("ul.price_rooms > li")
    size = next((node_text(li) for li in rooms if _SQUARE_FEET.match(node_text(li))), "")
    options = node_texts(card, "ul.options > li")
    availability = options[0] if options and _AVAILABLE.match(options[0]) else ""
    return {
        "url": _detail_link(card, uid, page_url),
        "external_id": uid,
        "title": lines[0] if lines else "",
        "address": lines[0] if lines else "",
        **(city_state_zip(lines[1]) if len(lines) > 1 else {}),
        "price": node_text(card, "li.rent"),
        "bedrooms": node_text(card, "ul.price_rooms li.br"),
        "bathrooms": node_text(card, "ul.price_rooms li.ba"),
        "square_feet": size,
        "available_from": availability,
        # The other options are the home's terms ("Cats OK", "No Pets"): only pet words are read.
        "pets_allowed": ", ".join(options[1:]),
        "description": node_text(card, ".listing_highlights"),
        "photos": [src for src in card.css("img::attr(src)").getall() if "/assets" not in src][:1],
    }


def _icon_facts(card):
    """{"bed"|"bath"|"square": number} from icons whose picture names the fact."""
    facts = {}
    for icon in card.css(".listing-icon-wrap"):
        picture = " ".join(icon.css("img::attr(src)").getall()).lower()
        number = node_text(icon, ".listing-icons-data")
        for fact, words in (("bed", ("bed-", "bed.")), ("bath", ("bath-", "bath.")), ("square", ("square", "ruler"))):
            if number and any(word in picture for word in words) and fact not in facts:
                facts[fact] = number
    return facts


def _map_card(card, uid, page_url):
    facts = _icon_facts(card)
    rent_info = node_text(card, ".rent-info")
    available = re.search(r"\bavailable\s+[^·|]+", rent_info, re.IGNORECASE)
    street = node_text(card, ".listing-address-header")
    return {
        "url": _detail_link(card, uid, page_url),
        "external_id": uid,
        "title": node_text(card, ".listing-title") or street,
        "address": street,
        **city_state_zip(node_text(card, ".listing-city-state-zip")),
        "price": node_text(card, ".rent-info .price"),
        "bedrooms": facts.get("bed", ""),
        "bathrooms": facts.get("bath", ""),
        # A number beside the square-feet icon is labelled by it.
        "square_feet": f"{facts['square']} sq ft" if "square" in facts else "",
        "available_from": available.group(0).strip() if available else "",
    }


def read_listings(page):
    listings = []
    seen = set()
    for card in page.selector.css('[data-listing-uid], div.js-listing[id^="uid_"]'):
        uid = _uid(card)
        if not uid or uid in seen:
            continue
        seen.add(uid)
        reader = _roster_card if attribute(card, "data-listing-uid") else _map_card
        listings.append(reader(card, uid, page.url))
    return listings


PRESET = Preset(
    name="showmojo",
    hosts=(r"(^|\.)showmojo\.com$",),
    markers=(
        '[data-listing-uid][id^="uid_"]',
        'div.js-listing[id^="uid_"]',
        'iframe[src*="showmojo.com/"]',
        'script[src*="showmojo.com/"]',
        'iframe[src*="/listings/mapsearch"]',
    ),
    reader=read_listings,
    sources=listing_sources,
)
