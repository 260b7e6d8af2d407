"""The security matrix of the API, read from the URL configuration so that a new route is
checked (or must be classified here) the day it is added: every API endpoint and method x
{anonymous: 401; another user, by session and by Clerk bearer: 404 on the owner's objects, only
their own rows in lists, counts and filters; a foreign key to the owner's object: 400; a
cross-site write without the CSRF token: 403}. The HTML pages' matrix is in
test_security_matrix_pages.py; the two managers' worlds in security_world.py.

After every refused request the database is exactly as before. Forged Clerk tokens are in
accounts/tests/test_auth_clerk.py and the SSRF matrix in rentals/tests/test_ssrf.py.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from agents.models import Agent, PhoneNumber
from calendars.models import Appointment, CalendarConnection
from leads.models import Lead
from rentals.models import Rental, RentalSource
from testsupport.routes import api_endpoints, html_pages

from . import security_world
from .security_world import TAKEOVER, assert_nothing_leaks, database_state

# The two managers' worlds, as this module's fixtures.
owned, rivals, rival_client = security_world.owned, security_world.rivals, security_world.rival_client

pytestmark = pytest.mark.django_db

# The API ----------------------------------------------------------------------------------------


def test_the_walks_find_every_route():
    assert len(api_endpoints()) > 30 and len(html_pages()) > 30


def send(client, endpoint, path, data=None):
    data = TAKEOVER if data is None and endpoint.method != "get" else data
    return getattr(client, endpoint.method)(path, data=data, format=None if endpoint.method == "get" else "json")


def test_anonymous_is_401_on_every_endpoint_and_changes_nothing(anon_client, owned, rivals):
    before = database_state()
    for endpoint in api_endpoints():
        response = send(anon_client, endpoint, endpoint.path_for(owned))
        assert response.status_code == 401, f"{endpoint}: {response.status_code}"
        assert_nothing_leaks(response, endpoint)
        assert database_state() == before, f"{endpoint} changed something"


def test_another_users_object_is_404_for_every_method_and_changes_nothing(rival_client, owned):
    before = database_state()
    checked = 0
    for endpoint in api_endpoints():
        if endpoint.on_object:
            response = send(rival_client, endpoint, endpoint.path_for(owned))
            assert response.status_code == 404, f"{endpoint}: {response.status_code}"
            assert response.json()["code"] == "not_found"
            assert database_state() == before, f"{endpoint} changed something"
            checked += 1
    assert checked >= 15


def test_reads_show_another_user_only_their_own_rows_even_when_filtering_by_the_owners_ids(rival_client, owned, rivals):
    foreign_ids = {
        "agent_id": owned[Agent][0].pk,
        "agent": owned[Agent][0].pk,
        "source": owned[RentalSource][0].pk,
        "source_id": owned[RentalSource][0].pk,
        "rental_id": owned[Rental][0].pk,
        "connection_id": owned[CalendarConnection][0].pk,
        "appointment_id": owned[Appointment][0].pk,
        "lead_id": owned[Lead][0].pk,
    }
    before = database_state()
    for endpoint in api_endpoints():
        if endpoint.on_object or endpoint.method != "get":
            continue
        for query in ({}, foreign_ids):
            response = rival_client.get(endpoint.path(), query)
            assert response.status_code in (200, 400), f"{endpoint} {query}: {response.status_code}"
            assert_nothing_leaks(response, f"{endpoint} {query}")
            envelope = getattr(endpoint.view, "envelope_key", None)
            if response.status_code == 200 and envelope:
                listed = {item["id"] for item in response.json()[envelope]}
                own = {item.pk for item in rivals[endpoint.model]}
                assert listed <= own and (query or listed == own), f"{endpoint} {query} lists {listed}"
        assert database_state() == before, f"{endpoint} changed something"


def test_dashboard_numbers_count_only_the_users_own(rival_client, owned, rivals):
    stats = rival_client.get("/api/dashboard/stats").json()
    assert (stats["agents"]["total"], stats["rentals"]["total"], stats["rentals"]["sources"]) == (1, 1, 1)
    assert (stats["rentals"]["sources_failing"], stats["calendar"]["connections"]) == (1, 1)
    assert stats["calendar"]["needs_reauth"] == 1
    assert (stats["calendar"]["upcoming_appointments"], stats["calls"]["total"]) == (1, 1)


def foreign_key_writes(owned, rivals):
    """Writes that name one of the owner's objects in a writable foreign key: (endpoint, method, pk, body, field)."""
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0).isoformat()
    booking = {"start": start, "attendee_name": "Mine", "attendee_phone": "+15125550100"}
    return [
        (
            "agent-list",
            "post",
            None,
            {"agent_name": "Mine", "booking_calendar": owned[CalendarConnection][0].pk},
            "booking_calendar",
        ),
        (
            "agent-detail",
            "patch",
            rivals[Agent][0].pk,
            {"booking_calendar": owned[CalendarConnection][0].pk},
            "booking_calendar",
        ),
        ("appointment-list", "post", None, {**booking, "agent_id": owned[Agent][0].pk}, "agent_id"),
        ("phone-number-detail", "patch", rivals[PhoneNumber][0].pk, {"agent_id": owned[Agent][0].pk}, "agent_id"),
        (
            "appointment-list",
            "post",
            None,
            {**booking, "agent_id": rivals[Agent][0].pk, "rental_id": owned[Rental][0].pk},
            "rental_id",
        ),
    ]


