"""GET/POST /api/rentals and /api/rentals/{id}: filters, search, ordering, pages, CRUD, scoping."""

import datetime
from decimal import Decimal

import pytest

from rentals.models import Rental
from rentals.tests.factories import RentalFactory, RentalSourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(user):
    """A small, varied portfolio of the user's rentals."""
    return {
        "studio": RentalFactory(
            user=user,
            title="Studio downtown",
            city="Austin",
            price=Decimal("1100"),
            bedrooms=0,
            bathrooms=Decimal("1"),
            square_feet=450,
            pets_allowed=False,
            available_from=datetime.date(2026, 1, 1),
        ),
        "two": RentalFactory(
            user=user,
            title="Two bed by the park",
            city="austin",
            price=Decimal("1850"),
            bedrooms=2,
            bathrooms=Decimal("1.5"),
            square_feet=900,
            pets_allowed=True,
            description="Quiet street near Zilker park.",
        ),
        "house": RentalFactory(
            user=user,
            title="Family house",
            city="Round Rock",
            price=Decimal("2900"),
            bedrooms=3,
            bathrooms=Decimal("2.5"),
            square_feet=1600,
            pets_allowed=True,
            available_from=datetime.date(2026, 3, 1),
        ),
        "gone": RentalFactory(
            user=user,
            title="Leased loft",
            city="Austin",
            price=Decimal("1500"),
            bedrooms=1,
            status=Rental.Status.UNAVAILABLE,
        ),
        "unpriced": RentalFactory(user=user, title="Call for price", city="Austin", price=None, bedrooms=1),
    }


def titles(response):
    assert response.status_code == 200, response.json()
    return [rental["title"] for rental in response.json()["rentals"]]


def test_list_envelope_and_every_status_by_default(api_client, listed):
    body = api_client.get("/api/rentals").json()
    assert set(body) == {"rentals", "count", "next", "previous"}
    assert body["count"] == 5 and body["next"] is None and body["previous"] is None
    assert {rental["status"] for rental in body["rentals"]} == {"available", "unavailable"}
    assert api_client.get("/api/rentals/").status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("max_price=1850", {"Studio downtown", "Two bed by the park", "Leased loft"}),  # inclusive
        ("min_price=1850", {"Two bed by the park", "Family house"}),
        ("min_bedrooms=2", {"Two bed by the park", "Family house"}),
        ("max_bedrooms=0", {"Studio downtown"}),
        ("min_bathrooms=1.5", {"Two bed by the park", "Family house"}),
        ("city=AUSTIN", {"Studio downtown", "Two bed by the park", "Leased loft", "Call for price"}),
        ("city=round rock", {"Family house"}),
        ("pets_allowed=true", {"Two bed by the park", "Family house"}),
        ("pets_allowed=false", {"Studio downtown"}),
        ("available_by=2026-01-01", {"Studio downtown", "Two bed by the park", "Leased loft", "Call for price"}),
        ("status=unavailable", {"Leased loft"}),
        ("q=zilker", {"Two bed by the park"}),
        ("q=family round", {"Family house"}),
        ("q=nothing-like-this", set()),
        ("status=available&max_price=2000&min_bedrooms=1", {"Two bed by the park"}),
    ],
)
def test_filters(api_client, listed, query, expected):
    assert set(titles(api_client.get(f"/api/rentals?{query}"))) == expected


def test_source_filter(api_client, user, listed):
    source = RentalSourceFactory(user=user)
    RentalFactory(user=user, source=source, title="Scraped one")
    assert titles(api_client.get(f"/api/rentals?source={source.pk}")) == ["Scraped one"]


@pytest.mark.parametrize(
    "query",
    [
        "max_price=cheap",
        "min_bedrooms=two",
        "min_bedrooms=1.5",
        "min_bathrooms=x",
        "pets_allowed=maybe",
        "available_by=soon",
        "status=rented",
        "source=abc",
        "ordering=owner",
        "ordering=-user_id",
        "page=0",
    ],
)
def test_a_filter_of_the_wrong_type_is_400(api_client, listed, query):
    response = api_client.get(f"/api/rentals?{query}")
    assert response.status_code in (400, 404)
    if query != "page=0":
        assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_ordering(api_client, listed):
    assert titles(api_client.get("/api/rentals?ordering=price"))[:4] == [
        "Studio downtown",
        "Leased loft",
        "Two bed by the park",
        "Family house",
    ]
    # Without a price comes last either way.
    assert titles(api_client.get("/api/rentals?ordering=-price"))[-1] == "Call for price"
    assert titles(api_client.get("/api/rentals?ordering=-bedrooms"))[0] == "Family house"
    assert titles(api_client.get("/api/rentals?ordering=square_feet"))[0] == "Studio downtown"
    assert titles(api_client.get("/api/rentals?ordering=available_from"))[:2] == ["Studio downtown", "Family house"]
    created = titles(api_client.get("/api/rentals?ordering=-created_at"))
    assert created[0] == "Call for price"


