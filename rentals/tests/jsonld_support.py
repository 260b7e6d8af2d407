"""JSON-LD pages for the tests of JSON-LD as sites write it: the page, what it gives, and
the complex many of them are about."""

import datetime
import json

from rentals.scraping.parse import parse_jsonld

TODAY = datetime.date(2025, 11, 20)
URL = "https://oakflats.example/floorplans/"


def page(*documents):
    scripts = "\n".join(f'<script type="application/ld+json">{json.dumps(doc)}</script>' for doc in documents)
    return f"<html><head>{scripts}</head><body><h1>Oak Flats</h1></body></html>"


def listings_of(*documents):
    return parse_jsonld(page(*documents), url=URL, today=TODAY)


COMPLEX = {
    "@context": "https://schema.org",
    "@type": "ApartmentComplex",
    "@id": "https://oakflats.example/#complex",
    "name": "Oak Flats",
    "url": "https://oakflats.example/",
    "telephone": "+1-512-555-0142",
    "petsAllowed": True,
    "address": {
        "@type": "PostalAddress",
        "streetAddress": "500 Oak Blvd",
        "addressLocality": "Austin",
        "addressRegion": "TX",
        "postalCode": "78704",
    },
    "offers": {"@type": "AggregateOffer", "lowPrice": "1299", "highPrice": "2450", "priceCurrency": "USD"},
}
