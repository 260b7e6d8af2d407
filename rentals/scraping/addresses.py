"""A one-line address ("12 Oak St, Austin, TX 78701") split into street, city, state and postal code."""

import re

import usaddress

from .values import clean_text

_ADDRESS = re.compile(
    r"^(?P<street>.+?),\s*(?P<city>[^,\d]+?),\s*(?P<state>[A-Za-z]{2}|[A-Za-z][A-Za-z ]+?)\.?"
    r"(?:\s+(?P<postal>\d{5}(?:-\d{4})?|[A-Za-z]\d[A-Za-z]\s?\d[A-Za-z]\d))?\s*(?:,\s*(?:USA?|United States|Canada))?$"
)


# What usaddress names the end of a one-line address, and the states it may name.
_PLACE_LABELS = {"PlaceName", "StateName", "ZipCode", "CountryName"}
_STATE_CODES = frozenset(
    (
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "DC",
        "PR",
    )
)


def _split_with_usaddress(text):
    """What the comma pattern cannot split ("12 Oak St Austin TX 78701"): usaddress tags
    the words, and a street (number and name or PO box) then city and state must come out."""
    try:
        tokens = usaddress.parse(text)
    except Exception:  # usaddress raises on input its tagger cannot read
        return {}
    labels = [label for _, label in tokens]
    if "PlaceName" not in labels or "StateName" not in labels:
        return {}
    place_at = labels.index("PlaceName")
    street_labels = set(labels[:place_at])
    if not ({"AddressNumber", "StreetName"} <= street_labels or "USPSBoxID" in street_labels):
        return {}
    if any(label not in _PLACE_LABELS for label in labels[place_at:]):
        return {}
    end = 0
    for token, _ in tokens[:place_at]:  # the street as the page writes it
        end = text.find(token, end)
        if end < 0:
            return {}
        end += len(token)
    parts = {
        label: " ".join(token.strip(",") for token, tagged in tokens[place_at:] if tagged == label)
        for label in _PLACE_LABELS
    }
    state = parts["StateName"].rstrip(".")
    if len(state) == 2 and state.upper() not in _STATE_CODES:
        return {}
    return {
        "address": text[:end].strip(" ,"),
        "city": parts["PlaceName"],
        "state": state,
        "postal_code": parts["ZipCode"],
    }


def split_address(text):
    """street, city, state and postal code from "12 Oak St, Austin, TX 78701", else {}."""
    text = clean_text(text)
    match = _ADDRESS.match(text)
    if not match:
        return _split_with_usaddress(text)
    return {
        # Live pages double a comma ("12 Oak Rd,, Boise, ID"): the street never ends on one.
        "address": match.group("street").strip(" ,"),
        "city": match.group("city").strip(),
        "state": match.group("state").strip(),
        "postal_code": (match.group("postal") or "").strip(),
    }
