"""Listings from CSS selectors (Scrapy/parsel syntax: `h2::text`, `a::attr(href)`).

A field selector that ends on an element rather than `::text`/`::attr()` means the element's
whole text, except for `url` (its href) and `photos` (its src).
"""

from cssselect import SelectorError
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

_TRANSLATOR = HTMLTranslator()
_LINK_ATTRIBUTES = ("href", "src", "data-href")
_PHOTO_ATTRIBUTES = ("src", "data-src", "data-lazy-src", "srcset", "href", "content")


def selector_error(query):
    """Why a CSS selector cannot be used, or None when it parses."""
    if not isinstance(query, str) or not query.strip():
        return "Enter a CSS selector."
    try:
        _TRANSLATOR.css_to_xpath(query)
    except (SelectorError, ValueError) as exc:
        return f"Not a valid CSS selector ({exc})."
    return None


def css_to_xpath(query):
    """The XPath a CSS selector stands for (for questions asked of a whole page at once)."""
    return _TRANSLATOR.css_to_xpath(query)


def page_selector(text, url=None):
    return Selector(text=text, base_url=url)


def _element_value(result, field_name):
    element = result.root
    if field_name == "url":
        attributes = _LINK_ATTRIBUTES
    elif field_name == "photos":
        attributes = _PHOTO_ATTRIBUTES
    else:
        attributes = ()
    for attribute in attributes:
        value = element.get(attribute) if hasattr(element, "get") else None
        if value:
            return value
    return result.xpath("string()").get()


def field_values(item, query, field_name):
    """Every string a field selector yields inside one listing element."""
    values = []
    for result in item.css(query):
        value = result.root if isinstance(result.root, str) else _element_value(result, field_name)
        if value is not None and str(value).strip():
            values.append(str(value).strip())
    return values


def extract_listings(selector, listing_config):
    """Raw listings: one dict of field name to text per element matching `listing.item`."""
    fields = listing_config.get("fields") or {}
    listings = []
    for item in selector.css(listing_config["item"]):
        raw = {}
        for name, query in fields.items():
            values = field_values(item, query, name)
            if not values:
                continue
            if name == "photos":
                raw[name] = values
            elif name in ("url", "external_id"):
                raw[name] = values[0]
            else:
                raw[name] = " ".join(values)
        if raw:
            listings.append(raw)
    return listings


def first_link(selector, query):
    """The first link a selector yields on a page (for `next_page`), or None."""
    values = field_values(selector, query, "url")
    return values[0] if values else None
