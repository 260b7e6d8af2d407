"""From what a listing page says ("$1,850/mo", "Studio", "1.5 ba", "Available Dec 1") to the
values a Rental stores. Every parser takes a string, a number, a schema.org
QuantitativeValue-like dict or None, and answers None when it cannot tell.
"""

import datetime
import html
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from price_parser import Price

MAX_PRICE = Decimal("99999999.99")
MAX_BEDROOMS = 50
MAX_BATHROOMS = Decimal("50")
MAX_SQUARE_FEET = 1_000_000
SQUARE_FEET_PER_SQUARE_METRE = Decimal("10.7639")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")

_WHITESPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]+>")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CODES = r"\b(?:USD|CAD|EUR|GBP|AUD|MXN)\b"
# One figure of a price, its digits grouped the way the page groups them ("1,850", "1.850 €",
# "1 850 €", "2,5k"); price-parser decides which mark is the decimal one.
_PRICE = re.compile(
    rf"(?P<symbol>[$€£]|{_CODES})?\s*"
    r"(?P<number>\d{1,3}(?P<group>[,.\u00a0 ])\d{3}(?:(?P=group)\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?)"
    rf"(?P<thousands>\s*[kK]\b)?(?:\s*(?P<after>[€£]|{_CODES}))?"
)
# A price that names a deposit or a fee too: only the rent's clause is the rent.
_NOT_RENT = re.compile(r"\b(?:deposit|fees?|application|admin|pet\s+rent|parking|storage)\b", re.IGNORECASE)
_RENT_LABEL = re.compile(r"\b(?:rent|rental\s+rate|price|monthly)\b", re.IGNORECASE)
_PRICE_CLAUSE = re.compile(r"\s*(?:[/|;·•+]|,\s|\band\b)\s*", re.IGNORECASE)
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}
_CURRENCY_CODE = re.compile(r"\b(USD|CAD|EUR|GBP|AUD|MXN)\b", re.IGNORECASE)

_WORD_NUMBERS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_COUNT = r"(\d+(?:\.\d+)?|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
_STUDIO = re.compile(r"\b(studio|efficiency|bachelor)\b", re.IGNORECASE)
_BEDS = re.compile(_COUNT + r"\s*(?:-|–|to)?\s*(?:\d+\s*)?(?:bd|bds|bed|beds|bedrooms?|br|bdrms?|bdr)\b", re.IGNORECASE)
_BATHS = re.compile(
    r"(\d+(?:\.\d+)?(?:\s+1/2|\s*½)?|one|two|three|four|five)\s*(?:-|–|to)?\s*(?:\d+(?:\.\d+)?\s*)?"
    r"(?:ba|bas|bath|baths|bathrooms?|bth|bths)\b",
    re.IGNORECASE,
)
_FULL_HALF = re.compile(r"(\d+)\s*full\D+?(\d+)\s*half", re.IGNORECASE)
_OTHER_UNIT_WORDS = re.compile(
    r"\b(ba|bath|baths|bathrooms?|sq|sqft|sf|ft|feet|bd|beds?|bedrooms?|br)\b", re.IGNORECASE
)
_SQUARE_FEET = re.compile(
    rf"({_NUMBER})\s*(?:-|–|to)?\s*(?:{_NUMBER})?\s*(?:sq\.?\s*ft\.?|sqft|sq\.?\s*feet|square\s+f(?:ee|oo)t|sf|ft²|ft2)",
    re.IGNORECASE,
)
_SQUARE_METRES = re.compile(rf"({_NUMBER})\s*(?:m²|m2|sqm|sq\.?\s*m\b|square\s+met(?:re|er)s?)", re.IGNORECASE)
_FIRST_NUMBER = re.compile(_NUMBER)
_BARE_NUMBER = re.compile(rf"\s*({_NUMBER})\s*(?:(?:-|–|to)\s*(?:{_NUMBER})\s*)?")  # "702" or "702 - 748"

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAME = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_US_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b")
_MONTH_DAY = re.compile(_MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?", re.IGNORECASE)
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_NAME + r"(?:,?\s+(\d{4}))?", re.IGNORECASE)
_NOW = re.compile(r"\b(now|immediate(?:ly)?|today|asap|available)\b", re.IGNORECASE)
_NOT_NOW = re.compile(r"\b(not\s+available|unavailable|leased|rented|waitlist|soon)\b", re.IGNORECASE)
# A date without a year more than this long ago is next year's ("Available Jan 5" in December).
_PAST_GRACE = datetime.timedelta(days=60)

