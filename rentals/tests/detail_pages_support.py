"""Managers' sites made up for the tests of listings' own pages: a grid of links without rents
(WordPress, Squarespace, Wix, hand-made) and each listing's own page, from
rentals/tests/pages/detail_*.html."""

from string import Template

from rentals.tests.test_scraping import rentals
from testsupport.fakes.listing_site import page_text

WORDPRESS_FACTS = {
    "1918-harris-st-unit-b": (
        "Harris Street Duplex, Unit B",
        '<ul class="property-facts"><li>Rent: $1,450/mo</li><li>2 Bed</li><li>1.5 Bath</li><li>850 sq ft</li></ul>'
        '<p class="property-address"><strong>Address:</strong> 1918 Harris St Unit B, Eugene, OR 97405</p>',
    ),
    # A listings plugin's JSON-LD says the rent; the text's icon row says the rooms again.
    "the-juniper-loft": (
        "The Juniper Loft",
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Apartment",'
        ' "name": "The Juniper Loft", "numberOfBedrooms": 1, "numberOfBathroomsTotal": 1,'
        ' "floorSize": {"@type": "QuantitativeValue", "value": 720, "unitCode": "FTK"},'
        ' "address": {"@type": "PostalAddress", "streetAddress": "211 Olive St #4", "addressLocality": "Eugene",'
        ' "addressRegion": "OR", "postalCode": "97401"},'
        ' "offers": {"@type": "Offer", "price": 1625, "priceCurrency": "USD"}}</script>'
        '<p class="icons"><span>1 bd</span> &middot; <span>1 ba</span></p>',
    ),
    "740-w-14th-ave": (
        "Craftsman on West 14th",
        '<dl class="details"><dt>Monthly Rent</dt><dd>$2,100</dd><dt>Bedrooms</dt><dd>3</dd>'
        "<dt>Bathrooms</dt><dd>2</dd><dt>Square Feet</dt><dd>1,480</dd></dl>"
        "<address>740 W 14th Ave, Eugene, OR 97402</address>",
    ),
    # Not open yet: no rent, no rooms. The header's promotion, the deposit, the agent's office
    # and the similar properties on the page are not this listing's.
    "cascade-court-3": ("Cascade Court #3", "<p>Coming soon! Join the waitlist for this one.</p>"),
}
SQUARESPACE_FACTS = {
    "cedar-cottage": (
        "Cedar Cottage",
        "<h3>$1,650 / month</h3><p>3 Beds | 2 Baths | 1,200 sq ft</p><p>2245 NW Arthur Cir, Corvallis, OR 97330</p>",
    ),
    "the-quince-duplex": (
        "The Quince Duplex",
        "<p><strong>Rent:</strong> $1,395</p><p>2 bd / 1 ba</p>"
        "<p><strong>Address:</strong></p><p>415 Quince St, Corvallis, OR 97330</p>",
    ),
}
WIX_FACTS = {
    "maple-street-bungalow": (
        "Maple Street Bungalow",
        '<div class="wixui-rich-text"><p class="font_8">$1,275/mo</p>'
        '<p class="font_8">2 Bedrooms</p><p class="font_8">1 Bath</p>'
        '<p class="font_8">Address: 88 Maple St, Albany, OR 97321</p></div>',
    ),
    "downtown-studio": (
        "Downtown Studio",
        '<div class="wixui-rich-text"><p class="font_8">Studio</p>'
        '<p class="font_8">Rent</p><p class="font_8">$995</p></div>',
    ),
}
HANDMADE_UNITS = {
    "12": ("Unit 4 - One Bedroom", "Rent $1,050 per month. 1 bedroom, 1 bath.", "2210 Onyx St Apt 4, Eugene OR 97403"),
    "17": ("Unit 7 - Two Bedroom", "Rent $1,325 per month. 2 bedrooms, 1 bath.", "2210 Onyx St Apt 7, Eugene OR 97403"),
    "19": ("Unit 9 - Studio", "Rent $875 per month.<br>Studio, 1 bath.", "2210 Onyx St Apt 9, Eugene OR 97403"),
}


def wordpress_site(site):
    item = Template(page_text("detail_wordpress_property.html"))
    for number, (slug, (title, facts)) in enumerate(WORDPRESS_FACTS.items(), start=300):
        site.serve(f"/property/{slug}/", item.substitute(title=title, slug=slug, postid=number, facts=facts))
    site.serve("/fernhill/rentals/", page_text("detail_wordpress_grid.html"))
    return site.url("/fernhill/rentals/")


def squarespace_site(site):
    item = Template(page_text("detail_squarespace_item.html"))
    for slug, (title, facts) in SQUARESPACE_FACTS.items():
        site.serve(f"/homes/{slug}", item.substitute(title=title, slug=slug, facts=facts))
    site.serve("/homes", page_text("detail_squarespace_grid.html"))
    return site.url("/homes")


def wix_site(site):
    item = Template(page_text("detail_wix_item.html"))
    for slug, (title, facts) in WIX_FACTS.items():
        site.serve(f"/rentals-1/{slug}", item.substitute(title=title, slug=slug, facts=facts))
    site.serve("/rentals", page_text("detail_wix_grid.html"))
    return site.url("/rentals")


def handmade_site(site):
    item = Template(page_text("detail_handmade_unit.html"))
    pages = {
        number: item.substitute(title=title, facts=facts, address=address)
        for number, (title, facts, address) in HANDMADE_UNITS.items()
    }

    def details(request):
        from werkzeug import Response

        body = pages.get(request.args.get("listing", ""))
        return Response(body or "<h1>Not found</h1>", status=200 if body else 404, content_type="text/html")

    site.routes["/onyx/details.php"] = details
    site.serve("/onyx/vacancies.html", page_text("detail_handmade_table.html"))
    return site.url("/onyx/vacancies.html")


def by_title(client):
    return {rental["title"]: rental for rental in rentals(client).values()}
