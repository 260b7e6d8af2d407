"""Faults: PostgreSQL sessions cut between requests and at any statement of a request. Every app
answers a 503 the client can retry, never a 500, and the server replaces the sessions it lost."""

import psycopg
import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from agents.tests.factories import AgentFactory
from calendars.models import Appointment
from calendars.selectors import agent_free_slots
from rentals.tests.factories import RentalFactory
from testsupport.clients import signed_in
from testsupport.outages import database_sessions, own_session, terminate_sessions
from testsupport.server import current_database_url, running_server
from voice.models import ToolInvocation
from voice.tests.conftest import Vapi
from voice.tests.factories import CallFactory
from voice.tests.payloads import tool_calls


@pytest.mark.django_db(transaction=True)
def test_database_sessions_dropped_between_requests_are_replaced_by_the_server(user):
    import requests

    agent = AgentFactory(user=user, vapi_assistant_id="asst-reconnect")
    RentalFactory(user=user, city="Austin")

    def search(session, server, number):
        payload = tool_calls(agent.vapi_assistant_id, [(f"reconnect-{number}", "search_rentals", {})])
        response = session.post(
            f"{server.url}/api/vapi/webhook", json=payload, headers={"X-Vapi-Secret": agent.webhook_secret}, timeout=20
        )
        assert response.status_code == 200, response.text
        [entry] = response.json()["results"]
        assert entry["result"].startswith("1 rental found"), entry

    with running_server(workers=1, threads=2) as server, requests.Session() as session:
        search(session, server, 0)
        # PostgreSQL restarts or fails over: every persistent session of the server is cut.
        sessions = database_sessions(application_name=server.application_name)
        assert sessions
        terminate_sessions(sessions)
        for number in range(1, 6):
            search(session, server, number)
        assert session.get(f"{server.url}/readyz", timeout=5).status_code == 200

    assert ToolInvocation.objects.count() == 6


@pytest.mark.django_db(transaction=True)
def test_the_database_dropped_before_the_webhook_can_check_the_sender_is_a_clear_503(user):
    agent = AgentFactory(user=user, vapi_assistant_id="asst-no-database")
    vapi = Vapi()
    assert vapi.tool(agent, "search_rentals", {}, tool_call_id="before")["result"]
    # The test client serves requests on this thread's database session: cut it between requests.
    terminate_sessions([own_session()])

    response = vapi.post(
        tool_calls(agent.vapi_assistant_id, [("after", "search_rentals", {})]), secret=agent.webhook_secret
    )

    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"
    connection.close()  # a real server does this between requests (CONN_HEALTH_CHECKS)
    assert list(ToolInvocation.objects.values_list("tool_call_id", flat=True)) == ["before"]


# One endpoint of every app, by the API and by its page, and a few writes: whichever answers, a
# database that drops is a 503 the client can retry, never a 500.
ONE_ENDPOINT_PER_APP = [
    ("get", "/api/users/me", None),
    ("get", "/api/agents", None),
    ("get", "/api/rentals", None),
    ("get", "/api/calendar/connections", None),
    ("get", "/api/calls", None),
    ("get", "/api/dashboard/stats", None),
    ("get", "/", None),
    ("get", "/agents/", None),
    ("get", "/rentals/", None),
    ("get", "/calls/", None),
    ("get", "/calendar/", None),
    ("patch", "/api/users/me", {"name": "Morgan M."}),
    ("post", "/api/agents", {"agent_name": "Night line"}),
    ("post", "/api/rentals", {"title": "Garden flat", "price": 1500, "city": "Austin"}),
    ("post", "/account/", {"name": "Morgan M.", "timezone": "America/Chicago"}),
]
WRITTEN = {"patch": 200, "post": 201}


def manager_client(user, path):
    """The signed-in manager's client for `path` (the API's or a browser's), answering a 5xx
    rather than raising it into the test."""
    client = signed_in(user, APIClient if path.startswith("/api/") else Client)
    client.raise_request_exception = False
    return client


def manager_world(user):
    """Something on every page: an agent, a rental, a call and a booked viewing."""
    agent = AgentFactory(user=user, vapi_assistant_id="asst-db-gone")
    rental = RentalFactory(user=user, city="Austin")
    CallFactory(agent=agent)
    slot = agent_free_slots(user=user, agent=agent).slots[0]
    Appointment.objects.create(
        user=user,
        agent=agent,
        rental=rental,
        start=slot.start,
        end=slot.end,
        attendee_name="Jamie Renter",
        attendee_phone="+15125550199",
    )


