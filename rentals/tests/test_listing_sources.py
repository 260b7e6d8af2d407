"""Where the listings are: a manager's page that only embeds a platform (a widget, a frame, a
script asking an API), whose listings the crawl fetches from the address the platform preset
names, through the same fetcher, and merges with the page's own.

The platforms are faked on loopback by the `site` fixture; every page and answer here is made
up, shaped like the real ones (/tmp/platform-notes.md and the presets' docstrings).
"""
import json

import pytest

from rentals.models import Rental, RentalSource, ScrapeRun
from rentals.scraping import presets
from rentals.scraping.errors import FetchError, UnsafeAddressError
from rentals.scraping.fetcher import Fetcher
from rentals.scraping.parse import PageSource
from rentals.services import source_scrape_inline
from rentals.tests.test_scraping import add_source, rentals, scrape

pytestmark = pytest.mark.django_db

JSON = "application/json; charset=utf-8"


def manager_page(embed, *, own=""):
    """A manager's rentals page: their words, fees, phone and the platform's embed; `own` adds
    listings of its own."""
    return f"""<!doctype html><html><head><title>Rentals | Juniper Lane Homes</title></head><body>
      <nav><a href="/">Home</a><a href="/owners">Owners</a><a href="/rentals">Rentals</a></nav>
      <h1>Available rentals</h1>
      <p>Application fee $45 per adult. Questions? Call (555) 010-4477.</p>
      {embed}{own}
      <footer>Juniper Lane Homes, 80 Birch Ave, Eugene, OR 97401</footer></body></html>"""


APPFOLIO_LISTINGS = """<!doctype html><html><head><title>Rental Listings</title></head><body>
<h1>Current Listings</h1>
<div id="result_container" class="listings js-listings-container">
  <div class="listing-item result js-listing-item" id="listing_701">
    <img class="listing-item__image lazy js-listing-image" data-original="https://images.example-cdn.com/jl/701/medium.jpg"
         src="/assets/place_holder.png" alt="415 Quince St, Eugene, OR 97402">
    <div class="detail-box js-listing-quick-facts"><dl>
      <div class="detail-box__item"><dt class="detail-box__label">RENT</dt>
        <dd class="detail-box__value">$1,640</dd></div>
      <div class="detail-box__item"><dt class="detail-box__label">Square Feet</dt>
        <dd class="detail-box__value">910</dd></div>
      <div class="detail-box__item"><dt class="detail-box__label">Bed / Bath</dt>
        <dd class="detail-box__value">2 bd / 1 ba</dd></div>
      <div class="detail-box__item"><dt class="detail-box__label">Available</dt>
        <dd class="detail-box__value js-listing-available">NOW</dd></div>
    </dl></div>
    <h2 class="listing-item__title js-listing-title">
      <a href="/listings/detail/a1b2c3d4-0000-4000-8000-000000000701">Quince Street duplex</a></h2>
    <p><span class="js-listing-address">415 Quince St, Eugene, OR 97402</span></p>
  </div>
  <div class="listing-item result js-listing-item" id="listing_702">
    <div class="detail-box js-listing-quick-facts"><dl>
      <div class="detail-box__item"><dt class="detail-box__label">RENT</dt>
        <dd class="detail-box__value">$1,150</dd></div>
      <div class="detail-box__item"><dt class="detail-box__label">Bed / Bath</dt>
        <dd class="detail-box__value">Studio / 1 ba</dd></div>
    </dl></div>
    <h2 class="listing-item__title js-listing-title">
      <a href="/listings/detail/a1b2c3d4-0000-4000-8000-000000000702">Garden studio</a></h2>
    <p><span class="js-listing-address">27 Alder Ct #B, Springfield, OR 97477</span></p>
  </div>
  <div class="no_vacancies u-hidden">No vacancies found matching your search criteria.</div>
</div></body></html>"""

BUILDIUM_RENTALS = """<!doctype html><html><body><div id="rentals-container">
  <a class="featured-listing accent-color-border-on-hover" href="/Resident/public/rentals/58120"
     data-rent="1725.00" data-bedrooms="3" data-bathrooms="2" data-square-feet="1240" data-location="Salem,OR|97301">
    <h3 class="featured-listing__title">902 Hawthorne Ave - 2</h3>
    <p class="featured-listing__address">Salem, OR 97301</p>
    <p class="featured-listing__features">3 Bed | 2 Bath | 1,240 sqft</p>
    <p class="featured-listing__price accent-color">$1,725</p>
    <p class="featured-listing__availability">Available Now</p>
  </a>
</div></body></html>"""

