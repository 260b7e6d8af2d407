"""What a platform preset is: how to recognise the platform's pages and read their listings."""
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .. import css


@dataclass(frozen=True)
class Preset:
    """A platform's listing pages.

    Recognised by `hosts` (regular expressions matched against the page's host) or by
    `markers` (CSS selectors only that platform's pages match). Listings are read with
    `item` and `fields` exactly like a configured CSS `listing`; `reader`, when given, reads
    them instead (for platforms whose listings live in page data rather than markup).
    """

    name: str
    hosts: tuple = ()
    markers: tuple = ()
    item: str = ""
    fields: dict = field(default_factory=dict)
    reader: object = None

    def matches(self, page):
        host = (urlsplit(page.url).hostname or "").lower()
        if any(re.search(pattern, host) for pattern in self.hosts):
            return True
        return any(page.selector.css(marker) for marker in self.markers)

    def extract(self, page):
        if self.reader is not None:
            return self.reader(page)
        return css.extract_listings(page.selector, {"item": self.item, "fields": self.fields})
