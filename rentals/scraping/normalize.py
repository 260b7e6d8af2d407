"""A listing as a scrape found it (raw strings, numbers and schema.org dicts from an extractor)
normalised to a Listing: the values a Rental stores, or nothing when nothing identifies it.
"""

import datetime
import hashlib
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from .addresses import split_address
from .links import absolute_url, photo_urls
from .values import (
    clean_text,
    parse_bathrooms,
    parse_bedrooms,
    parse_currency,
    parse_date,
    parse_pets,
    parse_price,
    parse_square_feet,
    scalar,
)


@dataclass
class Listing:
    """One rental as a scrape found it, normalised to Rental's fields."""

    external_id: str
    url: str = ""
    title: str = ""
    address: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    price: Decimal | None = None
    currency: str = "USD"
    bedrooms: int | None = None
    bathrooms: Decimal | None = None
    square_feet: int | None = None
    available_from: datetime.date | None = None
    pets_allowed: bool | None = None
    description: str = ""
    photos: list = field(default_factory=list)

    def as_dict(self):
        return asdict(self)


LISTING_FIELDS = tuple(name for name in Listing.__dataclass_fields__)
TEXT_LIMITS = {"title": 300, "address": 300, "city": 120, "state": 60, "postal_code": 20, "description": 20000}


# Sites write "12/31/9999" (or a year far off) for "no date yet": no move-in is that far ahead.
MAX_MOVE_IN_AHEAD = datetime.timedelta(days=3 * 365)


def _plausible_move_in(date, today):
    return date if date is None or date <= (today or datetime.date.today()) + MAX_MOVE_IN_AHEAD else None


def normalize_listing(raw, *, base_url, today=None, make_id=True):
    """A Listing from raw extracted values (strings, numbers, schema.org dicts), or None when
    there is nothing to identify it by (no id, link, title, address or price).

    With `make_id` false, external_id is only an id the page gave ("" otherwise), so that a
    merge can tell ids a site chose from ids made up here.
    """
    texts = {name: clean_text(raw.get(name), limit) for name, limit in TEXT_LIMITS.items()}
    if texts["address"] and not texts["city"]:
        for key, part in split_address(texts["address"]).items():
            if part and (key == "address" or not texts[key]):
                texts[key] = part[: TEXT_LIMITS[key]]
    price, price_currency = parse_price(raw.get("price"))
    currency = parse_currency(raw.get("currency")) or price_currency or "USD"
    url = absolute_url(raw.get("url"), base_url)
    external_id = clean_text(scalar(raw.get("external_id")), 512)
    if not external_id and make_id:
        external_id = url
    if not external_id and make_id:
        if not (texts["title"] or texts["address"]):
            return None
        # Neither id nor link: the words that name the unit stand for it, price left out so a
        # new price updates the same rental.
        digest = hashlib.sha1(f"{texts['title']}|{texts['address']}|{texts['city']}".lower().encode()).hexdigest()
        external_id = f"sha1:{digest}"
    if not (url or texts["title"] or texts["address"] or price is not None or raw.get("external_id")):
        return None
    return Listing(
        external_id=external_id[:512],
        url=url,
        price=price,
        currency=currency,
        bedrooms=parse_bedrooms(raw.get("bedrooms")),
        bathrooms=parse_bathrooms(raw.get("bathrooms")),
        square_feet=parse_square_feet(raw.get("square_feet")),
        available_from=_plausible_move_in(parse_date(raw.get("available_from"), today=today), today),
        pets_allowed=parse_pets(raw.get("pets_allowed")),
        photos=photo_urls(raw.get("photos"), base_url),
        **texts,
    )