SHOWMOJO_MAPSEARCH = """<!doctype html><html><body>
<div class="listing js-listing" id="uid_0c4e9a7b21">
  <div class="listing-info-header"><div class="listing-address-header">66 Spruce Way #4</div>
    <div class="listing-city-state-zip">Corvallis, OR 97330</div></div>
  <div class="listing-icons">
    <div class="listing-icon-wrap"><img class="icon" src="/assets/bed-1.svg">
      <div class="listing-icons-data">1</div></div>
    <div class="listing-icon-wrap"><img class="icon" src="/assets/bath-1.svg">
      <div class="listing-icons-data">1</div></div>
  </div>
  <div class="rent-info"><span class="price">$1,095</span> /mo · Apartment · Available Now</div>
  <a class="js-view-listing-link" href="/l/0c4e9a7b21/66-spruce-way-4-corvallis-or?g=2">View Listing</a>
</div></body></html>"""

# Rently's search answer: `property_data`, each home with its floor plan (values made up).
RENTLY_ANSWER = {
    "property_data": [
        {"id": 880311, "title": "3BD | 2BA | $2,240 /mo | Dogs OK | 1710 sq ft",
         "address": "19 Pecan Hollow Dr, Hampton, Georgia 30228", "city": "Hampton",
         "floorplan": {"bedrooms": 3.0, "bathrooms": 2.0, "rent": 2240.0, "size": "1710",
                       "cat": False, "dog": True, "no_pet": False},
         "ready_date_text": "Now", "picture": "https://images.example-cdn.com/880311/1.jpg", "type": "House"},
        {"id": 880347, "title": "Townhome", "address": "5 Mill Creek Ln, Locust Grove, Georgia 30248",
         "floorplan": {"bedrooms": 2.0, "bathrooms": 2.5, "rent": 1880.0, "size": None,
                       "cat": False, "dog": False, "no_pet": True},
         "ready_date_text": "Now", "type": "Townhouse"},
    ]
}

# RealPage's GetUnits answer: available and leased units alike (values made up).
REALPAGE_UNITS = {
    "units": [
        {"id": "u-3101", "unitNumber": "3101", "floorplanId": "fp-a", "floorplanName": "Aster",
         "numberOfBeds": 1, "numberOfBaths": 1.0, "squareFeet": 702, "rent": 1485, "totalRent": "$1,485",
         "leaseStatus": "AVAILABLE_READY", "internalAvailableDate": "2026-03-02 00:00 -0600",
         "floorPlanImages": [{"src": "https://img.example-cdn.com/v2/dimg/9/%s/9.png"}], "buildingName": "North"},
        {"id": "u-3204", "unitNumber": "3204", "floorplanId": "fp-b", "floorplanName": "Birch",
         "numberOfBeds": 2, "numberOfBaths": 2.0, "squareFeet": 1044, "rent": 1960, "totalRent": "$1,960",
         "leaseStatus": "LEASED", "internalAvailableDate": "2026-01-15 00:00 -0600"},
        {"id": "u-1108", "name": "1108", "floorplanName": "Birch", "numberOfBeds": 2, "numberOfBaths": 2.0,
         "squareFeet": 1044, "rent": 0, "totalRent": "$1,995", "leaseStatus": "AVAILABLE_READY"},
    ]
}


def serve_json(site, path, value, **options):
    site.serve(path, json.dumps(value), content_type=JSON, **options)


def appfolio_site(site):
    """A manager's page with AppFolio's listings widget, and AppFolio's listing page on loopback."""
    host = site.url("/").split("//", 1)[1].rstrip("/")
    widget = ('<script src="//juniperlane.appfolio.com/javascripts/listing.js"></script>'
              f"<script>Appfolio.Listing({{hostUrl: '{host}', themeColor: '#2a6f4e', height: '900px'}});</script>")
    site.serve("/juniper/rentals.html", manager_page(widget))
    site.serve("/listings", APPFOLIO_LISTINGS)
    return site.url("/juniper/rentals.html")


