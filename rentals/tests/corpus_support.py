"""The scraping corpus (rentals/tests/corpus/): load a page with its hand label, scrape it with
the default config and score what was found against the label.

A label (`<name>.json`) names the URL the page is parsed as, the platform preset that should
detect it (or null) and every rental on the page with the fields the page shows. Dates are
ISO dates, or "today" for a page that says "Available now"; pages are parsed as of `TODAY`
so that a date without a year ("Available Oct 1") always means the same day.
"""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urldefrag

from rentals.scraping import presets
from rentals.scraping.normalize import normalize_listing
from rentals.scraping.parse import PageSource, parse_page
from rentals.scraping.values import clean_text

CORPUS = Path(__file__).parent / "corpus"
TODAY = datetime.date(2026, 8, 3)


@dataclass
class CorpusPage:
    name: str
    text: str
    url: str
    platform: str | None
    labels: list


@dataclass
class Score:
    """How a scrape of one page compares with its label."""

    page: str
    labelled: int
    found: int
    matched: int
    fields_labelled: int = 0
    fields_right: int = 0
    missing: list = field(default_factory=list)  # labels nothing was found for
    unexpected: list = field(default_factory=list)  # listings no label asks for
    wrong: list = field(default_factory=list)  # (label key, field, expected, found)

    @property
    def recall(self):
        return self.matched / self.labelled if self.labelled else 1.0

    @property
    def precision(self):
        return self.matched / self.found if self.found else 1.0

    @property
    def field_accuracy(self):
        return self.fields_right / self.fields_labelled if self.fields_labelled else 1.0

    @property
    def perfect(self):
        return not (self.missing or self.unexpected or self.wrong)

    def explain(self):
        lines = [f"{self.page}: {self.matched}/{self.labelled} found, {self.found} scraped"]
        lines += [f"  missing: {label}" for label in self.missing]
        lines += [f"  unexpected: {listing}" for listing in self.unexpected]
        lines += [f"  {key}: {name} expected {want!r}, found {got!r}" for key, name, want, got in self.wrong]
        return "\n".join(lines)


def page_names(prefixes=None):
    """The corpus pages (names without extension) that have a label, optionally by prefix."""
    names = sorted(path.stem for path in CORPUS.glob("*.html") if path.with_suffix(".json").exists())
    prefixes = tuple(prefixes or ())
    return [name for name in names if name.startswith(prefixes)] if prefixes else names


def load_page(name):
    label = json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))
    return CorpusPage(
        name=name,
        text=(CORPUS / f"{name}.html").read_text(encoding="utf-8"),
        url=label["url"],
        platform=label.get("platform"),
        labels=label.get("listings", []),
    )


def scrape(page, settings=None):
    """The page parsed as the label's URL with the default (empty) config."""
    return parse_page(page.text, url=page.url, settings=settings, today=TODAY)


def preset_listings(page):
    """What the page's platform preset alone finds, normalised (no other extractor, no merge)."""
    preset = presets.detect(PageSource(page.text, page.url), forced=page.platform)
    if preset is None:
        return []
    normalised = (
        normalize_listing(raw, base_url=page.url, today=TODAY, make_id=False)
        for raw in preset.extract(PageSource(page.text, page.url))
    )
    return [listing for listing in normalised if listing is not None]


def _url_key(url):
    return urldefrag(url or "")[0].rstrip("/")


def _address_key(text):
    return clean_text(text).lower()


def _expected(name, value):
    if value is None:
        return None
    if name == "price" or name == "bathrooms":
        return Decimal(str(value))
    if name == "available_from":
        return TODAY if value == "today" else datetime.date.fromisoformat(value)
    if name in ("bedrooms", "square_feet"):
        return int(value)
    if name == "photos":
        return list(value)
    if isinstance(value, bool):
        return value
    return clean_text(value)


def _found(listing, name):
    value = getattr(listing, name)
    if name == "price" and value is not None:
        return Decimal(value).normalize()
    if name == "bathrooms" and value is not None:
        return Decimal(value).normalize()
    return value


def _match(label, listings):
    """The listing a label describes: same URL when the label has one, else same external id,
    else same street address, else same title (an apartment row known only by its number)."""
    for name, spell in (
        ("url", _url_key),
        ("external_id", clean_text),
        ("address", _address_key),
        ("title", _address_key),
    ):
        if label.get(name):
            key = spell(label[name])
            return (name, key), next((item for item in listings if spell(getattr(item, name)) == key), None)
    return ("", ""), None


def score_page(page, listings):
    """Match each label to a scraped listing and compare every field the label names."""
    result = Score(page=page.name, labelled=len(page.labels), found=len(listings), matched=0)
    unmatched = list(listings)
    for label in page.labels:
        key, match = _match(label, unmatched)
        if match is None:
            result.missing.append(label)
            continue
        unmatched.remove(match)
        result.matched += 1
        for name, value in label.items():
            if name == "url":
                continue
            expected = _expected(name, value)
            if isinstance(expected, Decimal):
                expected = expected.normalize()
            found = _found(match, name)
            result.fields_labelled += 1
            if expected == found:
                result.fields_right += 1
            else:
                result.wrong.append((key[1], name, expected, found))
    result.unexpected = [
        {"url": item.url, "address": item.address, "title": item.title, "price": item.price} for item in unmatched
    ]
    return result


def score(name, settings=None):
    """Load, scrape and score one corpus page."""
    page = load_page(name)
    return score_page(page, scrape(page, settings).listings)
