"""The presets of the big listing sites (Zillow, Craigslist, StreetEasy, Apartments.com, Rent.com,
Zumper, Apartment List), scored on the corpus pages written in each site's markup: with no
configuration a page gives exactly its labelled rentals, and each preset recognises its own
site's pages and no other page.
"""

from decimal import Decimal

import pytest

from rentals.scraping import presets
from rentals.scraping.parse import PageSource, parse_page
from rentals.tests import corpus_support
from testsupport.fakes.listing_site import PAGES

LISTING_SITES = ("zillow", "craigslist", "streeteasy", "apartments_com", "rentcom", "zumper", "apartmentlist")
SITE_PAGES = corpus_support.page_names(f"{site}_" for site in LISTING_SITES)
SITE_PRESETS = [preset for preset in presets.PRESETS if preset.name in LISTING_SITES]


def _page(name):
    page = corpus_support.load_page(name)
    return page, PageSource(page.text, page.url)


def _parse(text, url):
    return parse_page(text, url=url, today=corpus_support.TODAY).listings


def test_every_listing_site_has_a_preset_and_corpus_pages():
    assert sorted(preset.name for preset in SITE_PRESETS) == sorted(LISTING_SITES)
    assert {corpus_support.load_page(name).platform for name in SITE_PAGES} == set(LISTING_SITES)


@pytest.mark.parametrize("name", SITE_PAGES)
def test_the_run_counts_the_preset_findings(name):
    page, _ = _page(name)

    assert corpus_support.scrape(page).extracted_by.get(f"preset:{page.platform}") == len(page.labels)


@pytest.mark.parametrize("name", SITE_PAGES)
def test_detection_picks_the_page_site(name):
    _, source = _page(name)
    page = corpus_support.load_page(name)

    preset = presets.detect(source)

    assert preset is not None and preset.name == page.platform


@pytest.mark.parametrize("name", corpus_support.page_names())
def test_a_listing_site_preset_recognises_only_its_own_pages(name):
    page, source = _page(name)

    fired = [preset.name for preset in SITE_PRESETS if preset.matches(source)]

    assert fired == ([page.platform] if page.platform in LISTING_SITES else [])


@pytest.mark.parametrize("fixture", sorted(PAGES.glob("*.html")), ids=lambda path: path.name)
def test_no_listing_site_preset_fires_on_an_ordinary_site(fixture):
    source = PageSource(fixture.read_text(encoding="utf-8"), "https://maplecourt.example/rentals/")

    assert [preset.name for preset in SITE_PRESETS if preset.matches(source)] == []


@pytest.mark.parametrize(
    "host",
    ["www.forrent.com", "rentapartments.com", "notzillow.com", "zillow.com.example.net", "craigslist.org.example"],
)
def test_a_look_alike_host_is_not_a_listing_site(host):
    source = PageSource("<html><body><p>Homes for rent</p></body></html>", f"https://{host}/rentals")

    assert [preset.name for preset in SITE_PRESETS if preset.matches(source)] == []


def test_a_zillow_building_is_one_listing_per_unit_type_never_the_building():
    page, _ = _page("zillow_1")

    listings = corpus_support.preset_listings(page)

    larkspur = [listing for listing in listings if listing.title == "The Larkspur"]
    assert [(listing.external_id, listing.price, listing.bedrooms) for listing in larkspur] == [
        ("45.53762--122.66718:0", Decimal("1495.00"), 0),
        ("45.53762--122.66718:1", Decimal("1780.00"), 1),
        ("45.53762--122.66718:2", Decimal("2560.00"), 2),
    ]
    # The building's address, not one of its apartments; no link the unit types would share.
    assert {(listing.address, listing.url) for listing in larkspur} == {("2150 N Vancouver Ave", "")}
    # A building without unit types has no price of its own: it is not a rental.
    assert not [listing for listing in listings if "Couch Street" in listing.title]


