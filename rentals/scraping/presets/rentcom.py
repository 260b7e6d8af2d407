"""Rent.com searches (`www.rent.com/<state>/<city>-apartments`), RentPath's listing cards.

RentPath marks each part of a card with `data-tid`: the card `listing-section` (class
`listing-card`), `price` ("$1,395+", "$1,250 – $2,100", "Contact for Price"), `property-title` (the
link to the property, `data-tag_item="property_title"`, the name in `span[itemprop=name]`),
`listing-info-address`, `beds-baths` ("Studio – 2 Beds • 1–2 Baths"), `property-unitAvailText`
("3 Units Available"), `available-now` ("Available Now", shown in place of a phone number). A card
is one listing; a range is stored as its lower figure.
"""

from ..values import clean_text
from .base import Preset

_CARDS = '[data-tid="listing-section"], div.listing-card'


def _text(node, query):
    return clean_text(" ".join(node.css(query).getall()))


def _card(card):
    title = card.css('a[data-tid="property-title"]')
    beds, _, baths = _text(card, '[data-tid="beds-baths"] ::text').partition("•")
    photo = card.css("img::attr(data-src)").get() or card.css("img::attr(src)").get()
    return {
        "url": title.attrib.get("href") if title else None,
        "title": (_text(title, '[itemprop="name"] ::text') or _text(title, "::text")) if title else "",
        "address": _text(card, '[data-tid="listing-info-address"] ::text'),
        "price": _text(card, '[data-tid="price"] ::text'),
        "bedrooms": beds.strip(),
        "bathrooms": baths.strip(),
        # Shown in place of a phone number: "Available Now".
        "available_from": _text(card, '[data-tid="available-now"] ::text') or None,
        "photos": [photo] if photo else [],
    }


def read_listings(page):
    listings = {}
    for card in page.selector.css(_CARDS):
        raw = _card(card)  # a card matched twice (its section and its div) is one listing
        if raw["url"] or raw["address"]:
            listings.setdefault(raw["url"] or raw["address"], raw)
    return list(listings.values())


PRESET = Preset(
    name="rentcom",
    hosts=(r"(^|\.)rent\.com$",),
    markers=('a[data-tag_item="property_title"]',),
    reader=read_listings,
)
