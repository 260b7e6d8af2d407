"""Words a manager reads for what the scraper did."""
from django import template

register = template.Library()

EXTRACTOR_LABELS = {
    "css": "your selectors",
    "jsonld": "structured data",
    "embedded_json": "page data",
    "cards": "listing cards",
}
PLATFORM_LABELS = {
    "appfolio": "AppFolio", "buildium": "Buildium", "rentcafe": "RENTCafe", "entrata": "Entrata",
    "rentmanager": "Rent Manager", "realpage": "RealPage", "propertyware": "Propertyware",
    "showmojo": "ShowMojo", "rently": "Rently", "zillow": "Zillow", "craigslist": "Craigslist",
    "streeteasy": "StreetEasy", "apartments_com": "Apartments.com", "rentcom": "Rent.com",
    "zumper": "Zumper", "apartmentlist": "Apartment List",
}


@register.filter
def extractor_label(name):
    """"preset:appfolio" -> "AppFolio layout"; "jsonld" -> "structured data"."""
    name = str(name)
    if name.startswith("preset:"):
        platform = name.split(":", 1)[1]
        return f"{PLATFORM_LABELS.get(platform, platform.replace('_', ' ').title())} layout"
    return EXTRACTOR_LABELS.get(name, name)
