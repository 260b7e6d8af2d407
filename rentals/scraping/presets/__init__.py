"""Platform presets: where the listing pages of the platforms property managers use keep
their listings, detected by host or markup, so a pasted URL needs no configuration.

Each preset module defines one `Preset`; `PRESETS` lists them, most specific first.
"""

from . import (
    apartmentlist,
    apartments_com,
    appfolio,
    buildium,
    craigslist,
    entrata,
    propertyware,
    realpage,
    rentcafe,
    rentcom,
    rently,
    rentmanager,
    showmojo,
    streeteasy,
    zillow,
    zumper,
)
from .base import Preset  # noqa: F401

PRESETS = (
    # Listing sites, recognised by their own host (or markup only they use).
    zillow.PRESET,
    craigslist.PRESET,
    streeteasy.PRESET,
    apartments_com.PRESET,
    rentcom.PRESET,
    zumper.PRESET,
    apartmentlist.PRESET,
    # Property-manager platforms: those read from their own listing markup first; those whose
    # listings load in the browser (recognised, little or nothing to read) last.
    appfolio.PRESET,
    buildium.PRESET,
    rentcafe.PRESET,
    entrata.PRESET,
    rentmanager.PRESET,
    showmojo.PRESET,
    realpage.PRESET,
    rently.PRESET,
    propertyware.PRESET,
)
PRESET_NAMES = tuple(preset.name for preset in PRESETS)
# How a manager knows each platform.
PLATFORM_LABELS = {
    "appfolio": "AppFolio",
    "buildium": "Buildium",
    "rentcafe": "RENTCafe",
    "entrata": "Entrata",
    "rentmanager": "Rent Manager",
    "realpage": "RealPage",
    "propertyware": "Propertyware",
    "showmojo": "ShowMojo",
    "rently": "Rently",
    "zillow": "Zillow",
    "craigslist": "Craigslist",
    "streeteasy": "StreetEasy",
    "apartments_com": "Apartments.com",
    "rentcom": "Rent.com",
    "zumper": "Zumper",
    "apartmentlist": "Apartment List",
}


def detect(page, *, forced=None):
    """The preset for this page (`forced` names one), or None."""
    if forced:
        return next((preset for preset in PRESETS if preset.name == forced), None)
    # Hosts first (cheap and sure), then markup.
    return next((preset for preset in PRESETS if preset.matches_host(page)), None) or next(
        (preset for preset in PRESETS if preset.matches_markup(page)), None
    )
