"""The presets of the platforms property managers use (AppFolio, Buildium, RENTCafe, Entrata,
Rent Manager, RealPage, Propertyware, ShowMojo, Rently), scored on the corpus pages written in
each platform's markup: with no configuration a page gives exactly its labelled rentals, and
each preset recognises its own platform's pages and no other page.
"""

import dataclasses
from decimal import Decimal

import pytest

from rentals.scraping import presets
from rentals.scraping.normalize import normalize_listing
from rentals.scraping.parse import PageSource, parse_page
from rentals.tests import corpus_support
from testsupport.fakes.listing_site import PAGES

MANAGER_PLATFORMS = (
    "appfolio",
    "buildium",
    "rentcafe",
    "entrata",
    "rentmanager",
    "realpage",
    "propertyware",
    "showmojo",
    "rently",
)
MANAGER_PAGES = corpus_support.page_names(f"{platform}_" for platform in MANAGER_PLATFORMS)
MANAGER_PRESETS = [preset for preset in presets.PRESETS if preset.name in MANAGER_PLATFORMS]


def _preset_findings(text, url):
    """What the preset detected for a page finds there, normalised, before any merge."""
    source = PageSource(text, url)
    raws = presets.detect(source).extract(source)
    found = (normalize_listing(raw, base_url=url, today=corpus_support.TODAY) for raw in raws)
    return [listing for listing in found if listing is not None]


def _page(name):
    page = corpus_support.load_page(name)
    return page, PageSource(page.text, page.url)


def test_every_manager_platform_has_a_preset_and_corpus_pages():
    assert sorted(preset.name for preset in MANAGER_PRESETS) == sorted(MANAGER_PLATFORMS)
    platforms = {corpus_support.load_page(name).platform for name in MANAGER_PAGES}
    assert platforms == set(MANAGER_PLATFORMS)


@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_the_run_counts_the_preset_findings(name):
    page, _ = _page(name)

    parsed = corpus_support.scrape(page)

    assert parsed.extracted_by.get(f"preset:{page.platform}") == len(page.labels)


@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_detection_picks_the_page_platform(name):
    page, source = _page(name)

    preset = presets.detect(source)

    assert preset is not None and preset.name == page.platform


@pytest.mark.parametrize("name", corpus_support.page_names())
def test_a_manager_preset_recognises_only_its_own_platform_pages(name):
    page, source = _page(name)

    fired = [preset.name for preset in MANAGER_PRESETS if preset.matches(source)]

    assert fired == ([page.platform] if page.platform in MANAGER_PLATFORMS else [])


@pytest.mark.parametrize("fixture", sorted(PAGES.glob("*.html")), ids=lambda path: path.name)
def test_no_manager_preset_fires_on_an_ordinary_site(fixture):
    source = PageSource(fixture.read_text(encoding="utf-8"), "https://maplecourt.example/rentals/")

    assert [preset.name for preset in MANAGER_PRESETS if preset.matches(source)] == []


def test_a_forced_platform_reads_the_page_as_that_platform():
    page, source = _page("appfolio_2")

    assert presets.detect(source, forced="appfolio").name == "appfolio"
    assert presets.detect(source, forced="buildium").name == "buildium"
    assert presets.detect(source, forced="no-such-platform") is None


