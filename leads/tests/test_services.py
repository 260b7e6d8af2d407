"""How leads are made and filled: forward-only status, the manager's values kept, structured
data filling only what is empty."""

from datetime import date
from decimal import Decimal

import pytest

from agents.tests.factories import AgentFactory
from calendars.services import appointment_book
from leads.models import Lead
from leads.services import (
    lead_advance,
    lead_fill_from_structured_data,
    lead_for_booking,
    lead_for_call,
    lead_note_search,
    lead_update,
)
from rentals.tests.factories import RentalFactory
from voice.tests.tools_support import free_starts

from .factories import LeadFactory

PHONE = "+15125550199"


@pytest.mark.django_db
class TestStatus:
    def test_moves_forward_by_itself_and_never_backward(self, user):
        lead = lead_for_call(user=user, phone="(512) 555-0199")
        assert (lead.phone, lead.status, lead.calls_count) == (PHONE, "contacted", 1)
        lead = lead_for_booking(user=user, phone=PHONE, name="Jamie")
        assert lead.status == "viewing_booked" and lead.appointments_count == 1
        lead = lead_advance(user=user, lead=lead, status=Lead.Status.VIEWED)
        assert lead.status == "viewed"
        # Another call or booking later does not move a viewed lead back.
        lead_for_call(user=user, phone=PHONE)
        lead = lead_for_booking(user=user, phone=PHONE)
        lead.refresh_from_db()
        assert (lead.status, lead.calls_count, lead.appointments_count) == ("viewed", 2, 2)
        assert Lead.objects.count() == 1

    @pytest.mark.parametrize("status", ["applied", "leased", "lost"])
    def test_the_managers_statuses_are_left_alone(self, user, status):
        LeadFactory(user=user, phone=PHONE, status=status)
        lead_for_call(user=user, phone=PHONE)
        lead = lead_for_booking(user=user, phone=PHONE)
        lead.refresh_from_db()
        assert lead.status == status

    def test_the_manager_may_set_any_status_backward_too(self, user):
        lead = LeadFactory(user=user, phone=PHONE, status="viewed")
        lead_update(user=user, lead=lead, data={"status": "new"})
        lead.refresh_from_db()
        assert lead.status == "new" and lead.manager_fields == []
        lead_for_call(user=user, phone=PHONE)
        lead.refresh_from_db()
        assert lead.status == "contacted"

    def test_no_phone_no_lead(self, user):
        assert lead_for_call(user=user, phone="") is None
        assert lead_for_booking(user=user, phone="call me maybe", name="Jo") is None
        assert lead_note_search(user=user, phone="12", max_price=1000) is None
        assert Lead.objects.count() == 0

    def test_one_lead_per_phone_per_manager(self, user, other_user):
        mine = lead_for_call(user=user, phone=PHONE)
        theirs = lead_for_call(user=other_user, phone="512-555-0199")
        assert mine.pk != theirs.pk and theirs.user == other_user and theirs.phone == PHONE


@pytest.mark.django_db
class TestFilling:
    def test_a_search_fills_what_the_caller_wants(self, user):
        lead = lead_note_search(
            user=user,
            phone=PHONE,
            max_price=Decimal("1850"),
            min_bedrooms=2,
            pets_allowed=True,
            available_by=date(2027, 1, 15),
        )
        lead.refresh_from_db()
        assert (lead.budget_max, lead.bedrooms_min, lead.pets, lead.move_in_date) == (
            Decimal("1850"),
            2,
            "Has pets",
            date(2027, 1, 15),
        )
        # A later search says something new: it replaces what an earlier call inferred.
        lead_note_search(user=user, phone=PHONE, max_price=Decimal("2100"))
        lead.refresh_from_db()
        assert lead.budget_max == Decimal("2100") and lead.bedrooms_min == 2

    def test_the_managers_values_are_never_overwritten_by_a_call(self, user):
        lead = LeadFactory(user=user, phone=PHONE, name="")
        lead_update(user=user, lead=lead, data={"name": "Jamie Fox", "budget_max": Decimal("1500"), "pets": ""})
        rental = RentalFactory(user=user)
        lead_note_search(user=user, phone=PHONE, max_price=Decimal("3000"), pets_allowed=True, min_bedrooms=3)
        lead_for_booking(user=user, phone=PHONE, name="J. Fox", email="j@example.com", rental=rental)
        lead_fill_from_structured_data(
            user=user, lead=lead, data={"name": "Jay", "budget_max": 9, "pets": "a dog", "bedrooms_min": 1}
        )
        lead.refresh_from_db()
        assert lead.name == "Jamie Fox" and lead.budget_max == Decimal("1500") and lead.pets == ""
        # What the manager did not type is still filled.
        assert lead.bedrooms_min == 3 and lead.email == "j@example.com"
        assert list(lead.rentals.all()) == [rental]

    def test_structured_data_fills_only_what_is_empty(self, user):
        rental = RentalFactory(user=user)
        foreign = RentalFactory()
        lead = lead_note_search(user=user, phone=PHONE, max_price=Decimal("1800"))
        lead_fill_from_structured_data(
            user=user,
            lead=lead,
            data={
                "name": "Jamie Fox",
                "email": "jamie@example.com",
                "budget_max": 2500,
                "bedrooms_min": 2,
                "move_in_date": "2027-02-01",
                "pets": "one cat",
                "rental_ids": [rental.pk, foreign.pk, "nonsense"],
            },
        )
        lead.refresh_from_db()
        assert lead.budget_max == Decimal("1800")  # already said during the call
        assert (lead.name, lead.email, lead.bedrooms_min, lead.move_in_date, lead.pets) == (
            "Jamie Fox",
            "jamie@example.com",
            2,
            date(2027, 2, 1),
            "one cat",
        )
        assert list(lead.rentals.all()) == [rental]  # another manager's rental is not added

    def test_values_the_model_refuses_are_ignored(self, user):
        lead = lead_for_call(user=user, phone=PHONE)
        lead_fill_from_structured_data(
            user=user,
            lead=lead,
            data={"email": "not an email", "bedrooms_min": True, "budget_max": -5, "move_in_date": "soon", "name": 7},
        )
        lead.refresh_from_db()
        assert (lead.email, lead.bedrooms_min, lead.budget_max, lead.move_in_date, lead.name) == (
            "",
            None,
            None,
            None,
            "",
        )
        assert lead_fill_from_structured_data(user=user, lead=lead, data="nonsense") == lead


@pytest.mark.django_db
def test_a_booking_makes_the_attendees_lead_but_a_try_panel_test_does_not(user):
    agent = AgentFactory(user=user)
    first, second = free_starts(agent)[:2]
    test = appointment_book(
        user=user, agent=agent, start=first, attendee_name="Me", attendee_phone=PHONE, source="test"
    )
    assert test.lead is None and Lead.objects.count() == 0
    web = appointment_book(user=user, agent=agent, start=second, attendee_name="Jo", attendee_phone="512 555 0199")
    assert web.lead.phone == PHONE and web.lead.name == "Jo" and web.lead.status == "viewing_booked"


@pytest.mark.django_db
def test_structured_data_reads_a_budget_as_people_say_it(user):
    lead = lead_for_call(user=user, phone=PHONE)
    lead_fill_from_structured_data(user=user, lead=lead, data={"budget_max": "$1,850/mo", "bedrooms_min": 500})
    lead.refresh_from_db()
    assert lead.budget_max == Decimal("1850") and lead.bedrooms_min is None
