"""Propertyware listing widgets on managers' own sites and on `<name>.propertyware.com`.

Evidence: two sites' code (SEEN-CODE): the page loads
`app.propertyware.com/pw/website/widgets/config.jsp?wid=<n>` (or sets `var SID`/`var WID`),
and the widget draws `#pw_listing_widget_*` from a JSONP call to
`webreq.propertyware.com/pw/marketing/website.do?sid=..&wid=..&action=l`. The page as fetched
holds no listing, so the preset recognises the widget and reads nothing; the listings need that
fetch. No rendered listing markup, and no answer of that call, was seen that could be read
without guessing, so the crawl does not follow it either (it would fetch a JSONP script it
cannot read): Propertyware pages are recognised only.
"""
from .base import Preset


def read_listings(page):
    return []


PRESET = Preset(
    name="propertyware",
    hosts=(r"(^|\.)propertyware\.com$",),
    markers=(
        'script[src*="propertyware.com/pw/website/widgets"]',
        '[id^="pw_listing_widget"]',
    ),
    reader=read_listings,
)
