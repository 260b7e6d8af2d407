"""Listings from embedded app state, normalised as the tests of embedded JSON compare them."""

import datetime

from rentals.scraping import embedded
from rentals.scraping.normalize import normalize_listing

TODAY = datetime.date(2025, 11, 20)


def listings(text, url):
    raws = embedded.extract_listings(text)
    found = [normalize_listing(raw, base_url=url, today=TODAY, make_id=False) for raw in raws]
    return [listing for listing in found if listing is not None]
