"""Property tests: whatever a website or a user sends, the parsers and validators answer with a
value or their own error, never an unexpected exception (which would be a 500 or a lost run)."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rentals.scraping.config import ScrapingConfigError, clean_scraping_config, crawl_settings
from rentals.scraping.errors import InvalidUrlError
from rentals.scraping.netguard import normalize_website_url
from rentals.scraping.normalize import normalize_listing
from rentals.scraping.parse import parse_page
from rentals.tests.fuzz_strategies import json_values as json_values_of

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_KEYS = [
    "@type",
    "@id",
    "@graph",
    "name",
    "url",
    "offers",
    "price",
    "address",
    "itemOffered",
    "about",
    "containsPlace",
    "numberOfBedrooms",
    "floorSize",
    "image",
    "value",
    "identifier",
    "additionalProperty",
    "petsAllowed",
    "availabilityStarts",
    "strategy",
    "listing",
    "item",
    "fields",
    "title",
    "max_pages",
    "start_urls",
    "next_page",
    "follow_details",
]
json_values = json_values_of(FUZZ_KEYS, max_leaves=20)
schema_types = st.sampled_from(
    [
        "Apartment",
        "House",
        "Offer",
        "Product",
        "RealEstateListing",
        "ApartmentComplex",
        "ItemList",
        "Residence",
        "AggregateOffer",
    ]
)


@FAST
@given(st.text(max_size=80) | st.from_regex(r"(https?|ftp)://[\[\]:@a-z0-9.%-]{0,30}(/.*)?", fullmatch=True))
def test_website_urls(text):
    try:
        url = normalize_website_url(text, allow_private=False, resolve=False)
    except InvalidUrlError:
        return
    assert url.startswith(("http://", "https://"))


@FAST
@given(json_values)
def test_scraping_configs(value):
    try:
        cleaned = clean_scraping_config(value, allow_private=False)
    except ScrapingConfigError as exc:
        assert exc.detail
        return
    crawl_settings("https://a.example/", cleaned)


@FAST
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "external_id",
                "url",
                "title",
                "address",
                "price",
                "currency",
                "bedrooms",
                "bathrooms",
                "square_feet",
                "available_from",
                "pets_allowed",
                "photos",
                "description",
                "city",
            ]
        ),
        json_values,
        max_size=8,
    )
)
def test_raw_listings_normalise(raw):
    normalize_listing(raw, base_url="https://a.example/list")


@FAST
@given(json_values, schema_types)
def test_jsonld_pages(value, schema_type):
    document = {"@type": schema_type, "offers": value, "about": value, "containsPlace": [value]}
    text = (
        f'<script type="application/ld+json">{json.dumps(document)}</script>'
        f'<script type="application/ld+json">{json.dumps(value)}</script>'
    )
    parse_page(text, url="https://a.example/")


@FAST
@given(st.text(max_size=300))
def test_any_page_text(text):
    settings_ = crawl_settings(
        "https://a.example/",
        {"listing": {"item": "div", "fields": {"title": "h2::text"}}, "next_page": "a.next::attr(href)"},
    )
    parse_page(text, url="https://a.example/", settings=settings_)