def test_an_appfolio_widget_is_followed_to_its_listing_page_and_the_rentals_are_saved(
    site, api_client, django_capture_on_commit_callbacks
):
    source = add_source(api_client, appfolio_site(site))

    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.error, run.warnings) == ("succeeded", "", [])
    assert run.pages_fetched == 2  # the manager's page and the widget's listing page
    assert run.extracted_by["preset:appfolio"] == 2 and run.listings_found == 2
    found = rentals(api_client)
    duplex = found["a1b2c3d4-0000-4000-8000-000000000701"]
    assert duplex["url"] == site.url("/listings/detail/a1b2c3d4-0000-4000-8000-000000000701")
    assert (duplex["title"], duplex["price"], duplex["bedrooms"], duplex["bathrooms"], duplex["square_feet"]) == (
        "Quince Street duplex", 1640, 2, 1, 910
    )
    assert (duplex["address"], duplex["city"], duplex["state"], duplex["postal_code"]) == (
        "415 Quince St", "Eugene", "OR", "97402"
    )
    assert duplex["photos"] == ["https://images.example-cdn.com/jl/701/medium.jpg"]
    studio = found["a1b2c3d4-0000-4000-8000-000000000702"]
    assert (studio["price"], studio["bedrooms"], studio["city"]) == (1150, 0, "Springfield")
    assert site.requested_paths().count("/listings") == 1


@pytest.mark.parametrize(
    ("path", "answer", "embed", "expected"),
    [
        (
            "/Resident/public/rentals", BUILDIUM_RENTALS,
            '<iframe src="{origin}/Resident/public/rentals?hidenav=true" width="100%" height="1200"></iframe>',
            {"58120": {"url": "/Resident/public/rentals/58120", "address": "902 Hawthorne Ave - 2", "city": "Salem",
                       "price": 1725, "bedrooms": 3, "bathrooms": 2, "square_feet": 1240}},
        ),
        (
            "/0c4e9a7b21/listings/mapsearch", SHOWMOJO_MAPSEARCH,
            '<iframe src="{origin}/0c4e9a7b21/listings/mapsearch" style="border:0"></iframe>',
            {"0c4e9a7b21": {"url": "/l/0c4e9a7b21/66-spruce-way-4-corvallis-or?g=2", "address": "66 Spruce Way #4",
                            "city": "Corvallis", "price": 1095, "bedrooms": 1, "bathrooms": 1}},
        ),
    ],
    ids=["buildium-frame", "showmojo-frame"],
)
def test_a_framed_platform_page_is_followed_and_read_by_its_preset(
    site, api_client, django_capture_on_commit_callbacks, path, answer, embed, expected
):
    origin = site.url("/").rstrip("/")
    site.serve("/rentals.html", manager_page(embed.format(origin=origin)))
    site.serve(path, answer)
    source = add_source(api_client, site.url("/rentals.html"))

    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.pages_fetched, run.listings_found) == ("succeeded", 2, len(expected))
    found = rentals(api_client)
    assert set(found) == set(expected)
    for external_id, fields in expected.items():
        fields = {**fields, "url": site.url(fields["url"])}  # links resolve against the framed page
        assert {name: found[external_id][name] for name in fields} == fields


def test_rentlys_search_answer_is_fetched_as_json_and_read(site, user, api_client):
    search = site.url("/api/properties/searchQuery") + "?pc=1&managerID=5521"
    embed = ('<iframe src="https://u5521.rently.com/propertiesSearch2" title="Self tours"></iframe>'
             f'<script>window.rentlyHomes = fetch("{search}").then(r => r.json());</script>')
    site.serve("/homes.html", manager_page(embed))
    serve_json(site, "/api/properties/searchQuery", RENTLY_ANSWER)
    source = add_source(api_client, site.url("/homes.html"))

    run = source_scrape_inline(user=user, source=RentalSource.objects.get(pk=source["id"]))

    assert (run.status, run.pages_fetched, run.extracted_by["preset:rently"]) == ("succeeded", 2, 2)
    query = [request.query_string.decode() for request, _ in site.server.log
             if request.path == "/api/properties/searchQuery"]
    assert query == ["pc=1&managerID=5521"]
    found = rentals(api_client)
    house = found["880311"]
    assert (house["address"], house["city"], house["state"], house["postal_code"]) == (
        "19 Pecan Hollow Dr", "Hampton", "GA", "30228"
    )
    assert (house["price"], house["bedrooms"], house["bathrooms"], house["square_feet"], house["pets_allowed"]) == (
        2240, 3, 2, 1710, True
    )
    assert (found["880347"]["bathrooms"], found["880347"]["pets_allowed"]) == (2.5, False)