def test_a_rently_page_that_carries_its_homes_is_read():
    # The shape of Rently's search answer (`property_data`); the content is made up.
    text = """<html><body><div id="app"></div><script>window.__RENTLY__ = {"property_data": [
      {"id": 771204, "title": "3BD | 2BA | $2,150 /mo | Cats OK | 1640 sq ft",
       "address": "118 Laurel Ridge Ct, Mcdonough, Georgia 30253", "city": "Mcdonough",
       "floorplan": {"bedrooms": 3.0, "bathrooms": 2.0, "rent": 2150.0, "size": "1640",
                     "cat": true, "dog": false, "no_pet": false},
       "ready_date_text": "Sep 4, 2026", "picture": "https://images.example-cdn.com/771204/1.jpg",
       "type": "House"},
      {"id": 771388, "title": "Townhome", "address": "42 Brookside Ln, Stockbridge, Georgia 30281",
       "floorplan": {"bedrooms": 2.0, "bathrooms": 2.5, "rent": 1795.0, "size": null,
                     "cat": false, "dog": false, "no_pet": true},
       "ready_date_text": "Now"}
    ]};</script></body></html>"""

    parsed = parse_page(text, url="https://u5521.rently.com/propertiesSearch2", today=corpus_support.TODAY)

    house, townhome = parsed.listings
    assert (house.external_id, house.address, house.city, house.state, house.postal_code) == (
        "771204",
        "118 Laurel Ridge Ct",
        "Mcdonough",
        "GA",
        "30253",
    )
    assert (house.price, house.bedrooms, house.bathrooms, house.square_feet) == (
        Decimal("2150.00"),
        3,
        Decimal("2.0"),
        1640,
    )
    assert house.available_from.isoformat() == "2026-09-04" and house.pets_allowed is True
    assert (townhome.bathrooms, townhome.square_feet, townhome.pets_allowed) == (Decimal("2.5"), None, False)
    assert townhome.available_from == corpus_support.TODAY


def test_realpage_plan_cards_are_read_when_the_page_carries_them():
    text = """<html><head><script src="https://cs-cdn.realpage.com/cws/js/site.js"></script></head><body>
      <div class="rpfp-container"><div class="rpfp-cards">
        <div class="rpfp-card"><img class="rpfp-image" data-src="/img/a1.png">
          <div class="rpfp-name">One Bedroom</div><div class="rpfp-beds">1 Bed</div><div class="rpfp-bath">1 Bath</div>
          <div class="rpfp-sqft">566 - 784 Sqft</div><div class="rpfp-rent">$2,100 - $2,120</div>
          <a class="floorplan-action-button" href="#">Check availability</a></div>
        <div class="rpfp-card"><div class="rpfp-name">Two Bedroom</div><div class="rpfp-beds">2 Beds</div>
          <div class="rpfp-bath">2 Baths</div><div class="rpfp-sqft">1,020 Sqft</div>
          <div class="rpfp-rent">Call for pricing</div></div>
      </div></div></body></html>"""

    parsed = parse_page(text, url="https://www.meadowlarkflats.com/floor-plans.aspx", today=corpus_support.TODAY)

    assert len(parsed.listings) == 1  # a plan without a price is not a rental
    plan = parsed.listings[0]
    assert (plan.title, plan.price, plan.bedrooms, plan.bathrooms, plan.square_feet) == (
        "One Bedroom",
        Decimal("2100.00"),
        1,
        Decimal("1.0"),
        566,
    )
    assert plan.url == ""  # "#" is no link of its own


@pytest.mark.parametrize(
    ("platform", "embed"),
    [
        (
            "appfolio",
            '<script src="//acme.appfolio.com/javascripts/listing.js"></script>'
            "<script>Appfolio.Listing({hostUrl: 'acme.appfolio.com', height: '800px'});</script>",
        ),
        ("showmojo", '<iframe src="https://showmojo.com/3f9a1c7e2b/listings/mapsearch" width="100%"></iframe>'),
        ("rently", '<iframe src="https://u5521.rently.com/propertiesSearch2"></iframe>'),
        ("propertyware", '<script src="https://app.propertyware.com/pw/website/widgets/config.jsp?wid=27"></script>'),
    ],
)
def test_a_manager_site_that_embeds_a_platform_is_recognised_and_nothing_is_invented(platform, embed):
    text = f"""<html><body><nav><a href="/">Home</a><a href="/rentals">Rentals</a></nav>
      <h1>Homes for rent</h1><p>Application fee $45. Call (555) 010-2030.</p>{embed}
      <footer>Acme Homes, 12 Main St, Springfield, OR 97477</footer></body></html>"""
    source = PageSource(text, "https://www.acmehomes.example/rentals")

    assert presets.detect(source).name == platform
    assert parse_page(text, url=source.url, today=corpus_support.TODAY).extracted_by[f"preset:{platform}"] == 0


