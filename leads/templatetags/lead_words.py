"""How leads and their viewings are shown: status badges and what a renter wants, in words."""

from django import template

from core import clock
from core.templatetags.leaseline import money

register = template.Library()

# The page kit's badge colours: blue while in progress, green for good news, red for bad.
LEAD_BADGES = {
    "new": "queued",
    "contacted": "queued",
    "viewing_booked": "booked",
    "viewed": "ok",
    "applied": "ok",
    "leased": "ok",
    "lost": "bad",
}
VIEWING_BADGES = {"booked": "booked", "attended": "ok", "no_show": "bad", "cancelled": "cancelled"}
MESSAGE_BADGES = {"sent": "ok", "failed": "bad", "queued": "queued", "skipped": "local"}


@register.filter
def lead_badge(status):
    return f"badge-{LEAD_BADGES.get(status, 'local')}"


@register.filter
def viewing_badge(status):
    return f"badge-{VIEWING_BADGES.get(status, 'local')}"


@register.filter
def message_badge(status):
    return f"badge-{MESSAGE_BADGES.get(status, 'local')}"


@register.filter
def lead_wants(lead):
    """ "Up to $1,850 · 2+ bedrooms · moving in Jan 15, 2027 · one cat", or "" when nothing is known."""
    parts = []
    if lead.budget_max is not None:
        parts.append(f"Up to {money(lead.budget_max)}")
    if lead.bedrooms_min is not None:
        parts.append("Studio or larger" if lead.bedrooms_min == 0 else f"{lead.bedrooms_min}+ bedrooms")
    if lead.move_in_date:
        parts.append(f"moving in {clock.short_date_words(lead.move_in_date, year=True)}")
    if lead.pets:
        parts.append(lead.pets)
    return " · ".join(parts)
