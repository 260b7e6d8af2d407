"""R6: `/database/sources` (no page calls it; answered as the frontend's data layer reads it)."""

import pytest

from rentals.models import RentalSource
from rentals.tests.factories import RentalSourceFactory

pytestmark = pytest.mark.django_db


def test_sources_are_a_bare_array_of_only_mine(frontend, manager, rival):
    mine = RentalSourceFactory(user=manager, name="Maple", website_url="https://maple.example.com/rentals")
    RentalSourceFactory(user=rival)
    response = frontend.get("/legacy/database/sources")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": mine.pk,
            "user_id": str(manager.pk),
            "website": "Maple",
            "url": "https://maple.example.com/rentals",
            "is_active": True,
            "last_scraped_at": None,
            "created_at": response.json()[0]["created_at"],
        }
    ]


def test_add_sets_me_as_owner_under_the_sources_rules(frontend, manager):
    response = frontend.post("/legacy/database/sources", {"website": "Zillow", "url": "zillow.com"})
    assert response.status_code == 201, response.content
    source = RentalSource.objects.get(pk=response.json()["id"])
    assert (source.user, source.name, source.website_url) == (manager, "Zillow", "https://zillow.com")
    refused = frontend.post("/legacy/database/sources", {"website": "Local", "url": "http://127.0.0.1/admin"})
    assert refused.status_code == 400 and refused.json()["message"]


def test_delete_only_mine(frontend, manager, rival):
    mine, theirs = RentalSourceFactory(user=manager), RentalSourceFactory(user=rival)
    assert frontend.delete(f"/legacy/database/sources/{theirs.pk}").status_code == 404
    assert frontend.delete(f"/legacy/database/sources/{mine.pk}").status_code == 204
    assert list(RentalSource.objects.all()) == [theirs]


def test_sources_need_a_token(anonymous):
    assert anonymous.get("/legacy/database/sources").status_code == 401