_PETS_NO = re.compile(
    r"\bno\s+(pets?|animals|dogs\s+or\s+cats|cats\s+or\s+dogs)\b|\bpets?\s+(are\s+)?not\s+(allowed|permitted|accepted)"
    r"|\bnot\s+pet[\s-]friendly|\bpets?\s*:\s*(no|none|not allowed)\b|^\s*(no|false|none|n|not allowed)\s*$",
    re.IGNORECASE,
)
_PETS_YES = re.compile(
    r"\bpets?[\s-]friendly|\b(pets?|cats?|dogs?)\s+(are\s+)?(ok|okay|allowed|welcome|permitted|accepted|only)\b"
    r"|\bpets?\s*:\s*(yes|allowed|ok)\b|^\s*(yes|true|y|allowed)\s*$",
    re.IGNORECASE,
)


# PostgreSQL text and jsonb cannot hold a NUL, and a lone surrogate (JSON lets a page write
# "\ud800") cannot be encoded for the database at all.
UNSTORABLE_TEXT = re.compile(r"[\x00\ud800-\udfff]")


def clean_text(value, max_length=None):
    """One line of readable text: HTML tags and entities resolved, whitespace collapsed, and
    nothing PostgreSQL cannot store (UNSTORABLE_TEXT)."""
    if value is None or isinstance(value, (dict, bool)):
        return ""
    if isinstance(value, (list, tuple)):
        value = " ".join(clean_text(item) for item in value)
    text = UNSTORABLE_TEXT.sub("", str(value))
    if "<" in text:
        text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _TAG.sub(" ", text))
    if "&" in text:
        text = html.unescape(text)
    text = _WHITESPACE.sub(" ", text).strip()
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def scalar(value):
    """The value of a schema.org QuantitativeValue / PropertyValue, or the value itself."""
    while isinstance(value, dict):
        value = value.get("value", value.get("@value", value.get("minValue")))
    if isinstance(value, (list, tuple)):
        return scalar(value[0]) if value else None
    return value


def _to_decimal(text):
    try:
        return Decimal(str(text).replace(",", ""))
    except InvalidOperation:
        return None


def _rent_clauses(text):
    """The text with the clauses that name a deposit or a fee left out, the one labelled rent
    alone when there is one: "Deposit $250 / Rent $1,500" is 1,500, "Deposit $500" nothing."""
    if not _NOT_RENT.search(text):
        return text
    kept = [clause for clause in _PRICE_CLAUSE.split(text) if clause and not _NOT_RENT.search(clause)]
    return " / ".join([clause for clause in kept if _RENT_LABEL.search(clause)] or kept)


def _figure(match):
    amount = Price.fromstring(match.group("number")).amount
    if amount is not None and match.group("thousands"):
        amount *= 1000
    return amount


def parse_price(value):
    """(amount, currency) from "$1,850/mo", "1850", "$1,850 - $2,100" (the lowest), 2.1k,
    "1.850 €"; a deposit or fee is never the rent."""
    value = scalar(value)
    if value is None or isinstance(value, bool):
        return None, None
    if isinstance(value, (int, float, Decimal)):
        amount, currency = Decimal(str(value)), None
    else:
        text = _rent_clauses(str(value))
        matches = list(_PRICE.finditer(text))
        with_symbol = [m for m in matches if m.group("symbol") or m.group("after")]
        chosen = with_symbol or matches
        amounts = [amount for amount in map(_figure, chosen) if amount]
        if not amounts:
            return None, None
        amount = min(amounts)
        symbol = next(filter(None, (m.group("symbol") or m.group("after") for m in chosen)), None)
        code = _CURRENCY_CODE.search(text)
        currency = code.group(1).upper() if code else _CURRENCY_SYMBOLS.get(symbol)
    if not amount.is_finite() or amount <= 0 or amount > MAX_PRICE:
        return None, currency
    return amount.quantize(CENT, rounding=ROUND_HALF_UP), currency


def parse_currency(value):
    text = clean_text(scalar(value)).upper()
    return text if re.fullmatch(r"[A-Z]{3}", text) else None


def _count(text):
    text = text.lower()
    if text in _WORD_NUMBERS:
        return Decimal(_WORD_NUMBERS[text])
    if "½" in text or "1/2" in text:
        return _to_decimal(text.replace("½", "").replace("1/2", "").strip() or "0") + Decimal("0.5")
    return _to_decimal(text)