def test_a_realpage_community_site_reads_its_available_units_from_getunits(
    site, api_client, django_capture_on_commit_callbacks
):
    page = manager_page('<script src="https://cs-cdn.realpage.com/cws/js/site.js"></script>'
                        '<div id="floorplans-app"></div>')
    site.serve("/floor-plans.aspx", page)
    serve_json(site, "/CmsSiteManager/callback.aspx", REALPAGE_UNITS)
    source = add_source(api_client, site.url("/floor-plans.aspx"))

    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    assert (run.status, run.pages_fetched, run.extracted_by["preset:realpage"]) == ("succeeded", 2, 2)
    found = rentals(api_client)
    assert set(found) == {"u-3101", "u-1108"}  # the leased unit is not a rental
    aster = found["u-3101"]
    assert (aster["title"], aster["price"], aster["bedrooms"], aster["bathrooms"], aster["square_feet"]) == (
        "Aster · Unit 3101", 1485, 1, 1, 702
    )
    assert aster["available_from"] == "2026-03-02" and aster["photos"] == []  # "%s" is no picture
    assert found["u-1108"]["price"] == 1995  # no number: the rent as written
    (request,) = [request for request, _ in site.server.log if request.path == "/CmsSiteManager/callback.aspx"]
    assert request.args["act"] == "Proxy/GetUnits" and request.args["available"] == "true"


