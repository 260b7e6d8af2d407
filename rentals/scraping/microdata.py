"""schema.org microdata (itemscope/itemprop) read into the shapes JSON-LD has, with an HTML tree
built only on pages that declare a schema.org itemtype."""

import re

import lxml.etree
import lxml.html

from .schema_org import MAX_DEPTH

# Microdata is read only on pages that declare a schema.org item (the HTML tree costs ~1 ms).
_MICRODATA = re.compile(r"\bitemtype\s*=\s*[\"']?https?://schema\.org/", re.IGNORECASE)
_MICRODATA_URL_TAGS = {
    "a": "href",
    "area": "href",
    "link": "href",
    "img": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "iframe": "src",
    "embed": "src",
    "object": "data",
}
_MAX_ITEMS = 2_000


def _microdata_value(element):
    for attribute in ("content", "datetime"):
        if element.get(attribute) is not None:
            return element.get(attribute)
    url_attribute = _MICRODATA_URL_TAGS.get(element.tag)
    if url_attribute and element.get(url_attribute):
        return element.get(url_attribute)
    if element.tag in ("data", "meter") and element.get("value") is not None:
        return element.get("value")
    return " ".join(element.text_content().split())


def _microdata_item(element, depth=0):
    """One itemscope as a JSON-LD-like node: {"@type": [...], "name": ..., "offers": {...}}."""
    node = {"@type": [kind.rsplit("/", 1)[-1] for kind in (element.get("itemtype") or "").split()]}
    if element.get("itemid"):
        node["@id"] = element.get("itemid")
    pending = list(reversed(element))
    while pending:
        child = pending.pop()
        if not isinstance(child.tag, str):
            continue
        nested = child.get("itemscope") is not None
        names = (child.get("itemprop") or "").split()
        if names:
            value = _microdata_item(child, depth + 1) if nested and depth < MAX_DEPTH else _microdata_value(child)
            for name in names:
                node.setdefault(name, []).append(value)
        if not nested:
            pending.extend(reversed(child))
    return {key: value[0] if isinstance(value, list) and len(value) == 1 else value for key, value in node.items()}


def microdata_items(text):
    """The schema.org microdata items of a page (top-level itemscopes), as JSON-LD-like nodes."""
    if "itemtype" not in text and "ITEMTYPE" not in text or not _MICRODATA.search(text):
        return []
    try:
        root = lxml.html.fromstring(text)
    except ValueError:  # a string that declares its encoding (<?xml … encoding=…?>): parse its bytes
        try:
            root = lxml.html.fromstring(text.encode("utf-8", "replace"))
        except (ValueError, lxml.etree.ParserError):
            return []
    except lxml.etree.ParserError:
        return []
    tops = root.xpath("//*[@itemscope][not(@itemprop)]")[:_MAX_ITEMS]
    return [_microdata_item(element) for element in tops]