def _room_number(value, *, unit, special=None):
    """The count in "2 bd" / "1.5 baths" (the number before `unit`), or the bare number.

    `special(text)` may answer first ("Studio", "2 full, 1 half"); words for another unit
    ("850 sq ft") give None rather than a wrong count.
    """
    value = scalar(value)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = str(value)
    number = special(text) if special is not None else None
    if number is not None:
        return number
    match = unit.search(text)
    if match:
        return _count(match.group(1))
    if _OTHER_UNIT_WORDS.search(text):
        return None
    first = _FIRST_NUMBER.search(text)
    return _to_decimal(first.group(0)) if first else None


def _within(number, highest):
    return number is not None and number.is_finite() and 0 <= number <= highest


def _studio(text):
    return Decimal(0) if _STUDIO.search(text) else None


def _full_and_half(text):
    full_half = _FULL_HALF.search(text)
    return Decimal(full_half.group(1)) + Decimal(full_half.group(2)) / 2 if full_half else None


def parse_bedrooms(value):
    """Bedrooms as a whole number: "Studio" = 0, "2 bd", "2BR", "1-2 beds" (the lowest), 3."""
    number = _room_number(value, unit=_BEDS, special=_studio)
    return int(number) if _within(number, MAX_BEDROOMS) else None


def parse_bathrooms(value):
    """Bathrooms to the half: "1.5 ba", "1 1/2 baths", "2 full, 1 half" = 2.5, 2."""
    number = _room_number(value, unit=_BATHS, special=_full_and_half)
    return number.quantize(TENTH, rounding=ROUND_HALF_UP) if _within(number, MAX_BATHROOMS) else None


def parse_square_feet(value):
    """Square feet: "850 sq ft", "1,200 SF", "750-900 sqft" (the lowest), "80 m²" converted."""
    unit = ""
    if isinstance(value, dict):
        unit = str(value.get("unitCode") or value.get("unitText") or "").strip().lower()
    value = scalar(value)
    if value is None or isinstance(value, bool):
        return None
    metres = unit in {"mtk", "m2", "m²", "sqm", "square meters", "square metres"}
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    else:
        text = str(value)
        feet = _SQUARE_FEET.search(text)
        metric = None if feet else _SQUARE_METRES.search(text)
        if feet:
            number = _to_decimal(feet.group(1))
        elif metric:
            number, metres = _to_decimal(metric.group(1)), True
        else:
            # Only a bare number (an extractor read it under a size label): "2br -" or "2 bd"
            # name another unit, and a number that is not labelled as square feet is never one.
            bare = _BARE_NUMBER.fullmatch(text)
            number = _to_decimal(bare.group(1)) if bare else None
    if number is None or not number.is_finite():
        return None
    if metres:
        number *= SQUARE_FEET_PER_SQUARE_METRE
    number = int(number.to_integral_value(rounding=ROUND_HALF_UP))
    return number if 0 < number <= MAX_SQUARE_FEET else None


def _date_or_none(year, month, day):
    try:
        return datetime.date(year, month, day)
    except (ValueError, TypeError):
        return None


def _without_year(month, day, today):
    candidate = _date_or_none(today.year, month, day)
    if candidate is not None and candidate < today - _PAST_GRACE:
        candidate = _date_or_none(today.year + 1, month, day)
    return candidate


def _full_year(text):
    year = int(text)
    return year + 2000 if year < 100 else year


def parse_date(value, *, today=None):
    """A date from "2025-12-01", "12/1/2025", "Dec 1", "1 December 2025", "Available now"."""
    today = today or datetime.date.today()
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    value = scalar(value)
    if value is None or isinstance(value, (bool, int, float)):
        return None
    text = str(value)
    match = _ISO_DATE.search(text)
    if match:
        return _date_or_none(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _MONTH_DAY.search(text)
    if match:
        month, day = _MONTHS[match.group(1).lower()], int(match.group(2))
        return _date_or_none(int(match.group(3)), month, day) if match.group(3) else _without_year(month, day, today)
    match = _DAY_MONTH.search(text)
    if match:
        day, month = int(match.group(1)), _MONTHS[match.group(2).lower()]
        return _date_or_none(int(match.group(3)), month, day) if match.group(3) else _without_year(month, day, today)
    match = _US_DATE.search(text)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        if match.group(3):
            return _date_or_none(_full_year(match.group(3)), month, day)
        return _without_year(month, day, today)
    if _NOW.search(text) and not _NOT_NOW.search(text):
        return today
    return None


def parse_pets(value):
    """True for "Pets allowed", "Cats OK", "Pet friendly"; False for "No pets"; else None."""
    value = scalar(value)
    if isinstance(value, bool):
        return value
    if value is None or isinstance(value, (int, float)):
        return None
    text = str(value)
    if _PETS_NO.search(text):
        return False
    if _PETS_YES.search(text):
        return True
    return None
