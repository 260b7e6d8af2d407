"""The server-rendered pages: they render, stay owner-scoped, check CSRF and show form errors."""

import re
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from agents.models import Agent
from agents.tests.factories import AgentFactory
from calendars.models import Appointment
from calendars.tests.factories import AppointmentFactory, ConnectionFactory, RentalFactory
from rentals.models import RentalSource, ScrapeRun
from testsupport.clients import signed_in
from voice.models import Call, ToolInvocation

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(user):
    return signed_in(user, Client)


@pytest.fixture
def other_web(other_user):
    return signed_in(other_user, Client)


@pytest.fixture
def owned(user):
    """One of everything, owned by `user`."""
    agent = AgentFactory(user=user, agent_name="Maple line")
    source = RentalSource.objects.create(user=user, name="Maple site", website_url="https://maple.example")
    ScrapeRun.objects.create(user=user, source=source, status="failed", error="The site answered 500.")
    rental = RentalFactory(user=user, source=source, external_id="m1", title="Maple flat", city="Austin", price=1450)
    connection = ConnectionFactory(user=user, status="needs_reauth", last_error="Token revoked")
    appointment = AppointmentFactory(
        user=user, agent=agent, rental=rental, start=timezone.now() + timedelta(days=1), attendee_name="Avery Renter"
    )
    call = Call.objects.create(
        user=user,
        agent=agent,
        vapi_call_id="call-maple",
        started_at=timezone.now(),
        duration_seconds=75,
        customer_number="+15125550100",
        summary="Asked about the Maple flat.",
        messages=[{"role": "bot", "message": "Hello!"}, {"role": "user", "message": "Is Maple free?"}],
    )
    ToolInvocation.objects.create(
        user=user, agent=agent, call=call, tool_call_id="tc-1", name="search_rentals", result="1 rental found."
    )
    return {
        "agent": agent,
        "source": source,
        "rental": rental,
        "connection": connection,
        "appointment": appointment,
        "call": call,
    }


def _detail_urls(owned):
    return [
        f"/agents/{owned['agent'].pk}/",
        f"/agents/{owned['agent'].pk}/edit/",
        f"/rentals/{owned['rental'].pk}/",
        f"/rentals/{owned['rental'].pk}/edit/",
        f"/sources/{owned['source'].pk}/",
        f"/sources/{owned['source'].pk}/edit/",
        f"/calls/{owned['call'].pk}/",
    ]