def test_zumper_results_are_read_from_whichever_slice_holds_them_past_empty_decoys():
    # Live search pages keep their results in `search`; other slices carry empty `listables`.
    state = (
        '{"affordabilityCalculator": {"listables": [], "meta": {}}, "agentProfile": {"listables": [], '
        '"featured": []}, "search": {"total": {"count": 2}, "listables": {"featured": [], "listables": ['
        '{"listing_id": 61, "building_name": "Fir Hall", "address": "9 Fir St", "city": "Boise", "state": "ID", '
        '"min_price": 1310, "max_price": 2400, "min_bedrooms": 0, "max_bedrooms": 2, "min_bathrooms": 1, '
        '"amenities": [1, 2], "pets": [], "url": "/apartment-buildings/p61/fir-hall"}, '
        '{"listing_id": 62, "address": "14 Elm St", "city": "Boise", "state": "ID", "min_price": 1850, '
        '"min_bedrooms": 2, "min_bathrooms": 1, "amenities": [7], "pets": [1, 2], '
        '"url": "/apartments-for-rent/62p/2-bedroom"}]}}}'
    )
    text = f"<html><body><script>window.__PRELOADED_STATE__ = {state};</script></body></html>"

    listings = _parse(text, "https://www.zumper.com/apartments-for-rent/boise-id")

    assert [(listing.external_id, listing.title, listing.price, listing.bedrooms) for listing in listings] == [
        ("61", "Fir Hall", Decimal("1310.00"), 0),
        ("62", "", Decimal("1850.00"), 2),
    ]
    # Amenity codes are not pet terms; the `pets` list is.
    assert [listing.pets_allowed for listing in listings] == [None, True]


def test_an_apartments_com_home_placard_gives_its_baths_and_size():
    placards = (
        '<article class="placard placard-option-basic" data-listingid="k9x2" data-url="https://www.apartments.com/'
        '18-birch-ln-gainesville-tx/k9x2/" data-streetaddress="18 Birch Ln"><div class="property-title">18 Birch Ln'
        '</div><div class="property-address" title="18 Birch Ln, Gainesville, TX 76240"></div>'
        '<p class="property-pricing">$1,650</p><p class="property-beds">3 Beds</p><p class="property-baths">2 Baths'
        '</p><p class="property-sqft">1,240 Sq Ft</p></article>'
        '<article class="placard placard-option-gold" data-listingid="m4q7" data-url="https://www.apartments.com/'
        'oak-row-gainesville-tx/m4q7/"><span class="js-placardTitle title">Oak Row</span>'
        '<div class="property-address" title="400 Oak Row, Gainesville, TX 76240"></div><div class="rentRollup">'
        '<div class="bedRentBox"><div class="bedTextBox">4 Beds, 3 Baths, 1,900 sq ft</div><div class="priceTextBox">'
        '<span>$2,300</span></div></div><div class="bedRentBox"><div class="bedTextBox">3 Beds, 2.5 Baths, 1,500 sq ft'
        '</div><div class="priceTextBox"><span>$1,950</span></div></div></div></article>'
    )

    listings = _parse(f"<html><body>{placards}</body></html>", "https://www.apartments.com/gainesville-tx/")

    assert [(item.price, item.bedrooms, item.bathrooms, item.square_feet) for item in listings] == [
        (Decimal("1650.00"), 3, Decimal("2.0"), 1240),
        # The cheapest unit type's baths and size, beside the fewest bedrooms.
        (Decimal("1950.00"), 3, Decimal("2.5"), 1500),
    ]


def test_craigslist_housing_reads_bedrooms_and_only_labelled_square_feet():
    rows = [
        ("7500000001", "2br - 900ft<sup>2</sup> -", 2, 900),
        ("7500000002", "2br -", 2, None),
        ("7500000003", "850ft<sup>2</sup> -", None, 850),
        ("7500000004", "", None, None),
    ]
    text = (
        "<html><body><ul class='rows'>"
        + "".join(
            f"""<li class="result-row" data-pid="{pid}"><span class="result-price">$1,500</span>
        <a href="/eby/apa/d/home/{pid}.html" class="result-title hdrlnk">Home {pid}</a>
        <span class="result-meta"><span class="result-price">$1,500</span>
        <span class="housing">{housing}</span></span></li>"""
            for pid, housing, _, _ in rows
        )
        + "</ul></body></html>"
    )

    listings = _parse(text, "https://sfbay.craigslist.org/search/eby/apa")

    assert [(listing.external_id, listing.bedrooms, listing.square_feet) for listing in listings] == [
        (pid, beds, feet) for pid, _, beds, feet in rows
    ]


