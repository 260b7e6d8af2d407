"""search_rentals through the webhook: the spellings a model writes are read before the selector
(rental_search takes typed values), and one it cannot read is an error naming the argument."""

import datetime
import re
from decimal import Decimal

import pytest

from .factories import RentalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(user):
    make = RentalFactory
    return {
        "cheap_later": make(
            user=user,
            city="Austin",
            price=Decimal("1200"),
            bedrooms=1,
            pets_allowed=True,
            available_from=datetime.date(2026, 3, 1),
        ),
        "cheap_now": make(user=user, city="Austin", price=Decimal("1200"), bedrooms=1, pets_allowed=None),
        "mid": make(
            user=user,
            city="austin",
            price=Decimal("1800"),
            bedrooms=2,
            pets_allowed=True,
            available_from=datetime.date(2026, 1, 1),
        ),
        "big": make(user=user, city="Round Rock", price=Decimal("2900"), bedrooms=3, pets_allowed=False),
    }


def found(vapi, agent, portfolio, arguments):
    names = {rental.pk: name for name, rental in portfolio.items()}
    result = vapi.tool(agent, "search_rentals", arguments)["result"]
    return [names[int(pk)] for pk in re.findall(r"rental id (\d+)", result)]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"max_price": "1,800"}, ["cheap_now", "cheap_later", "mid"]),
        ({"max_price": "$1,800/mo"}, ["cheap_now", "cheap_later", "mid"]),
        ({"max_price": 1800.0}, ["cheap_now", "cheap_later", "mid"]),
        ({"min_bedrooms": "2"}, ["mid", "big"]),
        ({"min_bedrooms": 2.0}, ["mid", "big"]),
        ({"pets_allowed": "true"}, ["cheap_later", "mid"]),
        ({"pets_allowed": "allowed"}, ["cheap_later", "mid"]),
        ({"pets_allowed": "no"}, ["cheap_now", "cheap_later", "mid", "big"]),
        ({"available_by": "2026-01-15"}, ["cheap_now", "mid", "big"]),
        ({"available_by": "2026-03-01T09:00:00-06:00", "max_price": "1500"}, ["cheap_now", "cheap_later"]),
        ({"limit": "2"}, ["cheap_now", "cheap_later"]),
        ({"max_price": "", "city": "  ", "limit": None}, ["cheap_now", "cheap_later", "mid", "big"]),
    ],
)
def test_a_models_spellings_are_read(vapi, agent, portfolio, arguments, expected):
    assert found(vapi, agent, portfolio, arguments) == expected


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"max_price": "cheap"}, "max_price is not a number."),
        ({"max_price": "NaN"}, "max_price is not a number."),
        ({"min_bedrooms": "two"}, "min_bedrooms is not a number."),
        ({"min_bedrooms": "1.5"}, "min_bedrooms is not a whole number."),
        ({"available_by": "soon"}, "available_by is not a date such as 2025-12-01."),
        ({"pets_allowed": "maybe"}, "pets_allowed is not true or false."),
        ({"limit": "lots"}, "limit is not a number."),
    ],
)
def test_a_value_it_cannot_read_is_named(vapi, agent, arguments, message):
    assert vapi.tool(agent, "search_rentals", arguments)["error"].startswith(message)
