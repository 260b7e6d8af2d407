"""The dashboard's first-run checklist: each step ticks itself off from the data, the whole
list goes once every step is done, and never-bookable agents are warned about."""

import re

import pytest
from django.utils import timezone

from agents.models import Agent
from agents.tests.factories import AgentFactory
from calendars.tests.factories import AppointmentFactory, ConnectionFactory
from dashboard.checklist import first_run
from dashboard.selectors import dashboard_stats
from rentals.models import RentalSource, ScrapeRun
from voice.models import Call

pytestmark = pytest.mark.django_db

CLOSED = {day: [] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def _steps(web):
    response = web.get("/")
    assert response.status_code == 200
    return {step.key: step.done for step in response.context["checklist"]["steps"]}, response.content.decode()


def _step_html(html, key):
    match = re.search(rf'<li class="checklist-step[^"]*" data-step="{key}" data-done="(\w+)"', html)
    return match and match.group(1)


def test_a_fresh_account_sees_every_step_open_with_a_link(web):
    steps, html = _steps(web)
    assert steps == {"hours": False, "calendar": False, "source": False, "sync": False, "call": False}
    assert "0 of 5 done" in html
    assert 'href="/agents/new/"' in html and 'href="/sources/new/"' in html and 'href="/calendar/"' in html
    for key in steps:
        assert _step_html(html, key) == "false"


def test_hours_tick_with_an_agent_that_has_an_open_day(web, user):
    agent = AgentFactory(user=user, working_hours=CLOSED)
    assert _steps(web)[0]["hours"] is False
    agent.working_hours = {**CLOSED, "tue": [["10:00", "12:00"]]}
    agent.save()
    steps, html = _steps(web)
    assert steps["hours"] is True and _step_html(html, "hours") == "true"


def test_calendar_ticks_with_a_connection(web, user):
    ConnectionFactory(user=user)
    assert _steps(web)[0]["calendar"] is True


def test_calendar_ticks_with_a_viewing_in_the_built_in_calendar(web, user):
    AppointmentFactory(user=user, connection=None)
    steps, html = _steps(web)
    assert steps["calendar"] is True
    assert "built-in calendar in use" in html


def test_source_ticks_only_once_a_scrape_found_rentals(web, user):
    source = RentalSource.objects.create(user=user, name="Maple site", website_url="https://maple.example")
    assert _steps(web)[0]["source"] is False
    ScrapeRun.objects.create(user=user, source=source, status="succeeded", listings_found=0)
    assert _steps(web)[0]["source"] is False
    ScrapeRun.objects.create(user=user, source=source, status="succeeded", listings_found=4)
    assert _steps(web)[0]["source"] is True


def test_an_unscraped_source_is_offered_a_scrape_now_button(web, user):
    source = RentalSource.objects.create(user=user, name="Demo listings", website_url="https://demo.example")
    html = web.get("/").content.decode()
    assert "Demo listings</a> has not been scraped yet" in html
    assert f'action="/sources/{source.pk}/scrape/"' in html and "Scrape now" in html


def test_sync_ticks_with_a_synced_agent(web, user):
    AgentFactory(user=user, sync_status=Agent.SyncStatus.SYNCED, vapi_assistant_id="asst-1")
    assert _steps(web)[0]["sync"] is True


def test_without_vapi_the_sync_step_points_to_the_account_page(web, user, settings):
    settings.VAPI_API_KEY = ""
    AgentFactory(user=user)
    steps, html = _steps(web)
    assert steps["sync"] is False
    assert "VAPI is not set up yet" in html and 'href="/account/"' in html


def test_call_ticks_with_a_recorded_call(web, user):
    Call.objects.create(user=user, vapi_call_id="c1", started_at=timezone.now())
    assert _steps(web)[0]["call"] is True


def test_call_ticks_with_a_booking_made_through_an_agents_tools(web, user):
    AppointmentFactory(user=user, source="voice")
    assert _steps(web)[0]["call"] is True


def test_the_checklist_goes_once_every_step_is_done(web, user):
    agent = AgentFactory(user=user, sync_status=Agent.SyncStatus.SYNCED, vapi_assistant_id="asst-1")
    source = RentalSource.objects.create(user=user, name="Maple site", website_url="https://maple.example")
    ScrapeRun.objects.create(user=user, source=source, status="succeeded", listings_found=3)
    ConnectionFactory(user=user)
    Call.objects.create(user=user, agent=agent, vapi_call_id="c1", started_at=timezone.now())
    response = web.get("/")
    assert response.context["checklist"]["complete"] is True
    assert 'id="checklist"' not in response.content.decode()


def test_a_never_bookable_agent_is_warned_about_on_dashboard_list_and_page(web, user):
    riley = AgentFactory(user=user, agent_name="Riley", working_hours=CLOSED)
    AgentFactory(user=user, agent_name="Paused", working_hours=CLOSED, is_active=False)
    warning = "Riley</a> can't be booked: every day is closed. Set working hours."
    assert warning in web.get("/").content.decode()
    assert warning in web.get("/agents/").content.decode()
    detail = web.get(f"/agents/{riley.pk}/").content.decode()
    assert "Riley can't be booked: every day is closed." in detail
    assert "Paused" not in web.get("/").content.decode().split('data-alert="unbookable"')[-1].split("</p>")[0]


def test_the_dashboard_stays_within_a_fixed_number_of_queries(web, user, django_assert_max_num_queries):
    for n in range(5):
        agent = AgentFactory(user=user, working_hours=CLOSED)
        AppointmentFactory(user=user, agent=agent)
        source = RentalSource.objects.create(user=user, name=f"Site {n}", website_url=f"https://s{n}.example")
        ScrapeRun.objects.create(user=user, source=source, status="failed")
    web.get("/")
    # 12 for the page as before (session, user, six aggregates, chart, lists), 3 aggregates for
    # the 30-day funnel (calls, leads, viewings) and at most 6 for the checklist, however many
    # agents, sources, viewings and leads there are.
    with django_assert_max_num_queries(21):
        response = web.get("/")
    assert len(response.context["checklist"]["unbookable"]) == 5
    stats = dashboard_stats(user=user)
    with django_assert_max_num_queries(6):
        first_run(user=user, stats=stats)