def test_craigslist_facts_follow_the_result_they_name_when_positions_disagree():
    text = """<html><head><script type="application/ld+json" id="ld_searchpage_results">
      {"@type": "ItemList", "itemListElement": [
        {"position": "0", "item": {"@type": "House", "name": "Second home", "numberOfBedrooms": 3}},
        {"position": "1", "item": {"@type": "Apartment", "name": "First flat", "numberOfBedrooms": 1}}]}
      </script></head><body><ol class="cl-static-search-results">
      <li class="cl-static-search-result" title="First flat"><a href="https://a.craigslist.org/apa/d/x/7000000001.html">
        <div class="title">First flat</div><div class="price">$1,100</div></a></li>
      <li class="cl-static-search-result" title="Second home"><a href="https://a.craigslist.org/apa/d/y/7000000002.html">
        <div class="title">Second home</div><div class="price">$0</div></a></li>
      </ol></body></html>"""

    first, second = corpus_support.preset_listings(
        corpus_support.CorpusPage("inline", text, "https://a.craigslist.org/search/apa", "craigslist", [])
    )

    assert (first.title, first.bedrooms, first.price) == ("First flat", 1, Decimal("1100.00"))
    assert (second.title, second.bedrooms, second.price) == ("Second home", 3, None)  # "$0" is no price


def test_a_streeteasy_featured_copy_is_the_same_listing():
    page, source = _page("streeteasy_1")

    raws = presets.detect(source).extract(source)

    urls = [raw["url"] for raw in raws]
    assert len(urls) == len(set(urls)) == len(page.labels)
    assert not [url for url in urls if "featured" in url]


@pytest.mark.parametrize(
    ("url", "text"),
    [
        (
            "https://www.zillow.com/portland-or/rentals/",
            '<script id="__NEXT_DATA__" type="application/json">{"props": {"pageProps": {"searchPageState": ',
        ),
        (
            "https://www.zillow.com/portland-or/rentals/",
            '<script id="__NEXT_DATA__" type="application/json">{"props": {"pageProps": {"searchPageState": '
            '{"cat1": {"searchResults": {"listResults": [1, "x", {"zpid": null}, {"zpid": "9", "units": "none"}]}}}}}}'
            "</script>",
        ),
        (
            "https://www.zumper.com/apartments-for-rent/denver-co",
            '<script>window.__PRELOADED_STATE__ = {"currentSearch": {"listables": {"listables": [{"_data": 5}, ',
        ),
        (
            "https://www.zumper.com/apartments-for-rent/denver-co",
            '<script>window.__PRELOADED_STATE__ = {"currentSearch": {"listables": "none"}};</script>',
        ),
        (
            "https://www.apartmentlist.com/co/denver/x",
            '<script id="__NEXT_DATA__" type="application/json">{"props": {"pageProps": {"component": {"listing": '
            '{"available_units": [{"units": [{"availability": "available"}]}, "plan", null]}}}}}</script>',
        ),
        ("https://streeteasy.com/for-rent/nyc", '<div data-testid="listing-card"><a href="http://[oops">x</a></div>'),
        ("https://www.apartments.com/austin-tx/", '<article class="placard" data-listingid=""></article>'),
    ],
)
def test_broken_or_truncated_site_data_gives_no_listing_and_no_error(url, text):
    source = PageSource(f"<html><body>{text}</body></html>", url)

    raws = presets.detect(source).extract(source)

    assert not [raw for raw in raws if raw.get("price")]
