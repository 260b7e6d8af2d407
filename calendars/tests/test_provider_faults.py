"""Whatever a provider answers (an outage, silence, HTML, JSON of the wrong shape), LeaseLine
answers as documented and never with a 500.

Each fault is injected at the loopback fake and every request goes through the public endpoints:
the OAuth callback redirects with ?error=exchange_failed, a sign-in that cannot start is a 503,
reads report the calendar as unreadable (an entry in the events' `errors`, no slots and an
`error` in availability), a booking is a 503 calendar_unavailable that stores nothing. A fault
that may pass never marks a connection needs_reauth.
"""

from datetime import datetime

import pytest

from calendars.models import Appointment, CalendarConnection

from .factories import AgentFactory
from .flows import connect, finish_connect, start_connect
from .test_appointments import book

pytestmark = pytest.mark.django_db

FAULTS = {
    "unavailable": {"status": 503},
    "silent": {"delay": 1.0},  # longer than the tests' CALENDAR_HTTP_TIMEOUT_SECONDS
    "html": {"status": 200, "body": b"<!doctype html><title>Sign in to the hotel Wi-Fi</title>"},
    "list": {"status": 200, "body": ["access_token", "value", "items"]},
    "string": {"status": 200, "body": "access_token"},
}
TOKEN_PATHS = {"microsoft": "/oauth2/v2.0/token", "google": "/token"}
PROVIDERS = ["microsoft", "google"]


def events_report_the_calendar(client, agent):
    events = client.get("/api/calendar/events")
    assert events.status_code == 200, events.content
    assert [error["connection_id"] for error in events.json()["errors"]] == [agent.booking_calendar_id]


def no_slots_and_no_booking(client, agent):
    availability = client.get("/api/calendar/availability", {"agent_id": agent.pk})
    assert availability.status_code == 200, availability.content
    assert availability.json()["slots"] == [] and availability.json()["error"]
    booking_refused(client, agent, datetime.fromisoformat("2030-01-07T10:00:00-06:00"))


def booking_refused(client, agent, start):
    booking = book(client, agent, start)
    assert booking.status_code == 503, booking.content
    assert booking.json()["code"] == "calendar_unavailable"
    assert not Appointment.objects.exists()


def first_free_slot(client, agent):
    availability = client.get("/api/calendar/availability", {"agent_id": agent.pk}).json()
    assert "error" not in availability, availability
    return datetime.fromisoformat(availability["slots"][0]["start"])


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("provider_name", PROVIDERS)
def test_a_failing_code_exchange_redirects_with_exchange_failed(request, api_client, provider_name, fault):
    fake = request.getfixturevalue(provider_name)
    url = start_connect(api_client, provider_name)
    fake.fail_next(TOKEN_PATHS[provider_name], times=5, **FAULTS[fault])

    _, result = finish_connect(fake, url, email="a@example.com")

    assert result == {"error": "exchange_failed"}
    assert not CalendarConnection.objects.exists()


@pytest.mark.parametrize("fault", FAULTS)
def test_a_microsoft_sign_in_that_cannot_be_discovered_is_503_at_start(api_client, microsoft, calendar_settings, fault):
    # A tenant per fault: msal keeps discovery answers (and outages) per authority for a while.
    calendar_settings.MICROSOFT_AUTHORITY = f"{microsoft.authority}-down-{fault}"
    microsoft.fail_next("/.well-known/openid-configuration", times=5, **FAULTS[fault])

    response = api_client.get("/api/calendar/auth/start", {"provider": "microsoft"})

    assert response.status_code == 503, response.content
    assert response.json()["code"] == "calendar_unavailable"


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("provider_name", PROVIDERS)
def test_a_failing_token_refresh_reads_as_unreadable_and_keeps_the_connection(
    request, api_client, user, provider_name, fault
):
    fake = request.getfixturevalue(provider_name)
    agent = AgentFactory(user=user, booking_calendar=connect(api_client, fake, provider_name, email="a@example.com"))
    fake.expire_access_tokens()  # every call is refused (401) and LeaseLine refreshes
    fake.fail_next(TOKEN_PATHS[provider_name], times=20, **FAULTS[fault])

    events_report_the_calendar(api_client, agent)
    no_slots_and_no_booking(api_client, agent)
    assert CalendarConnection.objects.get().status == "active"


def test_a_revoked_grant_still_means_needs_reauth(api_client, user, google):
    agent = AgentFactory(user=user, booking_calendar=connect(api_client, google, "google", email="a@example.com"))
    google.expire_access_tokens()
    google.revoke()

    events_report_the_calendar(api_client, agent)
    no_slots_and_no_booking(api_client, agent)
    assert CalendarConnection.objects.get().status == "needs_reauth"


# Calendar API calls: (provider, path, method), which requests reach it, and answers of the wrong
# shape that are still JSON objects.
API_CALLS = {
    "graph-calendar-view": (
        "microsoft",
        "/me/calendar/calendarView",
        "GET",
        ("events", "busy"),
        [
            {"value": "events"},
            {"value": ["event"]},
            {"value": [{"id": "x"}]},
            {"value": [{"id": "x", "start": {"dateTime": "soon"}, "end": {"dateTime": "later"}}]},
            {"value": [], "@odata.nextLink": ["x"]},
        ],
    ),
    "graph-create-event": (
        "microsoft",
        "/me/calendar/events",
        "POST",
        ("booking",),
        [{}, {"id": ["x"]}],
    ),
    "google-events-list": (
        "google",
        "/events",
        "GET",
        ("events",),
        [
            {"items": "events"},
            {"items": [7]},
            {"items": [{"id": "x", "start": {"dateTime": "soon"}, "end": {}}]},
            {"items": [{"id": "x", "start": {"date": "9999-99-99"}}]},
        ],
    ),
    "google-free-busy": (
        "google",
        "/freeBusy",
        "POST",
        ("busy",),
        [
            {"calendars": []},
            {"calendars": {"primary": "busy"}},
            {"calendars": {"primary": {"busy": "all day"}}},
            {"calendars": {"primary": {"busy": [{"start": "soon", "end": "later"}]}}},
            {"calendars": {"primary": {"errors": ["notFound"]}}},
        ],
    ),
    "google-insert-event": (
        "google",
        "/events",
        "POST",
        ("booking",),
        [{"id": ["x"]}],
    ),
}
API_FAULTS = [
    pytest.param(name, FAULTS[fault_name], id=f"{name}-{fault_name}") for name in API_CALLS for fault_name in FAULTS
] + [
    pytest.param(name, {"status": 200, "body": body}, id=f"{name}-shape{number}")
    for name, (*_, shapes) in API_CALLS.items()
    for number, body in enumerate(shapes)
]


@pytest.mark.parametrize(("call", "fault"), API_FAULTS)
def test_a_failing_calendar_api_call_answers_as_documented(request, api_client, user, call, fault):
    provider_name, path, method, reached_by, _ = API_CALLS[call]
    fake = request.getfixturevalue(provider_name)
    agent = AgentFactory(user=user, booking_calendar=connect(api_client, fake, provider_name, email="a@example.com"))
    # Read before the fault (and so cached): only the booking itself meets it.
    start = first_free_slot(api_client, agent) if "booking" in reached_by else None
    fake.fail_next(path, method=method, times=20, **fault)

    if "events" in reached_by:
        events_report_the_calendar(api_client, agent)
    if "busy" in reached_by:
        no_slots_and_no_booking(api_client, agent)
    if "booking" in reached_by:
        booking_refused(api_client, agent, start)
    assert CalendarConnection.objects.get().status == "active"
