"""Listings from the app state pages ship as JSON or JavaScript (`__NEXT_DATA__` and the like)."""


def extract_listings(text):
    """Raw listings found in the page's embedded app state."""
    return []
