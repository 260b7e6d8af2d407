"""A source's `scraping_config`: validation with field errors, and the settings a crawl uses.

{"strategy": "auto" | "jsonld" | "css",   # auto: every extractor, merged (DESIGN.md)
 "start_urls": ["https://..."],           # default: [website_url]
 "listing": {"item": "div.listing", "fields": {"title": "h2::text", ...}},
 "page_fields": {"address": "footer .address::text"},  # read once per page, fill gaps
 "defaults": {"city": "Austin", "state": "TX"},        # constants that fill gaps
 "platform": "appfolio",                  # force a platform preset (normally detected)
 "next_page": "a.next::attr(href)",
 "max_pages": 20,                         # 1..200
 "follow_details": false}                 # also read each listing's own page
"""

import functools
from dataclasses import dataclass

from . import presets
from .css import selector_error
from .errors import InvalidUrlError
from .netguard import normalize_website_url
from .normalize import LISTING_FIELDS
from .values import UNSTORABLE_TEXT

STRATEGIES = ("auto", "jsonld", "css")
KNOWN_KEYS = (
    "strategy",
    "start_urls",
    "listing",
    "page_fields",
    "defaults",
    "platform",
    "next_page",
    "max_pages",
    "follow_details",
)
# Fields a page-wide selector or a constant may fill; a listing's own link and id never.
FILLABLE_FIELDS = tuple(name for name in LISTING_FIELDS if name not in ("external_id", "url"))
MAX_DEFAULT_LENGTH = 300
DEFAULT_MAX_PAGES = 20
MAX_PAGES_LIMIT = 200
MAX_START_URLS = 20


class ScrapingConfigError(ValueError):
    """`detail` is {"path": ["message", ...]} or, when the config is not an object, a list."""

    def __init__(self, detail):
        super().__init__(str(detail))
        self.detail = detail


@dataclass(frozen=True)
class CrawlSettings:
    strategy: str = "auto"
    start_urls: tuple = ()
    listing: dict | None = None
    next_page: str | None = None
    max_pages: int = DEFAULT_MAX_PAGES
    follow_details: bool = False
    page_fields: dict | None = None
    defaults: dict | None = None
    platform: str | None = None


def _check_selector(errors, path, query):
    problem = selector_error(query)
    if problem:
        errors.setdefault(path, []).append(problem)


def _clean_listing(listing, errors):
    if not isinstance(listing, dict):
        errors["listing"] = ['Must be an object: {"item": "<selector>", "fields": {...}}.']
        return None
    for key in listing:
        if key not in ("item", "fields"):
            errors.setdefault("listing", []).append(f"Unknown key {key!r}; use item and fields.")
    _check_selector(errors, "listing.item", listing.get("item"))
    fields = listing.get("fields", {})
    if not isinstance(fields, dict) or not fields:
        errors["listing.fields"] = ["Give at least one field selector, such as h2::text for the title."]
        return None
    for name, query in fields.items():
        if name not in LISTING_FIELDS:
            errors.setdefault(f"listing.fields.{name}", []).append(
                f"Unknown field; use one of: {', '.join(LISTING_FIELDS)}."
            )
        else:
            _check_selector(errors, f"listing.fields.{name}", query)
    return {"item": listing.get("item"), "fields": dict(fields)}


def _holds_unstorable_text(value):
    """Whether any key or string in a JSON value holds what PostgreSQL cannot store."""
    pending = [value]  # a loop, not recursion: however deep the JSON, this cannot overflow
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str) and UNSTORABLE_TEXT.search(item):
            return True
    return False


def _clean_page_fields(page_fields, errors):
    if not isinstance(page_fields, dict):
        errors["page_fields"] = ['Must be an object: {"address": "footer .address::text"}.']
        return None
    for name, query in page_fields.items():
        if name not in FILLABLE_FIELDS:
            errors.setdefault(f"page_fields.{name}", []).append(f"Use one of: {', '.join(FILLABLE_FIELDS)}.")
        else:
            _check_selector(errors, f"page_fields.{name}", query)
    return dict(page_fields)


def _clean_defaults(defaults, errors):
    if not isinstance(defaults, dict):
        errors["defaults"] = ['Must be an object: {"city": "Austin", "state": "TX"}.']
        return None
    for name, constant in defaults.items():
        if name not in FILLABLE_FIELDS:
            errors.setdefault(f"defaults.{name}", []).append(f"Use one of: {', '.join(FILLABLE_FIELDS)}.")
        elif not isinstance(constant, (str, int, float, bool)) or len(str(constant)) > MAX_DEFAULT_LENGTH:
            errors.setdefault(f"defaults.{name}", []).append(
                f"Must be a word, number or true/false of at most {MAX_DEFAULT_LENGTH} characters."
            )
    return dict(defaults)


