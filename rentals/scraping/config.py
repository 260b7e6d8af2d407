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
from dataclasses import dataclass

from . import presets
from .css import selector_error
from .errors import InvalidUrlError
from .netguard import normalize_website_url
from .normalize import LISTING_FIELDS
from .values import UNSTORABLE_TEXT

STRATEGIES = ("auto", "jsonld", "css")
KNOWN_KEYS = (
    "strategy", "start_urls", "listing", "page_fields", "defaults", "platform", "next_page", "max_pages",
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
        errors["listing.fields"] = ["Give at least one field, e.g. {\"title\": \"h2::text\"}."]
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


def clean_scraping_config(value, *, allow_private, resolve=True):
    """The config as it will be stored, or ScrapingConfigError with every problem found.

    `resolve` as for normalize_website_url: whether start_urls' hosts are looked up now.
    """
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ScrapingConfigError(["Must be a JSON object."])
    if _holds_unstorable_text(value):
        raise ScrapingConfigError(["Text in the configuration cannot contain NUL characters or unpaired surrogates."])
    errors, cleaned = {}, {}
    for key in value:
        if key not in KNOWN_KEYS:
            errors.setdefault(key, []).append(f"Unknown key; use {', '.join(KNOWN_KEYS)}.")

    if "strategy" in value:
        if value["strategy"] not in STRATEGIES:
            errors["strategy"] = [f"Use one of: {', '.join(STRATEGIES)}."]
        cleaned["strategy"] = value["strategy"]

    if "start_urls" in value:
        urls = value["start_urls"]
        if not isinstance(urls, list) or not urls or not all(isinstance(url, str) for url in urls):
            errors["start_urls"] = ["Must be a list of web addresses."]
        elif len(urls) > MAX_START_URLS:
            errors["start_urls"] = [f"At most {MAX_START_URLS} addresses."]
        else:
            cleaned["start_urls"] = []
            for position, url in enumerate(urls, start=1):
                try:
                    url = normalize_website_url(url, allow_private=allow_private, resolve=resolve)
                    cleaned["start_urls"].append(url)
                except InvalidUrlError as exc:
                    errors.setdefault("start_urls", []).append(f"#{position}: {exc}")

    if "listing" in value:
        cleaned["listing"] = _clean_listing(value["listing"], errors)
    if value.get("strategy") == "css" and not (
        isinstance(value.get("listing"), dict) and value["listing"].get("item")
    ):
        errors.setdefault("listing", []).append("The css strategy needs listing.item and listing.fields.")

    if "next_page" in value:
        _check_selector(errors, "next_page", value["next_page"])
        cleaned["next_page"] = value["next_page"]

    if "max_pages" in value:
        pages = value["max_pages"]
        if isinstance(pages, bool) or not isinstance(pages, int) or not 1 <= pages <= MAX_PAGES_LIMIT:
            errors["max_pages"] = [f"Must be a whole number from 1 to {MAX_PAGES_LIMIT}."]
        cleaned["max_pages"] = pages

    if "page_fields" in value:
        cleaned["page_fields"] = _clean_page_fields(value["page_fields"], errors)
    if "defaults" in value:
        cleaned["defaults"] = _clean_defaults(value["defaults"], errors)
    if "platform" in value:
        if value["platform"] not in presets.PRESET_NAMES:
            errors["platform"] = [f"Use one of: {', '.join(presets.PRESET_NAMES)}."]
        cleaned["platform"] = value["platform"]

    if "follow_details" in value:
        if not isinstance(value["follow_details"], bool):
            errors["follow_details"] = ["Must be true or false."]
        cleaned["follow_details"] = value["follow_details"]

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
