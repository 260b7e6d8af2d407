"""Propertyware's listing widget faked on loopback: a manager's page that sets SID and WID (or
loads the widget's config script), and the JSONP the widget's data calls answer. Every value is
made up, shaped like the answers another product's importer was tested against (see the
preset's docstring)."""

from rentals.tests.listing_sources_support import manager_page

SID, WID = "4410", "27"
WEBSITE_DO = "/pw/marketing/website.do"
WIDGET_SCRIPT = "/pw/website/widgets/js/listings.js"
CONFIG_SCRIPT = f"/pw/website/widgets/config.jsp?wid={WID}"
WIDGET_DIV = f'<div id="pw_listing_widget_{WID}" class="pw-widget"></div>'

# The list: one building described whole, one with only its rent and ZIP, one with its units.
BUILDINGS = [
    {
        "id": 9001,
        "address": "14 Cedar Row",
        "city": "Albany",
        "state": "Oregon",
        "zip": "97321",
        "targetRent": "$1,395.00 / Month",
        "startingRent": "$1,395.00",
        "numberBedrooms": 2,
        "numberBathrooms": "1.5",
        "totalArea": "980",
    },
    {"id": 9002, "zip": "97330", "targetRent": "$1,150.00", "startingRent": "$1,150.00"},
    {"id": 9003, "zip": "97333", "targetRent": "", "startingRent": "$1,600.00"},
]
UNITS = {
    "9002": {
        "id": 9002,
        "postingTitle": "Sunny one bedroom near campus",
        "address": "221 Maple Ave Apt 3",
        "city": "Corvallis",
        "state": "OR",
        "zip": "97330",
        "numberBedrooms": 1,
        "numberBathrooms": "1",
        "totalArea": "640.00",
        "targetRentDescription": '<span class="boldFont">Monthly Rent: </span>$1,150.00',
        "startingRentAmount": "$1,150.00",
        "availableDate": "",
        "availableDateDesc": "Today",
        "petsAllowed": "No",
        "publishedUnits": [],
        "images": [{"highResUrl": "https://images.example-cdn.com/pw/9002/1.jpg"}],
    },
    # A building: its units are asked for one by one.
    "9003": {
        "id": 9003,
        "postingTitle": "Birchwood Court",
        "address": "60 Birch Ct",
        "city": "Philomath",
        "state": "OR",
        "zip": "97370",
        "targetRentDescription": "",
        "images": [],
        "publishedUnits": [{"id": 9301, "name": "A"}, {"id": 9302, "name": "B"}],
    },
    "9301": {
        "id": 9301,
        "postingTitle": "Birchwood Court A",
        "address": "60 Birch Ct Unit A",
        "city": "Philomath",
        "state": "OR",
        "zip": "97370",
        "numberBedrooms": 2,
        "numberBathrooms": "2",
        "totalArea": "800",
        "targetRentDescription": "$2.55 / Sq Ft ($2,040.00 / Month)",
        "availableDate": "09/15/2026",
        "availableDateDesc": "09/15/2026",
        "petsAllowed": "Yes",
        "publishedUnits": [],
        "images": [],
    },
    "9302": {
        "id": 9302,
        "postingTitle": "Birchwood Court B",
        "address": "60 Birch Ct Unit B",
        "city": "Philomath",
        "state": "OR",
        "zip": "97370",
        "numberBedrooms": 3,
        "numberBathrooms": "2",
        "totalArea": "1,120.00",
        "targetRentDescription": "$0.00",
        "startingRentAmount": "$1,975.00",
        "publishedUnits": [],
        "images": [],
    },
}


def widget_answers(buildings=BUILDINGS, units=UNITS, *, page_size=10):
    """What the widget's data call answers for the query's parameters (None: not found)."""

    def answer(args):
        if (args.get("sid"), args.get("wid")) != (SID, WID):
            return None
        if args.get("action") == "l":
            number = int(args.get("pageNumber", "0"))
            chunk = buildings[number * page_size : (number + 1) * page_size]
            return {"buildings": chunk, "unitCount": len(buildings), "pageSize": page_size}
        unit = units.get(args.get("uid", ""))
        return {"unit": unit} if args.get("action") == "u" and unit else None

    return answer


def sid_wid_page(site):
    """A manager's page that sets SID and WID and loads the widget's script from `site`."""
    embed = (
        f'<script src="{site.url(WIDGET_SCRIPT)}"></script>'
        f"<script>var SID = {SID}; var WID = {WID};</script>{WIDGET_DIV}"
    )
    site.serve("/rentals.html", manager_page(embed))
    site.serve(WIDGET_SCRIPT, "/* draws the listings */", content_type="text/javascript")
    return site.url("/rentals.html")


def config_jsp_page(site):
    """A manager's page that only loads the widget's config script, which sets SID and WID."""
    site.serve("/homes.html", manager_page(f'<script src="{site.url(CONFIG_SCRIPT)}"></script>{WIDGET_DIV}'))
    site.serve(
        "/pw/website/widgets/config.jsp",
        f"var SID = {SID};\nvar WID = {WID};\ndocument.write('<div class=\"pw\"></div>');",
        content_type="text/javascript;charset=UTF-8",
    )
    return site.url("/homes.html")


def calls(site):
    """The data calls the site was asked, as (action, pageNumber or uid)."""
    return [
        (request.args.get("action"), request.args.get("pageNumber") or request.args.get("uid"))
        for request, _ in site.server.log
        if request.path == WEBSITE_DO
    ]