def test_the_preview_shows_the_listings_of_the_followed_address(site, api_client):
    response = api_client.post("/api/rentals/sources/preview", {"website_url": appfolio_site(site)}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["pages_fetched"] == 2 and body["warnings"] == []
    assert body["extracted_by"]["preset:appfolio"] == 2
    assert sorted(listing["title"] for listing in body["listings"]) == ["Garden studio", "Quince Street duplex"]
    assert all(listing["found_by"] == ["preset:appfolio"] for listing in body["listings"])
    assert not Rental.objects.exists()


def test_an_address_is_followed_once_and_at_most_five_per_page(site, api_client, django_capture_on_commit_callbacks):
    origin = site.url("/").rstrip("/")
    frame = f'<iframe src="{origin}/Resident/public/rentals?hidenav=true"></iframe>'
    site.serve("/p1.html", manager_page(frame + '<a class="next" href="/p2.html">Next</a>'))
    site.serve("/p2.html", manager_page(frame))
    site.serve("/Resident/public/rentals", BUILDIUM_RENTALS)
    accounts = [f"{number:010x}" for number in range(0xAB00000001, 0xAB00000008)]
    site.serve("/many.html", manager_page("".join(
        f'<iframe src="{origin}/{account}/listings/mapsearch"></iframe>' for account in accounts
    )))
    for account in accounts:
        site.serve(f"/{account}/listings/mapsearch", SHOWMOJO_MAPSEARCH.replace("0c4e9a7b21", account))

    paged = add_source(api_client, site.url("/p1.html"), {"next_page": "a.next::attr(href)"})
    run = scrape(api_client, paged["id"], django_capture_on_commit_callbacks)
    assert (run.status, run.pages_fetched, run.listings_found) == ("succeeded", 3, 1)
    assert site.requested_paths().count("/Resident/public/rentals") == 1

    many = add_source(api_client, site.url("/many.html"))
    run = scrape(api_client, many["id"], django_capture_on_commit_callbacks)
    assert (run.status, run.pages_fetched, run.listings_found) == ("succeeded", 6, 5)
    assert sum(path.endswith("/listings/mapsearch") for path in site.requested_paths()) == 5


def test_an_embed_naming_the_metadata_address_is_never_fetched(site, api_client, django_capture_on_commit_callbacks):
    """Private networks are allowed here (the fake site is on loopback); link-local never is."""
    site.serve("/rentals.html", manager_page(
        '<iframe src="http://169.254.169.254/Resident/public/rentals?hidenav=true"></iframe>'
    ))
    source = add_source(api_client, site.url("/rentals.html"))

    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    assert run.status == "failed" and run.pages_fetched == 1
    assert "http://169.254.169.254/Resident/public/rentals?hidenav=true" in run.error
    assert "only scrapes public websites" in run.error
    assert not Rental.objects.exists()


def test_the_json_opt_in_goes_through_the_guard_when_private_networks_are_not_allowed(site):
    serve_json(site, "/api/properties/searchQuery", RENTLY_ANSWER)
    url = site.url("/api/properties/searchQuery?pc=1&managerID=5521")

    with Fetcher.from_settings(allow_private=False) as fetcher, pytest.raises(UnsafeAddressError):
        fetcher.get(url, accept_json=True)
    assert site.requested_paths() == []


def test_a_json_answer_is_a_page_only_where_the_caller_accepts_json(site):
    serve_json(site, "/api/properties/searchQuery", RENTLY_ANSWER)
    url = site.url("/api/properties/searchQuery?pc=1&managerID=5521")

    with Fetcher.from_settings() as fetcher:
        with pytest.raises(FetchError, match="is not a web page"):
            fetcher.get(url)
        assert json.loads(fetcher.get(url, accept_json=True).text) == RENTLY_ANSWER


HOME_OF_ITS_OWN = """<script type="application/ld+json">{"@context": "https://schema.org",
  "@type": "SingleFamilyResidence",
  "name": "Featured: 12 Larch St", "numberOfRooms": 3,
  "address": {"@type": "PostalAddress", "streetAddress": "12 Larch St", "addressLocality": "Eugene",
              "addressRegion": "OR", "postalCode": "97401"},
  "offers": {"@type": "Offer", "price": "1995", "priceCurrency": "USD"}}</script>"""


def test_a_followed_address_that_fails_fails_the_run_and_changes_nothing(
    site, api_client, django_capture_on_commit_callbacks
):
    """A run saves only a complete crawl: without the widget's listings every one of them would
    be marked unavailable. The preview shows the page's own listings and which address failed."""
    origin = site.url("/").rstrip("/")
    site.serve("/rentals.html", manager_page(
        f'<iframe src="{origin}/Resident/public/rentals?hidenav=true"></iframe>', own=HOME_OF_ITS_OWN
    ))
    site.serve("/Resident/public/rentals", BUILDIUM_RENTALS)
    source = add_source(api_client, site.url("/rentals.html"))
    good = scrape(api_client, source["id"], django_capture_on_commit_callbacks)
    assert (good.status, good.listings_found) == ("succeeded", 2)

    site.serve("/Resident/public/rentals", "<h1>Service Unavailable</h1>", status=503)
    failed = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    followed = f"{origin}/Resident/public/rentals?hidenav=true"
    assert failed.status == "failed"
    assert f"load from {followed}, which could not be read" in failed.error and "HTTP 503" in failed.error
    assert "nothing was changed" in failed.error
    assert sorted(Rental.objects.filter(status="available").values_list("address", flat=True)) == [
        "12 Larch St", "902 Hawthorne Ave - 2"
    ]

    body = api_client.post("/api/rentals/sources/preview", {"website_url": site.url("/rentals.html")},
                           format="json").json()
    assert [(listing["address"], listing["found_by"]) for listing in body["listings"]] == [("12 Larch St", ["jsonld"])]
    assert len(body["warnings"]) == 1 and followed in body["warnings"][0]
    assert ScrapeRun.objects.filter(status="failed").count() == 1


def test_a_followed_address_that_is_not_there_is_a_warning_and_the_pages_own_rentals_stand(
    site, api_client, django_capture_on_commit_callbacks
):
    """A 404 is no source (a community site without the platform's data callback): the run
    succeeds with the page's own listings and says which address gave nothing."""
    origin = site.url("/").rstrip("/")
    site.serve("/rentals.html", manager_page(
        f'<iframe src="{origin}/Resident/public/rentals?hidenav=true"></iframe>', own=HOME_OF_ITS_OWN
    ))
    site.serve("/Resident/public/rentals", "<h1>Not Found</h1>", status=404)
    source = add_source(api_client, site.url("/rentals.html"))

    run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)

    followed = f"{origin}/Resident/public/rentals?hidenav=true"
    assert (run.status, run.listings_found) == ("succeeded", 1)
    assert len(run.warnings) == 1 and followed in run.warnings[0] and "HTTP 404" in run.warnings[0]
    assert list(Rental.objects.values_list("address", flat=True)) == ["12 Larch St"]


