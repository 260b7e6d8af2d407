"""auto: every extractor on one page, merged per listing with the contract's precedence."""

import json

from rentals.scraping.config import CrawlSettings
from rentals.scraping.parse import parse_page

URL = "https://homes.example/rentals"


def _jsonld(*units):
    document = {"@context": "https://schema.org", "@graph": [{"@type": "Apartment", **unit} for unit in units]}
    return f'<script type="application/ld+json">{json.dumps(document)}</script>'


def _card(title, price, beds, href=None, address=""):
    link = f'<a href="{href}">{title}</a>' if href else title
    return (
        f'<div class="unit"><h3>{link}</h3><p class="addr">{address}</p>'
        f'<p class="rent">{price}/mo</p><p class="rooms">{beds} bd / 1 ba</p></div>'
    )


def _page(head="", body=""):
    return f"<html><head>{head}</head><body><main>{body}</main></body></html>"


def test_one_listing_found_by_two_extractors_is_one_rental_whose_fields_follow_the_ranking():
    head = _jsonld(
        {
            "url": "/u/1",
            "name": "Oak flat",
            "numberOfBedrooms": 2,
            "offers": {"@type": "Offer", "price": 1500, "priceCurrency": "USD"},
        }
    )
    body = _card("Oak flat", "$1,450", 2, href="/u/1") + _card("Elm flat", "$1,100", 1, href="/u/2")
    config = {"item": "div.unit", "fields": {"url": "a::attr(href)", "price": ".rent::text"}}

    parsed = parse_page(_page(head, body), url=URL, settings=CrawlSettings(listing=config))

    by_url = {listing.url: listing for listing in parsed.listings}
    assert set(by_url) == {"https://homes.example/u/1", "https://homes.example/u/2"}
    oak = by_url["https://homes.example/u/1"]
    assert oak.price == 1450  # configured CSS over JSON-LD
    assert oak.bedrooms == 2 and oak.title == "Oak flat"  # JSON-LD fills what CSS did not read
    assert parsed.sources[list(by_url).index("https://homes.example/u/1")][:2] == ["css", "jsonld"]
    assert parsed.extracted_by["css"] == 2 and parsed.extracted_by["jsonld"] == 1


def test_two_units_at_one_street_address_are_two_rentals():
    head = _jsonld(
        {
            "name": "Unit A",
            "address": "12 Oak St Apt A, Austin, TX 78701",
            "numberOfBedrooms": 1,
            "offers": {"@type": "Offer", "price": 1200},
        },
        {
            "name": "Unit B",
            "address": "12 Oak St Apt B, Austin, TX 78701",
            "numberOfBedrooms": 2,
            "offers": {"@type": "Offer", "price": 1600},
        },
    )
    listings = parse_page(_page(head), url=URL).listings
    assert sorted(listing.price for listing in listings) == [1200, 1600]
    assert len({listing.external_id for listing in listings}) == 2


def test_the_same_street_and_unit_with_and_without_a_zip_is_one_rental():
    head = _jsonld(
        {
            "name": "Loft",
            "address": {"streetAddress": "40 Pine St #3", "addressLocality": "Austin", "postalCode": "78702"},
            "offers": {"@type": "Offer", "price": 1700},
        }
    )
    body = _card("Pine loft", "$1,700", 1, address="40 Pine St Unit 3, Austin, TX") + _card(
        "Elm flat", "$1,100", 2, address="9 Elm St, Austin, TX"
    )
    listings = parse_page(_page(head, body), url=URL).listings
    assert len(listings) == 1  # the Elm card is not added beside what JSON-LD found
    assert listings[0].postal_code == "78702" and listings[0].bedrooms == 1


def test_the_card_heuristic_adds_nothing_beside_listings_a_surer_extractor_found():
    head = _jsonld({"url": "/u/1", "name": "Oak flat", "offers": {"@type": "Offer", "price": 1500}})
    body = _card("Oak flat", "$1,500", 2, href="/u/1") + _card("Two bedroom plan", "$1,800", 2)
    parsed = parse_page(_page(head, body), url=URL)
    assert [listing.url for listing in parsed.listings] == ["https://homes.example/u/1"]
    assert parsed.listings[0].bedrooms == 2  # filled from the card
    assert parsed.extracted_by["cards"] == 2


def test_the_card_heuristic_alone_finds_the_rentals_of_a_plain_page():
    body = _card("Oak flat", "$1,500", 2, href="/u/1") + _card("Elm flat", "$1,100", 1, href="/u/2")
    parsed = parse_page(_page(body=body), url=URL)
    assert sorted(listing.price for listing in parsed.listings) == [1100, 1500]
    assert parsed.strategy == "cards"


def test_page_fields_and_defaults_fill_what_listings_lack():
    body = (
        _card("Oak flat", "$1,500", 2, href="/u/1")
        + _card("Elm flat", "$1,100", 1, href="/u/2")
        + '<footer><p class="city">Round Rock</p></footer>'
    )
    settings = CrawlSettings(page_fields={"city": "footer .city::text"}, defaults={"state": "TX", "city": "Austin"})
    listings = parse_page(_page(body=body), url=URL, settings=settings).listings
    assert {(listing.city, listing.state) for listing in listings} == {("Round Rock", "TX")}
