"""Template helpers for LeaseLine's pages: navigation, money, durations, bedrooms."""

from decimal import Decimal, InvalidOperation

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from core import words

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context, url_name, label):
    """A navigation link, marked current on its own page and the pages below it."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:  # a section whose pages are not mounted is left out of the menu
        return ""
    path = context["request"].path
    current = path == url if url == "/" else path.startswith(url)
    if current:
        return format_html('<a href="{}" class="current" aria-current="page">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)


@register.filter
def money(value, currency="USD"):
    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    symbol = "$" if currency in ("USD", "", None) else f"{currency} "
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{symbol}{text}"


@register.filter
def duration(seconds):
    """95.5 → "1 min 36 s", as every page says a call's length (`core.words.duration_words`)."""
    return words.duration_words(seconds)


@register.filter
def bedrooms(value):
    if value is None:
        return "—"
    return "Studio" if value == 0 else f"{value} bd"


@register.filter
def bathrooms(value):
    if value is None:
        return "—"
    number = Decimal(value).normalize()
    return f"{number:f} ba"


@register.filter
def yes_no_unknown(value):
    return {True: "Yes", False: "No"}.get(value, "Unknown")
