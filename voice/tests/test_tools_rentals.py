"""The search_rentals and get_rental_details tools: what is spoken, the filters, bad arguments
and another manager's rentals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from .factories import RentalFactory


@pytest.mark.django_db
class TestRentals:
    def test_search_reads_only_the_owners_available_rentals(self, vapi, agent, user, other_user):
        mine = RentalFactory(user=user, price=Decimal("1850"), bedrooms=2, address="12 Elm Street", city="Austin")
        RentalFactory(user=user, price=Decimal("900"), status="unavailable")
        RentalFactory(user=other_user, price=Decimal("500"), city="Austin")
        arguments = {"city": "austin", "max_price": "$1,900", "min_bedrooms": "2"}
        result = vapi.tool(agent, "search_rentals", arguments)["result"]
        assert result == (
            f"1 rental found, best matches first: rental id {mine.pk}: 2 bedrooms at 12 Elm Street, Austin, "
            "$1,850 a month, available now."
        )

    def test_search_words_studios_and_later_availability(self, vapi, agent, user):
        soon = timezone.now().date() + timedelta(days=20)
        studio = RentalFactory(user=user, bedrooms=0, price=Decimal("1200.50"), available_from=soon, pets_allowed=False)
        result = vapi.tool(agent, "search_rentals", {"limit": 1})["result"]
        assert f"rental id {studio.pk}: studio at" in result
        assert "$1,200.50 a month" in result
        assert f"available from {soon:%B} {soon.day} ({soon.isoformat()})" in result

    def test_pets_filter(self, vapi, agent, user):
        RentalFactory(user=user, pets_allowed=False)
        assert vapi.tool(agent, "search_rentals", {"pets_allowed": "yes"})["result"].startswith("No available")
        either = vapi.tool(agent, "search_rentals", {"pets_allowed": False}, tool_call_id="c2")
        assert either["result"].startswith("1 rental")

    @pytest.mark.parametrize(
        "arguments, message",
        [
            ({"max_price": "cheap"}, "max_price is not a number."),
            ({"min_bedrooms": 2.5}, "min_bedrooms is not a whole number."),
            ({"limit": 50}, "limit must be at most 10."),
            ({"available_by": "next month"}, "available_by is not a date such as 2025-12-01."),
            ({"pets_allowed": "a cat"}, "pets_allowed is not true or false."),
        ],
    )
    def test_bad_search_arguments(self, vapi, agent, arguments, message):
        assert vapi.tool(agent, "search_rentals", arguments)["error"] == message

    def test_details(self, vapi, agent, user):
        rental = RentalFactory(user=user, title="Loft", address="7 Oak Ave", city="Austin", bathrooms=Decimal("1.5"))
        result = vapi.tool(agent, "get_rental_details", {"rental_id": str(rental.pk)})["result"]
        assert result == (
            f"Rental id {rental.pk}, Loft: 2 bedrooms at 7 Oak Ave, Austin; $1,850 a month; 1.5 bathrooms; "
            "850 square feet; available now; pets allowed."
        )

    def test_another_managers_rental_does_not_exist(self, vapi, agent, other_user):
        theirs = RentalFactory(user=other_user)
        entry = vapi.tool(agent, "get_rental_details", {"rental_id": theirs.pk})
        assert entry["error"] == f"There is no rental with id {theirs.pk}."
