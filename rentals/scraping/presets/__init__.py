"""Platform presets: where the listing pages of the platforms property managers use keep
their listings, detected by host or markup, so a pasted URL needs no configuration.

Each preset module defines one `Preset`; `PRESETS` lists them, most specific first.
"""
from .base import Preset  # noqa: F401

PRESETS = ()
PRESET_NAMES = tuple(preset.name for preset in PRESETS)


def detect(page, *, forced=None):
    """The preset for this page (`forced` names one), or None."""
    if forced:
        return next((preset for preset in PRESETS if preset.name == forced), None)
    return next((preset for preset in PRESETS if preset.matches(page)), None)
