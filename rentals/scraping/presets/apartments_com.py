"""Apartments.com searches (`www.apartments.com/<city>-<state>/`).

Each property is an `article.placard` with `data-listingid`, `data-url` and `data-streetaddress`;
inside, the name (`.js-placardTitle`, `.property-title`), the address (`.property-address`, or its
`title`), and either a price and bedroom range (`.property-pricing` / `.price-range` /
`.property-rents`, `.property-beds` / `.bed-range`) or a rent roll-up with one `.bedRentBox` per
unit type (`.bedTextBox` "1 Bed", `.priceTextBox` "$1,395+"). A placard is one listing: the
lowest rent and the fewest bedrooms it offers (a range is stored as its lower figure). A
property shown twice (a paid placard above the results) is one listing.
"""

import re

from ..values import clean_text, parse_bedrooms, parse_price
from .base import Preset

_CITY_LINE = re.compile(r"^[^\d,]+,\s*[A-Za-z]{2}\b")


def _text(node, query):
    return clean_text(" ".join(node.css(query).getall()))


def _address(placard):
    node = placard.css(".property-address")
    text = clean_text(node.attrib.get("title")) if node else ""
    text = text or _text(placard, ".property-address ::text")
    street = clean_text(placard.attrib.get("data-streetaddress"))
    # Some placards put the street in the title and only "City, ST 12345" in the address.
    if street and _CITY_LINE.match(text) and not text.startswith(street):
        text = f"{street}, {text}"
    return text or street


_BOX_FACT = re.compile(r"[\d.,]+\s*(?:baths?|ba\b|sq\.?\s*ft)", re.IGNORECASE)


def _box_facts(text):
    """{"bathrooms", "square_feet"} a bed box names after its bedrooms ("3 Beds, 2 Baths, 1,300 sq ft")."""
    facts = {}
    for fact in _BOX_FACT.findall(text):
        facts.setdefault("square_feet" if "sq" in fact.lower() else "bathrooms", fact)
    return facts


def _rent_roll(placard):
    """(lowest rent, fewest bedrooms, facts of the cheapest box) over the unit types of a roll-up."""
    prices, beds, cheapest = [], [], (None, {})
    for box in placard.css(".bedRentBox"):
        price, _ = parse_price(_text(box, ".priceTextBox ::text"))
        if price is not None:
            prices.append(price)
            bed_text = _text(box, ".bedTextBox ::text")
            count = parse_bedrooms(bed_text)
            if count is not None:
                beds.append(count)
            if cheapest[0] is None or price < cheapest[0]:
                cheapest = (price, _box_facts(bed_text))
    return (str(min(prices)) if prices else None), (f"{min(beds)} bd" if beds else None), cheapest[1]


def _placard(placard):
    price = (
        _text(placard, ".property-pricing ::text")
        or _text(placard, ".price-range ::text")
        or _text(placard, ".property-rents ::text")
    )
    beds = _text(placard, ".property-beds ::text") or _text(placard, ".bed-range ::text")
    facts = {
        "bathrooms": _text(placard, ".property-baths ::text"),
        "square_feet": _text(placard, ".property-sqft ::text"),
    }
    if not price:
        price, beds, facts = _rent_roll(placard)
    photo = placard.css("img::attr(data-src)").get() or placard.css("img::attr(src)").get()
    return {
        "external_id": placard.attrib.get("data-listingid"),
        "url": placard.attrib.get("data-url") or placard.css("a.property-link::attr(href)").get(),
        "title": _text(placard, ".js-placardTitle ::text") or _text(placard, ".property-title ::text"),
        "address": _address(placard),
        "price": price,
        "bedrooms": beds,
        "bathrooms": facts.get("bathrooms") or None,
        "square_feet": facts.get("square_feet") or None,
        "photos": [photo] if photo else [],
    }


def read_listings(page):
    listings = {}
    for placard in page.selector.css("article.placard[data-listingid]"):
        raw = _placard(placard)
        listings.setdefault(raw["external_id"], raw)
    return list(listings.values())


PRESET = Preset(
    name="apartments_com",
    hosts=(r"(^|\.)apartments\.com$",),
    markers=("article.placard[data-listingid]",),
    reader=read_listings,
)
