"""Rent and rooms as a listing's words say them ("Rent: $1,850/month", "2 Bed / 1 Bath", "850 sq ft"),
for schema.org listings whose structured facts are missing. Only what is labelled is read."""

import re

from .values import parse_price

_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{2,7}(?:\.\d{1,2})?"
_MONEY = rf"[$€£]\s*(?:{_AMOUNT})(?:\s*(?:-|–|to)\s*[$€£]?\s*(?:{_AMOUNT}))?"
_LABELLED_PRICE = re.compile(
    rf"\b(?:rent|rental\s+rate|price|monthly\s+rate)\b[^$€£\d\n.;]{{0,25}}?((?:{_MONEY})|(?:{_AMOUNT}))", re.IGNORECASE
)
MONEY_AMOUNT = re.compile(_MONEY)
_CLAUSE = re.compile(r"[.;,!?(){}\[\]|\d]\s")
_PER_MONTH = re.compile(r"^\s*(?:/\s*mo|/\s*month|per\s+month|a\s+month|monthly|mo\b)", re.IGNORECASE)
# Amounts that are not the rent: a deposit, a fee, a discount.
NOT_RENT = re.compile(
    r"\b(?:deposit|fees?|application|admin|credit|off|save|saving|discount|special|bonus|gift|reward|income"
    r"|earn|utilit(?:y|ies)|parking|storage|pet\s+rent)\b",
    re.IGNORECASE,
)
_COUNT_WORD = r"\d{1,2}(?:\.\d)?|one|two|three|four|five|six"
_BEDS_TEXT = re.compile(
    rf"\b({_COUNT_WORD})\s*-?\s*(?:bd|bds|bdrm|bdrms|bed|beds|bedrooms?|br)\b|\bbed(?:room)?s?\s*:\s*(\d{{1,2}})\b",
    re.IGNORECASE,
)
_BATHS_TEXT = re.compile(
    rf"\b({_COUNT_WORD})\s*-?\s*(?:ba|bth|bath|baths|bathrooms?)\b|\bbath(?:room)?s?\s*:\s*(\d{{1,2}}(?:\.\d)?)\b",
    re.IGNORECASE,
)
_SIZE_TEXT = re.compile(
    r"\b(\d{1,3}(?:,\d{3})+|\d{2,7})\s*(?:sq\.?\s*ft\.?|sqft|sq\.?\s*feet|square\s+f(?:ee|oo)t|sf)(?!\w)",
    re.IGNORECASE,
)
_WORD_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6"}
_STUDIO_TEXT = re.compile(r"\b(?:studio|efficiency)\b", re.IGNORECASE)


def _text_value(pattern, texts, group_names=(1, 2)):
    """The one value `pattern` finds in the texts, or None when none or several different ones."""
    found = set()
    for text in texts:
        for match in pattern.finditer(text):
            value = next((match.group(group) for group in group_names if match.group(group)), None)
            if value:
                value = value.lower().replace(",", "")
                found.add(_WORD_NUMBERS.get(value, value))
    return found.pop() if len(found) == 1 else None


def rooms_from_words(texts, studio_allowed):
    """bedrooms, bathrooms and square feet written out ("2 Bed / 1 Bath", "Studio", "850 sq ft")."""
    beds = _text_value(_BEDS_TEXT, texts)
    if beds is not None:
        beds = f"{beds} bedrooms"
    elif studio_allowed and any(_STUDIO_TEXT.search(text) for text in texts):
        beds = "Studio"
    baths = _text_value(_BATHS_TEXT, texts)
    size = _text_value(_SIZE_TEXT, texts, (1,))
    return {
        "bedrooms": beds,
        "bathrooms": f"{baths} baths" if baths is not None else None,
        "square_feet": f"{size} sq ft" if size is not None else None,
    }


def price_in_text(text):
    """A rent written in words: "Rent: $1,850/month", "$1,850 per month", else the first
    dollar amount that is no deposit or fee; None when nothing is labelled as money."""
    for match in _LABELLED_PRICE.finditer(text):
        clause = _CLAUSE.split(text[max(0, match.start() - 30) : match.end()])[-1]
        if not NOT_RENT.search(clause) and parse_price(match.group(1))[0] is not None:
            return match.group(1)
    plain = None
    for match in MONEY_AMOUNT.finditer(text):
        # The words between this amount and the one before (or the clause): "Deposit $500, only $2,050".
        before = _CLAUSE.split(text[max(0, match.start() - 30) : match.start()])[-1]
        after = _CLAUSE.split(text[match.end() : match.end() + 20])[0]
        if NOT_RENT.search(before) or NOT_RENT.search(after):
            continue
        if _PER_MONTH.match(after):
            return match.group(0)
        plain = plain or match.group(0)
    return plain
