"""RealPage community websites (CWS, assets from `cs-cdn.realpage.com`) and OneSite online
leasing (`<n>.onlineleasing.realpage.com`).

Evidence: two collectors' notes (DESCRIBED). The floor-plan widget is drawn in the browser from
RealPage's API, so the page as fetched usually holds no listing: the preset recognises the site
and reads the plan cards (`.rpfp-card`) only when they are in the page. A plan card is a
listing when it shows a price and its rooms. The apartments themselves are served by the same
host's `/CmsSiteManager/callback.aspx?act=Proxy/GetUnits` JSON, which only a fetch can read.
"""
from ..normalize import parse_price
from .base import Preset, listing_link, node_attr, node_text


def read_listings(page):
    listings = []
    for card in page.selector.css(".rpfp-card"):
        price = node_text(card, ".rpfp-rent")
        beds, baths = node_text(card, ".rpfp-beds"), node_text(card, ".rpfp-bath")
        if not parse_price(price)[0] or not (beds or baths):
            continue
        listings.append({
            "url": listing_link(card, "a.floorplan-action-button", page.url),
            "title": node_text(card, ".rpfp-name"),
            "price": price,
            "bedrooms": beds,
            "bathrooms": baths,
            "square_feet": node_text(card, ".rpfp-sqft"),
            "photos": [node_attr(card, ".rpfp-image", "data-src") or node_attr(card, ".rpfp-image", "src")],
        })
    return listings


PRESET = Preset(
    name="realpage",
    hosts=(r"(^|\.)onlineleasing\.realpage\.com$",),
    markers=(
        'script[src*="cs-cdn.realpage.com"]',
        'link[href*="cs-cdn.realpage.com"]',
        ".rpfp-container",
    ),
    reader=read_listings,
)