def _clean_strategy(strategy, errors):
    if strategy not in STRATEGIES:
        errors["strategy"] = [f"Use one of: {', '.join(STRATEGIES)}."]
    return strategy


def _clean_start_urls(urls, errors, *, allow_private, resolve):
    if not isinstance(urls, list) or not urls or not all(isinstance(url, str) for url in urls):
        errors["start_urls"] = ["Must be a list of web addresses."]
        return None
    if len(urls) > MAX_START_URLS:
        errors["start_urls"] = [f"At most {MAX_START_URLS} addresses."]
        return None
    cleaned = []
    for position, url in enumerate(urls, start=1):
        try:
            cleaned.append(normalize_website_url(url, allow_private=allow_private, resolve=resolve))
        except InvalidUrlError as exc:
            errors.setdefault("start_urls", []).append(f"#{position}: {exc}")
    return cleaned


def _check_css_has_listing(value, errors):
    if value.get("strategy") == "css" and not (isinstance(value.get("listing"), dict) and value["listing"].get("item")):
        errors.setdefault("listing", []).append(
            "The css strategy needs the element around each listing and at least one field selector."
        )


def _clean_next_page(query, errors):
    _check_selector(errors, "next_page", query)
    return query


def _clean_max_pages(pages, errors):
    if isinstance(pages, bool) or not isinstance(pages, int) or not 1 <= pages <= MAX_PAGES_LIMIT:
        errors["max_pages"] = [f"Must be a whole number from 1 to {MAX_PAGES_LIMIT}."]
    return pages


def _clean_platform(platform, errors):
    if platform not in presets.PRESET_NAMES:
        errors["platform"] = [f"Use one of: {', '.join(presets.PRESET_NAMES)}."]
    return platform


def _clean_follow_details(follow, errors):
    if not isinstance(follow, bool):
        errors["follow_details"] = ["Must be true or false."]
    return follow


# The cleaners of the keys checked after the css strategy's need of a listing selector (the
# order problems are reported in).
_LATER_CLEANERS = (
    ("next_page", _clean_next_page),
    ("max_pages", _clean_max_pages),
    ("page_fields", _clean_page_fields),
    ("defaults", _clean_defaults),
    ("platform", _clean_platform),
    ("follow_details", _clean_follow_details),
)


def _clean_keys(value, cleaners, errors, cleaned):
    for key, clean in cleaners:
        if key in value:
            cleaned[key] = clean(value[key], errors)


def _refuse_unreadable(value):
    if not isinstance(value, dict):
        raise ScrapingConfigError(["Must be a JSON object."])
    if _holds_unstorable_text(value):
        raise ScrapingConfigError(["Text in the configuration cannot contain NUL characters or unpaired surrogates."])


def clean_scraping_config(value, *, allow_private, resolve=True):
    """The config as it will be stored, or ScrapingConfigError with every problem found.

    `resolve` as for normalize_website_url: whether start_urls' hosts are looked up now.
    """
    if value in (None, ""):
        return {}
    _refuse_unreadable(value)
    errors, cleaned = {}, {}
    for key in value:
        if key not in KNOWN_KEYS:
            errors.setdefault(key, []).append(f"Unknown key; use {', '.join(KNOWN_KEYS)}.")
    clean_start_urls = functools.partial(_clean_start_urls, allow_private=allow_private, resolve=resolve)
    _clean_keys(
        value,
        (("strategy", _clean_strategy), ("start_urls", clean_start_urls), ("listing", _clean_listing)),
        errors,
        cleaned,
    )
    _check_css_has_listing(value, errors)
    _clean_keys(value, _LATER_CLEANERS, errors, cleaned)
    if errors:
        raise ScrapingConfigError(errors)
    return cleaned


def crawl_settings(website_url, config):
    """The settings of a crawl from a stored (already validated) config, defaults filled in."""
    config = config or {}
    listing = config.get("listing") or None
    return CrawlSettings(
        strategy=config.get("strategy") or "auto",
        start_urls=tuple(config.get("start_urls") or [website_url]),
        listing=listing if listing and listing.get("item") else None,
        next_page=config.get("next_page") or None,
        max_pages=config.get("max_pages") or DEFAULT_MAX_PAGES,
        follow_details=bool(config.get("follow_details")),
        page_fields=config.get("page_fields") or None,
        defaults=config.get("defaults") or None,
        platform=config.get("platform") or None,
    )