def test_entrata_older_plan_cards_and_unit_roster():
    cards = """<html><head><script src="https://commoncf.entrata.com/Common/js/pp.js"></script></head><body>
      <div class="fp-card">
        <a href="/floorplans/boise-ID/oak-flats/the-oak-2201144-1/"><span class="fp-title">The Oak</span></a>
        <span class="dynamic-text-before">1 Bed / 1 Bath</span><span class="dynamic-text-after">1,006 sq. ft</span>
        <span class="fee-transparency-text">From $1,664 per month</span><span class="lease-term-name">15mo lease</span>
        <span class="availability">Available Sep 1, 2026</span></div>
      <div class="fp-card"><span class="fp-title">The Pine</span><span class="dynamic-text-before">2 Bed / 2 Bath</span>
        <span class="fee-transparency-text">From $2,064 per month</span><span class="availability">Waitlist</span></div>
    </body></html>"""
    roster = """<html><head><script src="https://commoncf.entrata.com/Common/js/pp.js"></script></head><body>
      <div class="unit-item"><div class="unit-title">Apartment 2-104</div>
        <div class="unit-bed-bath">1 Bed,&nbsp1 Bath,&nbsp620 SqFt</div><div class="unit-price">$1,415</div>
        <div class="unit-floor-plan">The Oak</div></div>
    </body></html>"""

    plans = _preset_findings(cards, "https://www.oakflats.example/floorplans/")
    units = _preset_findings(roster, "https://www.oakflats.example/availability/")

    assert [
        (plan.title, plan.external_id, plan.price, plan.bedrooms, plan.square_feet, str(plan.available_from))
        for plan in plans
    ] == [("The Oak", "floorplan:2201144", Decimal("1664.00"), 1, 1006, "2026-09-01")]
    assert [(unit.title, unit.price, unit.bedrooms, unit.bathrooms, unit.square_feet) for unit in units] == [
        ("Apartment 2-104", Decimal("1415.00"), 1, Decimal("1.0"), 620)
    ]


def test_a_securecafe_row_without_a_date_cell_takes_the_date_of_its_select_button():
    text = """<html><body><div class="availableunits"><table class="availableUnits">
      <caption>Apartment Details and Selection for Floor Plan: 2 Bed / 1 Bath - Willow</caption>
      <tr class="AvailUnitRow"><td data-label="Apartment">#318</td><td data-label="Sq.Ft.">911</td>
        <td data-label="Rent">$1,880</td>
        <td><input type="button" class="UnitSelect" onclick="ApplyNowClick('7701','88','99','9/12/2026')"></td></tr>
    </table></div></body></html>"""

    (unit,) = _preset_findings(text, "https://willow.securecafe.com/onlineleasing/willow/availableunits.aspx")

    assert (unit.external_id, unit.title, unit.price, unit.bedrooms, unit.bathrooms, unit.square_feet) == (
        "7701",
        "Apartment #318 (Willow)",
        Decimal("1880.00"),
        2,
        Decimal("1.0"),
        911,
    )
    assert unit.available_from.isoformat() == "2026-09-12"


@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_malformed_markup_around_the_listings_changes_nothing(name):
    # lxml refuses to list attributes whose name starts with "{"; a link that is not a URL
    # ("http://[") and quotes in ids must not stop a preset either.
    page = corpus_support.load_page(name)
    odd_blocks = '<a class="featured-listing" href="http://[oops"></a><div class="par-units" id=\'par_"]\'></div>'
    text = page.text.replace(' class="', ' {broken=1 class="').replace("</body>", f"{odd_blocks}</body>")
    broken = dataclasses.replace(page, text=text)

    score = corpus_support.score_page(broken, corpus_support.preset_listings(broken))

    assert score.perfect, score.explain()
