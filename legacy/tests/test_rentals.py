"""R1-R5: rentals under the frontend's names, and /database/* only with a token."""

from decimal import Decimal

import pytest

from legacy.models import RentalContact
from rentals.models import Rental
from rentals.tests.factories import RentalFactory, RentalSourceFactory

pytestmark = pytest.mark.django_db

NEW = {  # FE:src/app/rentals/new/page.tsx:L42-57
    "property_address": "12 Elm St, Austin, TX",
    "price": 1850.0,
    "bedrooms": 2,
    "bathrooms": 1.5,
    "square_feet": 950,
    "description": "Bright corner unit.",
    "available_date": "2030-03-01",
    "contact_info": "Call Dana at 512-555-0100",
}


def test_create_keeps_the_address_and_answers_with_the_frontends_names(frontend, manager):
    response = frontend.post("/legacy/rentals", NEW)
    assert response.status_code == 201, response.content
    body = response.json()
    rental = Rental.objects.get(pk=body["id"])
    assert rental.user == manager and rental.address == "12 Elm St, Austin, TX"
    assert rental.available_from.isoformat() == "2030-03-01"
    assert RentalContact.objects.get(rental=rental).contact_info == NEW["contact_info"]
    for key in ("property_address", "bedrooms", "square_feet", "description", "available_date", "contact_info"):
        assert body[key] == NEW[key], key
    assert body["price"] == 1850 and body["bathrooms"] == 1.5  # numbers, for .toLocaleString()
    assert body["source_type"] == "manual"


def test_create_accepts_a_date_time_for_the_date(frontend):
    response = frontend.post("/legacy/rentals", {**NEW, "available_date": "2030-03-01T00:00:00.000Z"})
    assert response.status_code == 201
    assert response.json()["available_date"] == "2030-03-01"


def test_create_is_judged_by_the_rentals_rules(frontend):
    response = frontend.post("/legacy/rentals", {**NEW, "price": -5})
    assert response.status_code == 400 and response.json()["message"]
    assert frontend.post("/legacy/rentals", {**NEW, "contact_info": "x" * 501}).status_code == 400
    assert not Rental.objects.exists() and not RentalContact.objects.exists()


def test_patch_as_the_edit_page_sends_it(frontend, manager):
    rental = RentalFactory(user=manager, address="1 Oak Ave")
    edit = {"price": 1700, "bedrooms": 3, "bathrooms": 2, "description": "New floors", "contact_info": "Email us"}
    response = frontend.patch(f"/legacy/rentals/{rental.pk}", {**edit, "available_date": "2030-04-01"})
    assert response.status_code == 200, response.content
    rental.refresh_from_db()
    assert (rental.price, rental.bedrooms, rental.address) == (Decimal("1700"), 3, "1 Oak Ave")
    assert response.json()["contact_info"] == "Email us"
    cleared = frontend.patch(f"/legacy/rentals/{rental.pk}", {"contact_info": ""})
    assert cleared.json()["contact_info"] == "" and not RentalContact.objects.exists()


def test_delete(frontend, manager):
    rental = RentalFactory(user=manager)
    RentalContact.objects.create(user=manager, rental=rental, contact_info="x")
    assert frontend.delete(f"/legacy/rentals/{rental.pk}").status_code == 204
    assert not Rental.objects.exists() and not RentalContact.objects.exists()


def test_another_managers_rental_is_404(frontend, rival):
    theirs = RentalFactory(user=rival, price=Decimal("900"))
    assert frontend.get(f"/legacy/rentals/{theirs.pk}").status_code == 404
    assert frontend.patch(f"/legacy/rentals/{theirs.pk}", {"price": 1}).status_code == 404
    assert frontend.delete(f"/legacy/rentals/{theirs.pk}").status_code == 404
    theirs.refresh_from_db()
    assert theirs.price == Decimal("900")


def test_available_lists_only_my_available_rentals(frontend, manager, rival):
    source = RentalSourceFactory(user=manager, website_url="https://maple.example.com/listings")
    scraped = RentalFactory(user=manager, source=source)
    manual = RentalFactory(user=manager)
    RentalFactory(user=manager, status=Rental.Status.UNAVAILABLE)
    RentalFactory(user=rival)
    response = frontend.get("/legacy/database/available")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "success" and body["total_available"] == 2 and body["current_date"]
    by_id = {rental["id"]: rental for rental in body["rentals"]}
    assert set(by_id) == {scraped.pk, manual.pk}
    assert by_id[scraped.pk]["source_type"] == "scraped" and by_id[scraped.pk]["website"] == source.website_url
    assert by_id[manual.pk]["source_type"] == "manual"
    assert by_id[manual.pk]["property_address"] == manual.address


def test_status_counts_only_mine(frontend, manager, rival):
    RentalFactory.create_batch(2, user=manager)
    RentalSourceFactory(user=manager)
    RentalFactory(user=rival)
    stats = frontend.get("/legacy/database/status").json()["database_stats"]
    assert (stats["total_rentals"], stats["websites_tracked"]) == (2, 1)
    assert "last_updated" in stats


@pytest.mark.parametrize("path", ["/legacy/database/available", "/legacy/database/status"])
def test_the_calls_the_frontend_makes_without_credentials_are_401(anonymous, manager, path):
    """The frontend sends no token here (R1, R2): tenancy is not weakened for it."""
    RentalFactory(user=manager)
    response = anonymous.get(path)
    assert response.status_code == 401
    assert "rentals" not in response.json()


def test_rentals_need_a_token(anonymous):
    assert anonymous.post("/legacy/rentals", NEW).status_code == 401
