"""Platform pages and answers for the listing-source tests: a manager's page embedding a platform
(a widget, a frame, a script asking an API) and what each platform serves, all made up, shaped
like the real ones (/tmp/platform-notes.md and the presets' docstrings). The `site` fixture
serves them on loopback."""

import json

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
        {
            "id": 880311,
            "title": "3BD | 2BA | $2,240 /mo | Dogs OK | 1710 sq ft",
            "address": "19 Pecan Hollow Dr, Hampton, Georgia 30228",
            "city": "Hampton",
            "floorplan": {
                "bedrooms": 3.0,
                "bathrooms": 2.0,
                "rent": 2240.0,
                "size": "1710",
                "cat": False,
                "dog": True,
                "no_pet": False,
            },
            "ready_date_text": "Now",
            "picture": "https://images.example-cdn.com/880311/1.jpg",
            "type": "House",
        },
        {
            "id": 880347,
            "title": "Townhome",
            "address": "5 Mill Creek Ln, Locust Grove, Georgia 30248",
            "floorplan": {
                "bedrooms": 2.0,
                "bathrooms": 2.5,
                "rent": 1880.0,
                "size": None,
                "cat": False,
                "dog": False,
                "no_pet": True,
            },
            "ready_date_text": "Now",
            "type": "Townhouse",
        },
    ]
}

# RealPage's GetUnits answer: available and leased units alike (values made up).
REALPAGE_UNITS = {
    "units": [
        {
            "id": "u-3101",
            "unitNumber": "3101",
            "floorplanId": "fp-a",
            "floorplanName": "Aster",
            "numberOfBeds": 1,
            "numberOfBaths": 1.0,
            "squareFeet": 702,
            "rent": 1485,
            "totalRent": "$1,485",
            "leaseStatus": "AVAILABLE_READY",
            "internalAvailableDate": "2026-03-02 00:00 -0600",
            "floorPlanImages": [{"src": "https://img.example-cdn.com/v2/dimg/9/%s/9.png"}],
            "buildingName": "North",
        },
        {
            "id": "u-3204",
            "unitNumber": "3204",
            "floorplanId": "fp-b",
            "floorplanName": "Birch",
            "numberOfBeds": 2,
            "numberOfBaths": 2.0,
            "squareFeet": 1044,
            "rent": 1960,
            "totalRent": "$1,960",
            "leaseStatus": "LEASED",
            "internalAvailableDate": "2026-01-15 00:00 -0600",
        },
        {
            "id": "u-1108",
            "name": "1108",
            "floorplanName": "Birch",
            "numberOfBeds": 2,
            "numberOfBaths": 2.0,
            "squareFeet": 1044,
            "rent": 0,
            "totalRent": "$1,995",
            "leaseStatus": "AVAILABLE_READY",
        },
    ]
}


def serve_json(site, path, value, **options):
    site.serve(path, json.dumps(value), content_type=JSON, **options)


def appfolio_site(site):
    """A manager's page with AppFolio's listings widget, and AppFolio's listing page on loopback."""
    host = site.url("/").split("//", 1)[1].rstrip("/")
    widget = (
        '<script src="//juniperlane.appfolio.com/javascripts/listing.js"></script>'
        f"<script>Appfolio.Listing({{hostUrl: '{host}', themeColor: '#2a6f4e', height: '900px'}});</script>"
    )
    site.serve("/juniper/rentals.html", manager_page(widget))
    site.serve("/listings", APPFOLIO_LISTINGS)
    return site.url("/juniper/rentals.html")


HOME_OF_ITS_OWN = """<script type="application/ld+json">{"@context": "https://schema.org",
  "@type": "SingleFamilyResidence",
  "name": "Featured: 12 Larch St", "numberOfRooms": 3,
  "address": {"@type": "PostalAddress", "streetAddress": "12 Larch St", "addressLocality": "Eugene",
              "addressRegion": "OR", "postalCode": "97401"},
  "offers": {"@type": "Offer", "price": "1995", "priceCurrency": "USD"}}</script>"""
