"""The hard cases that decided where values.py and addresses.py lean on price-parser and usaddress (and
why available dates stay with LeaseLine's own patterns): each rule is pinned here."""

import datetime
from decimal import Decimal

import pytest

from rentals.scraping.addresses import split_address
from rentals.scraping.values import parse_date, parse_price

TODAY = datetime.date(2026, 8, 3)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$2,225+", "2225.00", "USD"),
        ("From $1,298", "1298.00", "USD"),
        ("$1,350 - $1,600", "1350.00", "USD"),
        ("$1,600 – $1,350", "1350.00", "USD"),  # a range is its lower figure, whichever comes first
        ("1850", "1850.00", None),
        ("USD 1,500", "1500.00", "USD"),
        ("€900", "900.00", "EUR"),
        ("1.850 €", "1850.00", "EUR"),  # the dot groups thousands
        ("1 850 €", "1850.00", "EUR"),
        ("2,5k €", "2500.00", "EUR"),  # the comma is the decimal mark
        ("1,850.00 USD", "1850.00", "USD"),
        ("£1,200 pcm", "1200.00", "GBP"),
        ("$1,295 1 bd 1 ba", "1295.00", "USD"),
        ("1-2 beds $1,200", "1200.00", "USD"),
        ("$1,500. 2 bd", "1500.00", "USD"),
    ],
)
def test_price_figures(text, amount, currency):
    assert parse_price(text) == (Decimal(amount), currency)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Deposit $250 / Rent $1,500", "1500.00"),
        ("Rent: $1,200, Application fee: $45", "1200.00"),
        ("$1,850/month + $50 pet rent", "1850.00"),
        ("Deposit $500, $1,450/mo", "1450.00"),
        ("Security deposit $500", None),
        ("Call for pricing", None),
        ("$0", None),
    ],
)
def test_a_deposit_or_fee_is_never_the_rent(text, amount):
    assert parse_price(text)[0] == (Decimal(amount) if amount else None)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("3570 S River Parkway, #305, Portland, OR 97239", ("3570 S River Parkway, #305", "Portland", "OR", "97239")),
        ("917 N 13th St, Apt B, Boise, ID", ("917 N 13th St, Apt B", "Boise", "ID", "")),
        ("PO Box 5, Austin, TX", ("PO Box 5", "Austin", "TX", "")),
        ("Suite 200, 100 Congress Ave, Austin, TX 78701", ("Suite 200, 100 Congress Ave", "Austin", "TX", "78701")),
        ("1 Main St, Toronto, ON M5V 2T6", ("1 Main St", "Toronto", "ON", "M5V 2T6")),
        # Without the commas, usaddress tags the words.
        ("12 Oak St Austin TX 78701", ("12 Oak St", "Austin", "TX", "78701")),
        ("12 Oak St, Austin TX 78701", ("12 Oak St", "Austin", "TX", "78701")),
        ("88 Oak Hollow Dr Round Rock, TX 78664", ("88 Oak Hollow Dr", "Round Rock", "TX", "78664")),
        ("4500 Duval St Austin Texas 78751", ("4500 Duval St", "Austin", "Texas", "78751")),
        ("100 Congress Ave Ste 200 Austin TX 78701-4042", ("100 Congress Ave Ste 200", "Austin", "TX", "78701-4042")),
        # Live markup: a doubled comma, a space before one, a leading space.
        ("88 Willow Bend Rd,, Boise, ID 83702", ("88 Willow Bend Rd", "Boise", "ID", "83702")),
        (" 77 NE Basalt Way , Bend, OR 97701", ("77 NE Basalt Way", "Bend", "OR", "97701")),
    ],
)
def test_addresses_split(text, parts):
    assert split_address(text) == dict(zip(("address", "city", "state", "postal_code"), parts, strict=True))


@pytest.mark.parametrize(
    "text", ["40 Pine St #3", "27 Walnut Ave, Upper", "24 Avenue B #3", "2 bd 1 ba Austin TX", "Austin TX 78701"]
)
def test_no_city_and_state_no_split(text):
    assert split_address(text) == {}


@pytest.mark.parametrize(
    ("text", "today", "date"),
    [
        ("Available 10/1/26", TODAY, datetime.date(2026, 10, 1)),
        ("NOW", TODAY, TODAY),
        ("Available Dec 1", TODAY, datetime.date(2026, 12, 1)),
        ("1 December 2026", TODAY, datetime.date(2026, 12, 1)),
        ("2026-09-15", TODAY, datetime.date(2026, 9, 15)),
        ("Immediately", TODAY, TODAY),
        ("Jan 5", datetime.date(2026, 12, 10), datetime.date(2027, 1, 5)),
        ("Dec 1", datetime.date(2026, 12, 10), datetime.date(2026, 12, 1)),
        ("Move-in: 9/15", TODAY, datetime.date(2026, 9, 15)),
        ("Available 1st of March", TODAY, datetime.date(2027, 3, 1)),
        ("Tuesday, September 15, 2026", TODAY, datetime.date(2026, 9, 15)),
        # Words that name no move-in day (a general-purpose date parser reads "12 months" as a year ago).
        ("Leased", TODAY, None),
        ("Available soon", TODAY, None),
        ("Coming soon", TODAY, None),
        ("12 months", TODAY, None),
        ("3 weeks", TODAY, None),
        ("Fall 2026", TODAY, None),
    ],
)
def test_available_dates(text, today, date):
    assert parse_date(text, today=today) == date
