"""Words a manager reads for what the scraper did."""

from django import template

from rentals.forms import INTERVAL_CHOICES
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


def _every(count, unit):
    return f"Every {unit}" if count == 1 else f"Every {count} {unit}s"


@register.filter
def schedule_words(minutes):
    """1440 -> "Every day", as the source form says it; other intervals in the largest whole unit."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    named = dict(INTERVAL_CHOICES)
    if minutes in named:
        return str(named[minutes])
    for size, unit in ((10080, "week"), (1440, "day"), (60, "hour")):
        if minutes >= size and minutes % size == 0:
            return _every(minutes // size, unit)
    return _every(minutes, "minute")


TRIGGER_WORDS = {"manual": "started by you", "schedule": "on schedule"}


@register.filter
def trigger_words(trigger):
    """How a run started, in words ("manual" -> "started by you")."""
    return TRIGGER_WORDS.get(str(trigger), "")