# Collection writes that only ever make or change the caller's own rows (no foreign key to
# check); each app's "create sets the owner" test covers them.
# Writes that only ever touch the caller's own rows (a parked calendar connect is claimed by
# its own manager only: calendars/tests/test_oauth.py tries another manager's claim).
OWN_ROWS_WRITES = {
    ("rental-list", "post"),
    ("rental-source-list", "post"),
    ("user-me", "patch"),
    ("calendar-auth-complete", "post"),
    ("vapi-account", "put"),
    ("vapi-account", "delete"),
    ("phone-number-refresh", "post"),
}
# POSTs that save nothing at all (a source preview reads a website and answers).
NOTHING_SAVED_WRITES = {("rental-source-preview", "post")}


def test_a_foreign_key_to_another_users_object_is_400_and_changes_nothing(rival_client, owned, rivals):
    endpoints = {(endpoint.name, endpoint.method): endpoint for endpoint in api_endpoints()}
    before = database_state()
    for name, method, pk, body, field in foreign_key_writes(owned, rivals):
        endpoint = endpoints[(name, method)]
        response = send(rival_client, endpoint, endpoint.path(pk), body)
        assert response.status_code == 400, f"{endpoint} {field}: {response.status_code} {response.content[:200]}"
        assert field in response.json()["fields"]
        assert database_state() == before, f"{endpoint} changed something"


def test_every_collection_write_is_in_the_matrix(owned, rivals):
    classified = {(name, method) for name, method, *_ in foreign_key_writes(owned, rivals)} | OWN_ROWS_WRITES
    classified |= NOTHING_SAVED_WRITES
    unclassified = {
        str(endpoint)
        for endpoint in api_endpoints()
        if not endpoint.on_object and endpoint.method != "get" and (endpoint.name, endpoint.method) not in classified
    }
    assert not unclassified, f"classify these writes in the security matrix: {unclassified}"


def test_a_cross_site_write_without_the_csrf_token_is_403_and_changes_nothing(user, owned):
    """The owner's own browser, made to send a request by another site: the session cookie alone is not enough."""
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(user)
    before = database_state()
    checked = 0
    for endpoint in api_endpoints():
        if endpoint.method == "get":
            continue
        response = send(browser, endpoint, endpoint.path_for(owned))
        assert response.status_code == 403, f"{endpoint}: {response.status_code}"
        assert "CSRF" in response.json()["error"]
        assert database_state() == before, f"{endpoint} changed something"
        checked += 1
    assert checked >= 15
