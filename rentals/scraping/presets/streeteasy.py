"""StreetEasy rental searches (`streeteasy.com/for-rent/<area>`).

Cards are `[data-testid="listing-card"]` with CSS-module classes whose hash suffix changes between
releases, so they are matched by prefix: `ListingDescription-module__title` ("Rental unit in
Park Slope"), `ListingDescription-module__addressTextAction` (the address, linking to
`/building/<building>/<unit>`), `PriceInfo-module__price`, `BedsBathsSqft-module__list` items
("1 bed", "1 bath", "650 ft²"), `CardImage-module__cardImage`. The older layout is
`li.searchCardList--listItem` (`a.listingCard-globalLink`, `span.price`,
`address.listingCard-addressLabel`, `.listingDetailDefinitionsItem`). A featured card repeats a
listing with `?featured=1` on its link: the link without the query is the listing.
"""

from urllib.parse import urlsplit, urlunsplit

from ..values import clean_text
from .base import Preset, node_text


def _listing_url(href):
    if not href:
        return ""
    parts = urlsplit(href)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _text(node, query):
    return clean_text(" ".join(node.css(query).getall()))


def _facts(texts):
    """bedrooms, bathrooms and square feet from the card's fact items, each by its own unit."""
    facts = {}
    for text in texts:
        lowered = text.lower()
        if "ft²" in lowered or "ft2" in lowered or "sq" in lowered:
            if any(character.isdigit() for character in text):
                facts.setdefault("square_feet", text.replace("ft²", "sq ft"))
        elif "bath" in lowered:
            facts.setdefault("bathrooms", text)
        elif "bed" in lowered or "studio" in lowered:
            facts.setdefault("bedrooms", text)
    return facts


def _cards(page):
    listings = []
    for card in page.selector.css('[data-testid="listing-card"]'):
        link = card.css('a[class*="ListingDescription-module__addressTextAction"]')
        href = link.attrib.get("href") if link else card.css('a[href*="/building/"]::attr(href)').get()
        items = [
            clean_text(" ".join(item.css("::text").getall()))
            for item in card.css('[class*="BedsBathsSqft-module__list"] li')
        ]
        listings.append(
            {
                "url": _listing_url(href),
                "title": _text(card, '[class*="ListingDescription-module__title"] ::text'),
                "address": clean_text(link.xpath("string()").get()) if link else "",
                "price": _text(card, '[class*="PriceInfo-module__price"]::text'),
                "photos": card.css('img[class*="CardImage-module__cardImage"]::attr(src)').getall()[:1],
                **_facts(items),
            }
        )
    return listings


def _legacy_cards(page):
    listings = []
    for card in page.selector.css("li.searchCardList--listItem"):
        items = []
        for item in card.css(".listingDetailDefinitionsItem"):
            text = _text(item, ".listingDetailDefinitionsText::text")
            icon = " ".join(item.css(".listingDetailDefinitionsIcon::attr(class)").getall())
            if "--bath" in icon and "bath" not in text.lower():
                text += " bath"
            elif "--bed" in icon and not any(word in text.lower() for word in ("bed", "studio")):
                text += " bed"
            elif "--measure" in icon and "ft" not in text.lower():
                text += " ft²"
            items.append(text)
        listings.append(
            {
                "external_id": card.css("[data-listing-id]::attr(data-listing-id)").get(),
                "url": _listing_url(card.css("a.listingCard-globalLink::attr(href)").get()),
                "title": node_text(card, ".listingCardTop p.listingCardLabel") or node_text(card, "p.listingCardLabel"),
                "address": _text(card, "address.listingCard-addressLabel ::text"),
                "price": _text(card, "span.price::text"),
                **_facts(items),
            }
        )
    return listings


def read_listings(page):
    """Every card once: a featured copy of a listing adds what the first copy lacked."""
    listings = {}
    for raw in _cards(page) + _legacy_cards(page):
        key = raw["url"] or raw.get("external_id") or raw["address"]
        if key in listings:
            listings[key].update({name: value for name, value in raw.items() if not listings[key].get(name)})
        else:
            listings[key] = raw
    return list(listings.values())


PRESET = Preset(
    name="streeteasy",
    hosts=(r"(^|\.)streeteasy\.com$",),
    markers=("li.searchCardList--listItem",),
    reader=read_listings,
)
