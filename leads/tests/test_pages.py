"""The lead list, the lead page (timeline, edit, attended / no-show) and the dashboard funnel."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from agents.tests.factories import AgentFactory
from calendars.tests.factories import AppointmentFactory
from leads.services import lead_note_search
from testsupport.clients import signed_in
from voice.tests.factories import CallFactory

from .factories import LeadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(user):
    return signed_in(user, Client)


def test_the_list_shows_the_managers_leads_with_numbers_as_people_write_them(web, user, other_user):
    LeadFactory(user=user, name="Jamie Fox", phone="+15125550199", status="viewing_booked", budget_max=1850)
    LeadFactory(user=user, name="Sam Lee", phone="+15125550142")
    LeadFactory(user=other_user, name="Rival Renter")
    page = web.get("/leads/").content.decode()
    assert "Jamie Fox" in page and "(512) 555-0199" in page and "Viewing booked" in page
    assert "Up to $1,850" in page and "Rival Renter" not in page and "+15125550199" not in page
    filtered = web.get("/leads/", {"q": "555-0142"}).content.decode()
    assert "Sam Lee" in filtered and "Jamie Fox" not in filtered
    filtered = web.get("/leads/", {"status": "viewing_booked"}).content.decode()
    assert "Jamie Fox" in filtered and "Sam Lee" not in filtered
    assert 'href="/leads/"' in web.get("/").content.decode()  # in the top menu


def test_an_empty_list_says_where_leads_come_from(web):
    assert "No leads yet" in web.get("/leads/").content.decode()


def test_another_managers_lead_page_is_404(web, other_user):
    theirs = LeadFactory(user=other_user)
    assert web.get(f"/leads/{theirs.pk}/").status_code == 404
    assert web.post(f"/leads/{theirs.pk}/", {"name": "Mine"}).status_code == 404


def test_the_lead_page_shows_the_timeline_and_edits_are_the_managers(web, user):
    agent = AgentFactory(user=user)
    lead = LeadFactory(user=user, name="Jamie Fox", phone="+15125550199", status="contacted")
    CallFactory(agent=agent, lead=lead, summary="Asked about two-bedroom flats near the park.")
    page = web.get(f"/leads/{lead.pk}/").content.decode()
    assert "Asked about two-bedroom flats" in page and "Timeline" in page and "(512) 555-0199" in page

    response = web.post(
        f"/leads/{lead.pk}/",
        {"name": "Jamie Fox", "email": "", "status": "contacted", "budget_max": "1500", "notes": "Prefers mornings"},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    # Only what the manager changed is theirs; the name was left as it was.
    assert lead.budget_max == Decimal("1500") and lead.notes == "Prefers mornings"
    assert lead.manager_fields == ["budget_max"]
    lead_note_search(user=user, phone=lead.phone, max_price=Decimal("2500"), min_bedrooms=2)
    lead.refresh_from_db()
    assert lead.budget_max == Decimal("1500") and lead.bedrooms_min == 2

    response = web.post(f"/leads/{lead.pk}/", {"name": "Jamie Fox", "status": "contacted", "email": "nope"})
    assert response.status_code == 400 and "email" in response.context["form"].errors


def test_started_viewings_are_marked_attended_or_no_show_from_the_lead_page(web, user):
    lead = LeadFactory(user=user, status="viewing_booked")
    started = timezone.now() - timedelta(minutes=30)
    past = AppointmentFactory(user=user, lead=lead, start=started, end=started + timedelta(minutes=30))
    coming = timezone.now() + timedelta(days=1)
    AppointmentFactory(user=user, lead=lead, start=coming, end=coming + timedelta(minutes=30))
    page = web.get(f"/leads/{lead.pk}/").content.decode()
    assert page.count('name="status" value="attended"') == 1  # only the started viewing
    response = web.post(
        f"/calendar/appointments/{past.pk}/attendance/", {"status": "attended", "next": f"/leads/{lead.pk}/"}
    )
    assert response.status_code == 302 and response["Location"] == f"/leads/{lead.pk}/"
    lead.refresh_from_db()
    past.refresh_from_db()
    assert past.status == "attended" and lead.status == "viewed"
    page = web.get(f"/leads/{lead.pk}/", follow=True).content.decode()
    assert 'aria-pressed="true"' in page


def test_the_dashboard_shows_the_funnel_and_the_no_show_rate(web, user):
    agent = AgentFactory(user=user)
    CallFactory(agent=agent, started_at=timezone.now() - timedelta(days=1))
    LeadFactory(user=user, first_contact_at=timezone.now() - timedelta(days=1))
    past = timezone.now() - timedelta(days=2)
    for status in ("attended", "attended", "attended", "no_show"):
        AppointmentFactory(user=user, agent=agent, start=past, end=past + timedelta(minutes=30), status=status)
    page = web.get("/").content.decode()
    assert "From call to lease" in page and 'data-funnel="no_shows">1<' in page
    assert "No-show rate: <b>25%</b> of the 4 viewings marked" in page
