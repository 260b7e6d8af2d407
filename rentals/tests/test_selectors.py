"""The reads the voice tools use: rental_search, rental_get, rental_list.

Selectors take typed values; the spellings a model or a query string uses are read at the
edge (voice/tests/test_search_arguments.py, the filterset below, core/tests/test_values.py).
"""

import datetime
from decimal import Decimal

import pytest

from rentals.filtersets import RentalFilterSet
from rentals.models import Rental
from rentals.selectors import rental_get, rental_list, rental_search
from rentals.tests.factories import RentalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(user, other_user):
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
        "no_price": make(user=user, city="Austin", price=None, bedrooms=2),
        "leased": make(user=user, city="Austin", price=Decimal("900"), bedrooms=2, status=Rental.Status.UNAVAILABLE),
        "theirs": make(user=other_user, city="Austin", price=Decimal("500"), bedrooms=4),
    }


def ids(rentals, portfolio):
    names = {rental.pk: name for name, rental in portfolio.items()}
    return [names[rental.pk] for rental in rentals]


def test_search_best_matches_first_only_available_and_mine(user, portfolio, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        found = rental_search(user=user)
    assert ids(found, portfolio) == ["cheap_now", "cheap_later", "mid", "big", "no_price"]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"max_price": 1800}, ["cheap_now", "cheap_later", "mid"]),
        ({"max_price": Decimal("1800")}, ["cheap_now", "cheap_later", "mid"]),
        ({"min_bedrooms": 2}, ["mid", "big", "no_price"]),
        ({"min_bedrooms": 0}, ["cheap_now", "cheap_later", "mid", "big", "no_price"]),
        ({"city": "AUSTIN"}, ["cheap_now", "cheap_later", "mid", "no_price"]),
        ({"city": "Austin, TX"}, ["cheap_now", "cheap_later", "mid", "no_price"]),
        ({"city": "round"}, ["big"]),  # no whole-name match: part of the name
        ({"city": "Dallas"}, []),
        ({"pets_allowed": True}, ["cheap_later", "mid"]),
        ({"pets_allowed": False}, ["cheap_now", "cheap_later", "mid", "big", "no_price"]),
        ({"pets_allowed": None}, ["cheap_now", "cheap_later", "mid", "big", "no_price"]),
        ({"available_by": datetime.date(2026, 1, 15)}, ["cheap_now", "mid", "big", "no_price"]),
        ({"available_by": datetime.date(2026, 3, 1), "max_price": 1500}, ["cheap_now", "cheap_later"]),
        ({"limit": 2}, ["cheap_now", "cheap_later"]),
        ({"max_price": None, "city": "", "limit": None}, ["cheap_now", "cheap_later", "mid", "big", "no_price"]),
    ],
)
def test_search_filters(user, portfolio, kwargs, expected):
    assert ids(rental_search(user=user, **kwargs), portfolio) == expected


def test_search_limit_is_capped_at_ten(user):
    RentalFactory.create_batch(15, user=user)
    assert len(rental_search(user=user, limit=50)) == 10
    assert len(rental_search(user=user, limit=0)) == 1


def test_search_city_takes_at_most_two_queries(user, portfolio, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        rental_search(
            user=user,
            city="round",
            max_price=3000,
            min_bedrooms=1,
            pets_allowed=True,
            available_by=datetime.date(2026, 12, 31),
        )


def test_get_is_owner_scoped(user, portfolio):
    assert rental_get(user=user, rental_id=portfolio["mid"].pk) == portfolio["mid"]
    assert rental_get(user=user, rental_id=str(portfolio["mid"].pk)) == portfolio["mid"]
    assert rental_get(user=user, rental_id=portfolio["theirs"].pk) is None
    assert rental_get(user=user, rental_id="abc") is None
    assert rental_get(user=user, rental_id=None) is None
    assert rental_get(user=user, rental_id=10**12) is None


def test_list_uses_the_api_filters(user, portfolio):
    assert set(ids(rental_list(user=user, filters={"city": "austin", "status": "available"}), portfolio)) == {
        "cheap_later",
        "cheap_now",
        "mid",
        "no_price",
    }
    assert rental_list(user=user).count() == 6
    typed = {
        "max_price": Decimal("1800"),
        "pets_allowed": True,
        "available_by": datetime.date(2026, 2, 1),
        "min_bedrooms": 2,
        "ordering": ["-price"],
    }
    assert ids(rental_list(user=user, filters=typed), portfolio) == ["mid"]
    assert ids(rental_list(user=user, filters={"ordering": ["-price"], "max_price": None}), portfolio) == [
        "big",
        "mid",
        "cheap_now",
        "cheap_later",
        "leased",
        "no_price",
    ]


def test_the_filterset_reads_query_strings_into_the_values_rental_list_takes(user, portfolio):
    query = {
        "max_price": "1800",
        "pets_allowed": "TRUE",
        "available_by": "2026-02-01",
        "min_bedrooms": "2",
        "ordering": "-price",
    }
    filterset = RentalFilterSet(data=query, queryset=Rental.objects.for_user(user))
    assert filterset.is_valid()
    assert ids(filterset.qs, portfolio) == ["mid"]
    assert ids(rental_list(user=user, filters=filterset.form.cleaned_data), portfolio) == ["mid"]
    refused = RentalFilterSet(data={"max_price": "cheap", "pets_allowed": "y"}, queryset=Rental.objects.all())
    assert not refused.is_valid()
    assert refused.errors == {"max_price": ["Enter a number."], "pets_allowed": ["Enter true or false."]}
