"""Words a manager reads for what the scraper did."""

from django import template

from rentals.scraping.presets import PLATFORM_LABELS

register = template.Library()

EXTRACTOR_LABELS = {
    "css": "your selectors",
    "jsonld": "structured data",
    "embedded_json": "page data",
    "cards": "listing cards",
}


@register.filter
def extractor_label(name):
    """ "preset:appfolio" -> "AppFolio layout"; "jsonld" -> "structured data"."""
    name = str(name)
    if name.startswith("preset:"):
        platform = name.split(":", 1)[1]
        return f"{PLATFORM_LABELS.get(platform, platform.replace('_', ' ').title())} layout"
    return EXTRACTOR_LABELS.get(name, name)


TRIGGER_WORDS = {"manual": "started by you", "schedule": "on schedule"}


@register.filter
def trigger_words(trigger):
    """How a run started, in words ("manual" -> "started by you")."""
    return TRIGGER_WORDS.get(str(trigger), "")