def test_pagination(api_client, user):
    RentalFactory.create_batch(7, user=user)
    first = api_client.get("/api/rentals?page_size=3").json()
    assert first["count"] == 7 and len(first["rentals"]) == 3 and first["next"]
    last = api_client.get("/api/rentals?page_size=3&page=3").json()
    assert len(last["rentals"]) == 1 and last["previous"]
    assert len(api_client.get("/api/rentals?page_size=1000").json()["rentals"]) == 7


def test_prices_and_sizes_are_json_numbers(api_client, listed):
    rental = api_client.get(f"/api/rentals/{listed['two'].pk}").json()
    assert rental["price"] == 1850 and isinstance(rental["price"], float)
    assert rental["bathrooms"] == 1.5 and rental["square_feet"] == 900
    assert set(rental) == {
        "id",
        "user_id",
        "source_id",
        "external_id",
        "url",
        "title",
        "address",
        "city",
        "state",
        "postal_code",
        "price",
        "currency",
        "bedrooms",
        "bathrooms",
        "square_feet",
        "available_from",
        "pets_allowed",
        "description",
        "photos",
        "status",
        "first_seen_at",
        "last_seen_at",
        "created_at",
        "updated_at",
    }


def test_create_edit_delete_by_hand(api_client, user):
    response = api_client.post(
        "/api/rentals",
        {
            "title": "Garage apartment",
            "address": "5 Alley Way",
            "city": "Austin",
            "price": 1234.5,
            "bedrooms": 1,
            "bathrooms": 1,
            "pets_allowed": None,
            "photos": ["https://img.example.com/1.jpg"],
            "available_from": "2026-02-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["price"] == 1234.5 and created["currency"] == "USD" and created["status"] == "available"
    assert created["user_id"] == user.pk and created["source_id"] is None

    patched = api_client.patch(
        f"/api/rentals/{created['id']}/", {"price": 1300, "status": "unavailable"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["price"] == 1300
    assert patched.json()["status"] == "unavailable"

    assert api_client.delete(f"/api/rentals/{created['id']}").status_code == 204
    assert not Rental.objects.filter(pk=created["id"]).exists()


@pytest.mark.parametrize(
    "body",
    [
        {"price": -5},
        {"price": "lots"},
        {"bedrooms": -1},
        {"bedrooms": 99},
        {"bathrooms": -1},
        {"status": "rented"},
        {"currency": "dollars"},
        {"photos": ["javascript:alert(1)"]},
        {"photos": "x"},
        {"url": "ftp://example.com/x"},
        {"available_from": "next week"},
        {"pets_allowed": "maybe"},
        {"title": "x" * 301},
    ],
)
def test_bad_input_is_400_and_changes_nothing(api_client, listed, body):
    before = api_client.get(f"/api/rentals/{listed['two'].pk}").json()
    assert api_client.post("/api/rentals", body, format="json").status_code == 400
    response = api_client.patch(f"/api/rentals/{listed['two'].pk}", body, format="json")
    assert response.status_code == 400 and response.json()["fields"]
    assert api_client.get(f"/api/rentals/{listed['two'].pk}").json() == before
    assert Rental.objects.count() == 5


# The scoping four


def test_list_shows_only_mine(api_client, other_client, listed, other_user):
    RentalFactory(user=other_user, title="Rival's flat", city="Austin")
    assert "Rival's flat" not in titles(api_client.get("/api/rentals"))
    assert titles(other_client.get("/api/rentals")) == ["Rival's flat"]
    assert api_client.get("/api/rentals?q=rival").json()["count"] == 0


def test_another_users_rental_is_404(api_client, other_user):
    theirs = RentalFactory(user=other_user, price=Decimal("1000"))
    for method in ("get", "patch", "put", "delete"):
        response = getattr(api_client, method)(f"/api/rentals/{theirs.pk}", {"price": 1}, format="json")
        assert response.status_code == 404, method
    theirs.refresh_from_db()
    assert theirs.price == Decimal("1000")


def test_create_sets_me_as_owner_whatever_is_posted(api_client, user, other_user):
    response = api_client.post(
        "/api/rentals", {"title": "Mine", "user_id": other_user.pk, "user": other_user.pk}, format="json"
    )
    assert response.status_code == 201
    assert Rental.objects.get(pk=response.json()["id"]).user == user


def test_a_source_is_not_set_through_the_rental_api(api_client, user, other_user):
    """source_id is read-only: posting another user's source (or mine) attaches nothing."""
    theirs = RentalSourceFactory(user=other_user)
    response = api_client.post(
        "/api/rentals", {"title": "Mine", "source_id": theirs.pk, "source": theirs.pk}, format="json"
    )
    assert response.status_code == 201
    assert Rental.objects.get(pk=response.json()["id"]).source is None
    assert api_client.get(f"/api/rentals?source={theirs.pk}").json()["count"] == 0


def test_anonymous_is_401(anon_client, listed):
    assert anon_client.get("/api/rentals").status_code == 401
    assert anon_client.post("/api/rentals", {"title": "x"}, format="json").status_code == 401
    assert anon_client.get(f"/api/rentals/{listed['two'].pk}").status_code == 401
