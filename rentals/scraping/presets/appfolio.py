"""AppFolio listing pages: `<sub>.appfolio.com/listings`, or the same page served on a manager's
own domain.

Evidence: a real saved page (pearlpropertymanagement) and several independent scrapers that
read the same classes. Each card repeats its rent, bed/bath, size and availability in a mobile
blurb and a desktop quick-facts list: the labelled quick facts are read first and the blurb only
fills what they lack, so a fact is never read twice. Filter forms (`<option>$1,300</option>`),
the map-popup template and the "no vacancies" notice are outside the cards and never read.

A manager's site that only embeds the listings widget (`<script src="//<sub>.appfolio.com/
javascripts/listing.js">` and `Appfolio.Listing({hostUrl: '<sub>.appfolio.com', ...})`, seen in
a collector's test) has no card: the widget draws them from `<hostUrl>/listings`, which the
crawl follows (`listing_sources`) and reads as the AppFolio page it is.
"""

import re
from urllib.parse import urljoin, urlsplit

from .base import Preset, attribute, labelled_values, node_attr, node_text

_DETAIL_ID = re.compile(r"/listings/detail/([0-9a-fA-F-]{8,})")
_CARD_ID = re.compile(r"^listing_(\d+)$")


def _detail_link(card):
    for query in (".js-listing-title a", "a.js-link-to-detail", 'a[href*="/listings/detail/"]'):
        href = node_attr(card, query, "href")
        if href:
            return href
    return ""


_HOST_URL = re.compile(r"""\bAppfolio\.Listing\s*\(\s*\{[^}]*?\bhostUrl\s*:\s*["']([^"'\s]+)["']""", re.IGNORECASE)
_WIDGET_SCRIPT = re.compile(r"^(?:https?:)?//[^/]*\.appfolio\.com(?::\d+)?/javascripts/listing\.js", re.IGNORECASE)


def listing_sources(page):
    """`<hostUrl>/listings` for each widget the page sets up, else the widget script's host."""
    hosts = _HOST_URL.findall(page.text)
    if hosts:
        # hostUrl is a bare host, and the widget script is loaded without a scheme
        # (`//<sub>.appfolio.com/...`), so the browser asks it with the page's own scheme.
        scheme = urlsplit(page.url).scheme
        return [
            f"{host.rstrip('/')}/listings" if "://" in host else f"{scheme}://{host.strip('/')}/listings"
            for host in hosts
        ]
    scripts = [src.strip() for src in page.selector.css("script::attr(src)").getall()]
    return [urljoin(urljoin(page.url, src), "/listings") for src in scripts if _WIDGET_SCRIPT.match(src)]


def read_listings(page):
    listings = []
    for card in page.selector.css("div.js-listing-item"):
        facts = labelled_values(
            card, ".js-listing-quick-facts .detail-box__item", ".detail-box__label", ".detail-box__value"
        )
        url = _detail_link(card)
        detail_id = _DETAIL_ID.search(url)
        card_id = _CARD_ID.match(attribute(card, "id"))
        bed_bath = facts.get("bed / bath") or node_text(card, ".js-listing-blurb-bed-bath")
        blurb_size = node_text(card, ".js-listing-square-feet")
        listings.append(
            {
                "url": url,
                "external_id": detail_id.group(1) if detail_id else (card_id.group(1) if card_id else ""),
                "title": node_text(card, ".js-listing-title"),
                "address": node_text(card, ".js-listing-address"),
                "price": facts.get("rent") or node_text(card, ".js-listing-blurb-rent"),
                "bedrooms": bed_bath,
                "bathrooms": bed_bath,
                # Only a labelled size: the quick fact, or the blurb that says "Square Feet: 1,105".
                "square_feet": facts.get("square feet") or (blurb_size if "square feet" in blurb_size.lower() else ""),
                "available_from": node_text(card, "dd.js-listing-available")
                or facts.get("available")
                or node_text(card, ".js-listing-available"),
                "pets_allowed": node_text(card, ".js-listing-pet-policy"),
                "description": node_text(card, ".js-listing-description"),
                # The lazy image's real address; `src` is a placeholder picture.
                "photos": [node_attr(card, "img.js-listing-image", "data-original")],
            }
        )
    return listings


PRESET = Preset(
    name="appfolio",
    hosts=(r"(^|\.)appfolio\.com$",),
    markers=(
        "div.js-listing-item.listing-item",
        "#result_container.js-listings-container",
        'img.js-listing-image[data-original*="images.cdn.appfolio.com"]',
        # The listings widget a manager embeds: its cards load from <sub>.appfolio.com/listings.
        'script[src*=".appfolio.com/javascripts/listing.js"]',
    ),
    reader=read_listings,
    sources=listing_sources,
)