LIST_URLS = [
    "/",
    "/agents/",
    "/agents/new/",
    "/rentals/",
    "/rentals/new/",
    "/sources/",
    "/sources/new/",
    "/calendar/",
    "/calendar/appointments/new/",
    "/calls/",
    "/account/",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_pages_ask_for_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("url", LIST_URLS)
def test_pages_render_empty_with_a_next_step(web, url):
    response = web.get(url)
    assert response.status_code == 200
    assert b"<nav" in response.content


def test_pages_render_with_data(web, owned):
    for url in LIST_URLS + _detail_urls(owned):
        response = web.get(url)
        assert response.status_code == 200, url
    home = web.get("/").content.decode()
    assert "Maple site" in home and "needs to be reconnected" in home
    assert "Avery Renter" in home
    call_page = web.get(f"/calls/{owned['call'].pk}/").content.decode()
    assert "Is Maple free?" in call_page and "search_rentals" in call_page and "Avery Renter" not in call_page


def test_another_users_objects_are_404_and_invisible(other_web, owned):
    for url in _detail_urls(owned):
        assert other_web.get(url).status_code == 404, url
    for url in ["/agents/", "/rentals/", "/sources/", "/calendar/", "/calls/", "/"]:
        page = other_web.get(url).content.decode()
        for name in ("Maple line", "Maple flat", "Maple site", "Avery Renter", "+15125550100"):
            assert name not in page, (url, name)
    posts = [
        f"/agents/{owned['agent'].pk}/rotate-secret/",
        f"/agents/{owned['agent'].pk}/delete/",
        f"/agents/{owned['agent'].pk}/try/",
        f"/rentals/{owned['rental'].pk}/delete/",
        f"/sources/{owned['source'].pk}/delete/",
        f"/calendar/appointments/{owned['appointment'].pk}/cancel/",
        f"/calendar/connections/{owned['connection'].pk}/disconnect/",
    ]
    secret = owned["agent"].webhook_secret
    for url in posts:
        assert other_web.post(url, {"tool": "search_rentals"}).status_code == 404, url
    owned["agent"].refresh_from_db()
    assert owned["agent"].webhook_secret == secret
    assert Appointment.objects.get(pk=owned["appointment"].pk).status == "booked"


def test_forms_refuse_a_post_without_the_csrf_token(user, owned):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post("/agents/new/", {"agent_name": "X"}).status_code == 403
    assert client.post(f"/calendar/appointments/{owned['appointment'].pk}/cancel/").status_code == 403
    assert Agent.objects.filter(agent_name="X").count() == 0


def test_agent_form_shows_errors_beside_the_fields(web, user):
    response = web.post(
        "/agents/new/",
        {
            "agent_name": "",
            "timezone": "America/Chicago",
            "slot_minutes": 1,
            "buffer_minutes": 0,
            "min_notice_minutes": 60,
            "booking_horizon_days": 14,
            "mon_open": "on",
            "mon_start": "12:00",
            "mon_end": "09:00",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "agent_name" in form.errors
    assert Agent.objects.for_user(user).count() == 0


def test_agent_create_and_edit_through_the_form(web, user):
    data = {
        "agent_name": "Oak line",
        "is_active": "on",
        "timezone": "America/Chicago",
        "slot_minutes": 45,
        "buffer_minutes": 15,
        "min_notice_minutes": 120,
        "booking_horizon_days": 10,
        "mon_open": "on",
        "mon_start": "09:00",
        "mon_end": "12:00",
        "mon_start2": "13:00",
        "mon_end2": "17:00",
        "sat_open": "on",
        "sat_start": "10:00",
        "sat_end": "14:00",
    }
    response = web.post("/agents/new/", data)
    agent = Agent.objects.for_user(user).get()
    assert response.status_code == 302 and response["Location"] == f"/agents/{agent.pk}/"
    assert agent.working_hours["mon"] == [["09:00", "12:00"], ["13:00", "17:00"]]
    assert agent.working_hours["tue"] == [] and agent.working_hours["sat"] == [["10:00", "14:00"]]
    assert agent.slot_minutes == 45 and agent.booking_calendar is None

    overlapping = dict(data, mon_start2="11:00")
    response = web.post(f"/agents/{agent.pk}/edit/", overlapping)
    assert response.status_code == 200
    assert "overlap" in str(response.context["form"].errors["working_hours"])


def test_agent_form_offers_every_time_zone_with_the_agents_own_selected(web, user):
    agent = AgentFactory(user=user, timezone="Asia/Kathmandu")
    page = web.get(f"/agents/{agent.pk}/edit/").content.decode()
    select = page[page.index('<select name="timezone" id="id_timezone">'):]
    select = select[:select.index("</select>")]
    offered = re.findall(r'<option value="([^"]+)"', select)
    assert offered == sorted(zoneinfo.available_timezones())
    assert re.findall(r'<option value="([^"]+)" selected>', select) == ["Asia/Kathmandu"]
    response = web.post(f"/agents/{agent.pk}/edit/", {"agent_name": agent.agent_name, "timezone": "Mars/Olympus"})
    assert "timezone" in response.context["form"].errors
    agent.refresh_from_db()
    assert agent.timezone == "Asia/Kathmandu"


def test_agent_booking_calendar_choice_is_only_the_users_own(web, user, other_user):
    mine = ConnectionFactory(user=user, account_email="mine@example.com")
    theirs = ConnectionFactory(user=other_user, account_email="theirs@example.com")
    page = web.get("/agents/new/").content.decode()
    assert "mine@example.com" in page and "theirs@example.com" not in page
    response = web.post(
        "/agents/new/",
        {
            "agent_name": "Elm line",
            "timezone": "UTC",
            "slot_minutes": 30,
            "buffer_minutes": 0,
            "min_notice_minutes": 60,
            "booking_horizon_days": 14,
            "booking_calendar": theirs.pk,
        },
    )
    assert response.status_code == 200 and "booking_calendar" in response.context["form"].errors
    assert not Agent.objects.filter(agent_name="Elm line").exists()
    assert mine.pk


def test_rental_list_uses_the_api_filters_and_reports_bad_values(web, user):
    RentalFactory(user=user, title="Cheap studio", price=900, bedrooms=0, city="Austin")
    RentalFactory(user=user, title="Big house", price=2900, bedrooms=4, city="Round Rock")
    page = web.get("/rentals/", {"max_price": "1000"}).content.decode()
    assert "Cheap studio" in page and "Big house" not in page
    page = web.get("/rentals/", {"city": "round rock", "ordering": "-price"}).content.decode()
    assert "Big house" in page and "Cheap studio" not in page
    response = web.get("/rentals/", {"max_price": "lots"})
    assert response.status_code == 200
    assert "max_price" in response.context["filters"].errors


def test_rental_create_through_the_form_sets_the_owner(web, user, other_user):
    response = web.post(
        "/rentals/new/",
        {
            "title": "Hand-added loft",
            "price": "1750",
            "bedrooms": "1",
            "status": "available",
            "currency": "usd",
            "pets_allowed": "unknown",
            "user": other_user.pk,
        },
    )
    assert response.status_code == 302
    rental = user.rentals.get()
    assert rental.title == "Hand-added loft" and rental.currency == "USD"


def test_source_form_reports_selector_errors_beside_their_fields(web, user):
    response = web.post(
        "/sources/new/",
        {
            "website_url": "https://rentals.example.com",
            "scrape_interval_minutes": 1440,
            "strategy": "css",
            "item": "div.listing",
            "field_price": "[[[",
            "max_pages": 500,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "field_price" in errors and "max_pages" in errors
    assert not RentalSource.objects.for_user(user).exists()


def test_source_form_refuses_private_addresses(web, user, settings):
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = False
    response = web.post(
        "/sources/new/", {"website_url": "http://127.0.0.1/", "scrape_interval_minutes": 1440, "strategy": "auto"}
    )
    assert response.status_code == 200 and "website_url" in response.context["form"].errors


def test_cancel_an_appointment_from_the_calendar_page(web, owned):
    response = web.post(f"/calendar/appointments/{owned['appointment'].pk}/cancel/")
    assert response.status_code == 302
    assert Appointment.objects.get(pk=owned["appointment"].pk).status == "cancelled"


def test_connect_buttons_explain_when_a_provider_is_not_configured(web, settings):
    settings.MICROSOFT_CLIENT_ID = settings.GOOGLE_CLIENT_ID = ""
    page = web.get("/calendar/").content.decode()
    assert page.count("disabled") >= 2 and "MICROSOFT_CLIENT_ID" in page
    response = web.post("/calendar/connect/google/", follow=True)
    assert "not configured" in response.content.decode()


def test_try_a_tool_answers_like_a_caller_would_hear(web, user, owned):
    RentalFactory(user=user, title="Cedar loft", price=1300, bedrooms=1, city="Austin")
    response = web.post(
        f"/agents/{owned['agent'].pk}/try/", {"tool": "search_rentals", "arg_max_price": "1400"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "The caller hears" in text and "Cedar loft" not in text  # spoken: bedrooms, place, price
    assert "rental id" in text and "1,300" in text

    response = web.post(f"/agents/{owned['agent'].pk}/try/", {"tool": "book_appointment"}, HTTP_HX_REQUEST="true")
    assert "start is required" in response.content.decode()


def test_run_progress_polls_while_active_and_stops_when_done(web, owned):
    source = owned["source"]
    run = ScrapeRun.objects.create(user=source.user, source=source, status="running", pages_fetched=2)
    url = f"/sources/{source.pk}/runs/{run.pk}/"
    text = web.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in text and "2 pages read so far" in text

    ScrapeRun.objects.filter(pk=run.pk).update(status="succeeded", pages_fetched=3, listings_found=9, created_count=9)
    text = web.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in text.split("<template>")[0]
    assert "9 listings found: 9 new" in text and 'hx-swap-oob="true"' in text


def test_a_scrape_already_running_shows_that_run(web, owned):
    source = owned["source"]
    ScrapeRun.objects.create(user=source.user, source=source, status="running")
    text = web.post(f"/sources/{source.pk}/scrape/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-run-status="running"' in text
    assert ScrapeRun.objects.filter(source=source).count() == 2


def test_calls_filter_by_agent_and_local_dates(web, user, owned):
    other_agent = AgentFactory(user=user, agent_name="Oak line")
    # 23:30 in Chicago on 1 March is already 2 March in UTC: the page counts it on 1 March.
    late = datetime(2026, 3, 2, 5, 30, tzinfo=UTC)
    Call.objects.create(
        user=user, agent=other_agent, vapi_call_id="late", started_at=late, customer_number="+15125550777"
    )
    page = web.get("/calls/", {"date_from": "2026-03-01", "date_to": "2026-03-01"}).content.decode()
    assert "+15125550777" in page and "+15125550100" not in page
    page = web.get("/calls/", {"date_from": "2026-03-02"}).content.decode()
    assert "+15125550777" not in page and "+15125550100" in page
    page = web.get("/calls/", {"agent": owned["agent"].pk}).content.decode()
    assert "+15125550100" in page and "+15125550777" not in page
    response = web.get("/calls/", {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert "date_to" in response.context["form"].errors


@pytest.mark.parametrize("zone", ["America/Chicago", "Asia/Tokyo", "Pacific/Kiritimati", "Etc/GMT+12"])
def test_calls_filter_on_the_first_and_last_days_of_the_calendar_filters_instead_of_failing(web, user, owned, zone):
    # Year 9999 has no next day and year 1 starts before UTC's year 1 east of Greenwich: a day
    # at either end of the calendar still has bounds, so the filter means what it says.
    user.timezone = zone
    user.save()
    number = owned["call"].customer_number

    def shows_the_call(**dates):
        response = web.get("/calls/", dates)
        assert response.status_code == 200
        assert not response.context["form"].errors
        return number in response.content.decode()

    assert shows_the_call(date_to="9999-12-31")
    assert shows_the_call(date_from="0001-01-01")
    assert shows_the_call(date_from="0001-01-01", date_to="9999-12-31")
    assert not shows_the_call(date_from="9999-12-31")
    assert not shows_the_call(date_to="0001-01-01")
    assert not shows_the_call(date_from="9999-12-31", date_to="9999-12-31")


@pytest.mark.parametrize("value", ["10000-01-01", "99999999999999999999", "-1", "0000-01-01", "1e400", "NaN"])
def test_calls_filter_date_beyond_the_calendar_is_a_form_error_not_a_server_error(web, owned, value):
    response = web.get("/calls/", {"date_from": value, "date_to": value})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["date_from"] == ["Enter a valid date."] and errors["date_to"] == ["Enter a valid date."]
    page = response.content.decode()
    assert "Enter a valid date." in page and owned["call"].customer_number not in page


def test_sync_now_pushes_the_agent_to_vapi(web, owned, fake_vapi):
    agent = owned["agent"]
    response = web.post(f"/agents/{agent.pk}/sync/", follow=True)
    agent.refresh_from_db()
    assert agent.sync_status == "synced" and agent.vapi_assistant_id
    assert "Synced to VAPI." in response.content.decode()


def test_sync_now_without_vapi_explains_and_changes_nothing(web, owned, settings):
    settings.VAPI_API_KEY = ""
    page = web.get(f"/agents/{owned['agent'].pk}/").content.decode()
    assert "VAPI_API_KEY" in page
    response = web.post(f"/agents/{owned['agent'].pk}/sync/", follow=True)
    assert "not configured" in response.content.decode()


def test_talk_button_only_with_a_public_key_and_an_assistant(web, owned, settings):
    agent = owned["agent"]
    settings.VAPI_PUBLIC_KEY = ""
    assert "vapi-web.min.js" not in web.get(f"/agents/{agent.pk}/").content.decode()
    settings.VAPI_PUBLIC_KEY = "pk-public-test"
    Agent.objects.filter(pk=agent.pk).update(vapi_assistant_id="asst-123")
    page = web.get(f"/agents/{agent.pk}/").content.decode()
    assert "vapi-web.min.js" in page and 'data-assistant-id="asst-123"' in page and "Start a call" in page


def test_a_source_that_gave_no_rentals_needs_attention_until_a_scrape_finds_some(web, user):
    source = RentalSource.objects.create(user=user, name="Unreadable site", website_url="https://unread.example")
    ScrapeRun.objects.create(
        user=user, source=source, status="succeeded", listings_found=0, pages_fetched=1,
        warnings=["No rentals were recognised on https://unread.example."],
    )
    html = web.get("/").content.decode()
    assert "LeaseLine found no rentals on" in html and "Unreadable site" in html
    detail = web.get(f"/sources/{source.pk}/").content.decode()
    assert "No rentals were recognised on https://unread.example." in detail

    ScrapeRun.objects.create(user=user, source=source, status="succeeded", listings_found=4, pages_fetched=1)
    assert "Unreadable site" not in web.get("/").content.decode()


def test_source_form_sets_platform_defaults_and_a_page_address_and_keeps_what_it_does_not_show(web, user):
    source = RentalSource.objects.create(
        user=user, name="Maple", website_url="https://maple.example",
        scraping_config={"defaults": {"postal_code": "78701"}, "page_fields": {"city": "footer .city::text"}},
    )
    page = web.get(f"/sources/{source.pk}/edit/").content.decode()
    assert "Listing platform" in page and "Recognise it automatically" in page

    response = web.post(f"/sources/{source.pk}/edit/", {
        "name": "Maple", "website_url": "https://maple.example", "scrape_interval_minutes": 1440, "is_active": "on",
        "strategy": "auto", "platform": "appfolio", "page_address": "footer .address::text",
        "default_city": "Austin", "default_state": "TX",
    })

    assert response.status_code == 302
    source.refresh_from_db()
    assert source.scraping_config == {
        "strategy": "auto", "platform": "appfolio",
        "page_fields": {"city": "footer .city::text", "address": "footer .address::text"},
        "defaults": {"postal_code": "78701", "city": "Austin", "state": "TX"},
    }
    shown = web.get(f"/sources/{source.pk}/edit/").content.decode()
    assert 'value="Austin"' in shown and 'value="footer .address::text"' in shown


def test_source_form_shows_a_bad_page_address_beside_its_field(web, user):
    response = web.post("/sources/new/", {
        "website_url": "https://rentals.example.com", "scrape_interval_minutes": 1440, "strategy": "auto",
        "page_address": "footer[[",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["page_address"]