def end_session_and_wait(pid):
    """Ends a database session from the server side and waits until it is gone, so the next
    statement on it meets a dead connection, not a race with the server."""
    with psycopg.connect(current_database_url(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


class DatabaseGoneAtQuery:
    """An execute wrapper that ends the request's database session just before its `number`th
    statement (None: never), as a database failing over at that point of the request."""

    def __init__(self, number):
        self.number = number
        self.seen = 0
        self.cut_before = None

    def __call__(self, execute, sql, params, many, context):
        self.seen += 1
        if self.seen == self.number:
            self.cut_before = sql
            end_session_and_wait(context["connection"].connection.info.backend_pid)
        return execute(sql, params, many, context)


def is_database_unavailable(response, path):
    if response.status_code != 503 or response.get("Retry-After") is None:
        return False
    if path.startswith("/api/"):
        return response.json()["code"] == "database_unavailable"
    return "LeaseLine can't reach its database just now" in response.content.decode()


def send(client, method, path, data):
    if data is None:
        return getattr(client, method)(path)
    if path.startswith("/api/"):
        return getattr(client, method)(path, data, format="json")
    return getattr(client, method)(path, data)


def answered_normally(response, method, path):
    expected = (200, 302) if not path.startswith("/api/") else (WRITTEN.get(method, 200),)
    return response.status_code in expected


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/agents/", "/admin/", "/no-such-page/"])
def test_a_page_whose_database_is_gone_is_leaselines_503_page_drawn_without_the_database(user, path):
    user.name = "Morgan Manager"
    user.save(update_fields=["name"])
    client = manager_client(user, path)
    gone = DatabaseGoneAtQuery(1)
    with connection.execute_wrapper(gone):
        response = client.get(path)
    connection.close()

    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'data-error="503"' in page and "LeaseLine can't reach its database just now" in page
    assert "/static/css/" in page  # the site's look, from static files only
    assert "database is unavailable" not in page and "Morgan Manager" not in page  # no user read for it
    assert gone.seen == 1, "the 503 page ran a statement of its own"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/legacy/users/me", "/legacy/users/me/"])
def test_the_legacy_api_and_near_misses_answer_a_lost_database_in_json(user, path):
    client = signed_in(user, Client)
    client.raise_request_exception = False
    gone = DatabaseGoneAtQuery(1)
    with connection.execute_wrapper(gone):
        response = client.get(path)
    connection.close()

    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response.json()["code"] == "database_unavailable"


@pytest.mark.django_db(transaction=True)
def test_the_database_dropped_between_requests_is_a_503_from_every_app(user, settings):
    settings.VAPI_API_KEY = ""
    manager_world(user)
    problems = []
    for method, path, data in ONE_ENDPOINT_PER_APP:
        client = manager_client(user, path)
        assert answered_normally(send(client, method, path, data), method, path), f"{method} {path}"
        # PostgreSQL restarts: the session the next request would use is gone.
        end_session_and_wait(own_session())
        response = send(client, method, path, data)
        connection.close()  # a real server does this between requests (CONN_HEALTH_CHECKS)
        if not is_database_unavailable(response, path):
            problems.append(f"{method.upper()} {path} answered {response.status_code}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_the_database_dropped_at_any_statement_of_a_request_is_a_503_from_every_app(user, settings):
    settings.VAPI_API_KEY = ""
    manager_world(user)
    problems = []
    for method, path, data in ONE_ENDPOINT_PER_APP:
        client = manager_client(user, path)
        counted = DatabaseGoneAtQuery(None)  # a request as usual, its statements counted
        with connection.execute_wrapper(counted):
            assert answered_normally(send(client, method, path, data), method, path), f"{method} {path}"
        count = counted.seen
        assert count >= 2, f"{method} {path} reads the session and then its data"
        for number in range(1, count + 1):
            gone = DatabaseGoneAtQuery(number)
            with connection.execute_wrapper(gone):
                response = send(client, method, path, data)
            connection.close()
            assert gone.cut_before, f"{method} {path} ran fewer than {number} statements this time"
            if not is_database_unavailable(response, path):
                statement = " ".join(gone.cut_before.split())[:80]
                problems.append(
                    f"{method.upper()} {path}, database gone at statement {number} of {count} "
                    f"({statement}): answered {response.status_code}"
                )
    assert not problems, "\n".join(problems)