def test_presets_name_the_platform_addresses_from_the_page():
    """Where the real platforms are: no fetch, only what each preset reads off a page."""
    def sources(platform, text, url="https://www.juniperlane.example/rentals"):
        source = PageSource(text, url)
        preset = presets.detect(source)
        assert preset.name == platform
        return preset.listing_sources(source)

    search = "https://secure.rently.com/api/properties/searchQuery?pc=1&managerID={}"
    assert sources("rently", manager_page('<iframe src="https://u5521.rently.com/propertiesSearch2"></iframe>')) == [
        search.format(5521)
    ]
    assert sources("rently", "<html><body><div id=app></div></body></html>",
                   "https://u7310.rently.com/propertiesSearch2") == [search.format(7310)]
    assert sources("appfolio", manager_page(
        '<script src="//juniperlane.appfolio.com/javascripts/listing.js"></script>'
        "<script>Appfolio.Listing({hostUrl: 'juniperlane.appfolio.com'});</script>"
    )) == ["https://juniperlane.appfolio.com/listings"]
    assert sources("appfolio", manager_page(
        '<script src="//juniperlane.appfolio.com/javascripts/listing.js"></script>'
    )) == ["https://juniperlane.appfolio.com/listings"]
    assert sources("buildium", manager_page(
        '<iframe src="https://juniper.managebuilding.com/Resident/public/rentals?hidenav=true"></iframe>'
    )) == ["https://juniper.managebuilding.com/Resident/public/rentals?hidenav=true"]
    assert sources("showmojo", manager_page(
        '<iframe src="https://showmojo.com/0c4e9a7b21/listings/mapsearch"></iframe>'
        '<iframe src="https://showmojo.com/widgets/schedule"></iframe>'
    )) == ["https://showmojo.com/0c4e9a7b21/listings/mapsearch"]
    assert sources("realpage", manager_page('<script src="https://cs-cdn.realpage.com/cws/js/site.js"></script>'),
                   "https://www.astercommons.example/floor-plans.aspx") == [
        "https://www.astercommons.example/CmsSiteManager/callback.aspx"
        "?act=Proxy/GetUnits&available=true&honordisplayorder=true"
    ]
    # Propertyware's widget answer was never seen: recognised, nothing followed.
    assert sources("propertyware", manager_page(
        '<script src="https://app.propertyware.com/pw/website/widgets/config.jsp?wid=27"></script>'
    )) == []
    # An embed's address that is no web address is not followed.
    assert sources("buildium", manager_page(
        '<iframe src="javascript:void(0)//Resident/public/rentals"></iframe>'
    )) == []


def test_scrape_explain_follows_where_a_widgets_listings_load_from(site):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("scrape", explain=appfolio_site(site), stdout=out)

    text = out.getvalue()
    assert "Platform detected: appfolio" in text
    assert f"Its listings load from: {site.url('/listings')}" in text
    assert "Merged: 2 rentals" in text and "Quince Street duplex" in text


def test_a_followed_address_too_slow_to_answer_fails_the_run_instead_of_dropping_its_rentals(
    api_client, settings, django_capture_on_commit_callbacks
):
    """Out of time is not "not there": the run stops and changes nothing, as for a 5xx."""
    from testsupport.fakes.listing_site import DrippingSite

    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    settings.SCRAPER_DOWNLOAD_DEADLINE_SECONDS = 1.5
    site = DrippingSite()
    try:
        site.pages["/rentals.html"] = manager_page(
            f'<iframe src="{site.url("/Resident/public/rentals")}"></iframe>', own=HOME_OF_ITS_OWN
        )
        source = add_source(api_client, site.url("/rentals.html"))

        run = scrape(api_client, source["id"], django_capture_on_commit_callbacks)
    finally:
        site.close()

    assert run.status == "failed"
    assert "took longer than 1.5 s" in run.error and "nothing was changed" in run.error
    assert not Rental.objects.exists()


def test_a_host_name_no_dns_can_carry_is_refused_not_a_server_error(api_client):
    label = "a" * 300
    response = api_client.post("/api/rentals/sources/preview", {"website_url": f"http://{label}.com/"}, format="json")
    assert response.status_code in (200, 400)
    assert response.status_code == 400 or "could not be found" in response.json()["warnings"][0]
