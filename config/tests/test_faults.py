"""Faults: Redis down, a Celery worker killed mid-scrape, calendar providers throttling, failing or
hanging, and PostgreSQL sessions cut mid-request and between requests.

What must hold in each: a clear answer (never a 500 from the VAPI webhook), nothing half-written,
and the work done exactly once when it is done again.
"""
import signal
import threading
import time
from decimal import Decimal

import psycopg
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from agents.tests.factories import AgentFactory
from calendars.models import Appointment
from calendars.selectors import agent_free_slots
from calendars.tests.conftest import calendar_settings, google, microsoft  # noqa: F401  (fixtures)
from calendars.tests.flows import connect
from rentals.models import Rental, RentalSource, ScrapeRun
from rentals.scraping.normalize import LISTING_FIELDS
from rentals.services import QUEUE_UNAVAILABLE, source_scrape_inline
from rentals.tests.factories import RentalFactory, RentalSourceFactory
from testsupport.celery import running_worker
from testsupport.clients import signed_in
from testsupport.fakes.listing_site import CSS_CONFIG, FakeListingSite
from testsupport.outages import database_sessions, own_session, redis_down, terminate_sessions
from testsupport.server import current_database_url, running_server
from testsupport.waiting import wait_until
from voice.models import ToolInvocation
from voice.tests.conftest import Vapi
from voice.tests.factories import CallFactory
from voice.tests.payloads import tool_calls

SORRY_UNREADABLE = "Sorry, the calendar cannot be"
LEASELINE_FAILED = "Something went wrong on LeaseLine's side."
# VAPI waits 20 s for a tool answer; every answer under fault must come well inside that.
VAPI_BUDGET_SECONDS = 10


@pytest.fixture
def scraper_settings(settings):
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    settings.SCRAPER_POLITENESS_DELAY_SECONDS = 0
    settings.SCRAPER_RETRY_BACKOFF_SECONDS = 0
    return settings


def rentals_of(source):
    """The source's rentals as a scrape leaves them: every listing field and the status."""
    fields = ["external_id", *[name for name in LISTING_FIELDS if name != "external_id"], "status"]
    return list(Rental.objects.filter(source=source).order_by("external_id").values(*fields))


def source_with_history(owner, url):
    """A source scraped before: one rental the site still lists (stale) and one it no longer lists."""
    source = RentalSourceFactory(user=owner, website_url=url, scraping_config=CSS_CONFIG)
    RentalFactory(user=owner, source=source, external_id="ht-2", title="Old title", address="2 Old Road",
                  price=Decimal("999"))
    RentalFactory(user=owner, source=source, external_id="let-last-month", title="Let last month",
                  address="9 Gone Lane")
    return source


def tool_entry(response):
    assert response.status_code == 200, response.content
    [entry] = response.json()["results"]
    return entry


# Redis down --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_redis_down_the_api_and_webhook_answer_and_a_scrape_says_the_queue_is_down(
    scraper_settings, httpserver, user, api_client
):
    site = FakeListingSite(httpserver)
    agent = AgentFactory(user=user, vapi_assistant_id="asst-redis-down")
    source = source_with_history(user, site.url("/css/page1.html"))
    rentals_before = rentals_of(source)
    source_before = RentalSource.objects.filter(pk=source.pk).values().get()
    web = signed_in(user, Client)
    vapi = Vapi()

    began = time.monotonic()
    with redis_down():
        cache.set("probe", 1)
        assert cache.get("probe") is None  # the cache is really gone, and answers as a miss

        assert api_client.get("/readyz").status_code == 503
        for path in ("/api/users/me", "/api/agents", "/api/rentals", "/api/dashboard/stats",
                     f"/api/calendar/availability?agent_id={agent.pk}", "/api/appointments"):
            assert api_client.get(path).status_code == 200, path
        assert web.get("/").status_code == 200

        found = vapi.tool(agent, "search_rentals", {"city": "Austin"}, tool_call_id="redis-1")
        offered = vapi.tool(agent, "get_availability", {}, tool_call_id="redis-2")
        start = agent_free_slots(user=user, agent=agent).slots[0].start
        booked = vapi.tool(agent, "book_appointment", {
            "start": start.isoformat(), "attendee_name": "Robin Renter", "attendee_phone": "+15125550142",
        }, tool_call_id="redis-3")
        assert "rental id" in found["result"]
        assert offered["result"].startswith("Free viewing times")
        assert booked["result"].startswith("Booked a viewing for Robin Renter")

        response = api_client.post(f"/api/rentals/sources/{source.pk}/scrape")
        assert response.status_code == 503
        assert response.json()["code"] == "queue_unavailable"
        assert response.json()["error"] == QUEUE_UNAVAILABLE
    assert time.monotonic() - began < VAPI_BUDGET_SECONDS  # a refused connection fails fast

    assert ToolInvocation.objects.filter(error="").count() == 3
    assert Appointment.objects.filter(status="booked").count() == 1
    # The scrape request lost nothing: the source and its rentals are as they were, and no run
    # is left queued to block the next attempt.
    assert rentals_of(source) == rentals_before
    assert RentalSource.objects.filter(pk=source.pk).values().get() == source_before
    assert ScrapeRun.objects.get(source=source).status == "failed"

    # Redis is back: the same request is taken (tasks run inline in the test settings).
    assert api_client.get("/readyz").status_code == 200
    response = api_client.post(f"/api/rentals/sources/{source.pk}/scrape")
    assert response.status_code == 202
    assert ScrapeRun.objects.filter(source=source, status="succeeded").count() == 1
    assert Rental.objects.get(source=source, external_id="ht-2").title != "Old title"


# A Celery worker killed in the middle of a scrape ---------------------------------------------

VISIBILITY_TIMEOUT_SECONDS = 1
HELD_PAGE = "/css/page2.html"


class HeldListingSite(FakeListingSite):
    """The rentals' fake site, whose second page can be held: a scrape then waits on it, mid-run,
    for as long as the test needs (a slow site, made deterministic). Notes each page as it starts."""

    def __init__(self, httpserver):
        super().__init__(httpserver)
        self.started = []
        self.open = threading.Event()
        self.open.set()
        held = self.routes[HELD_PAGE]

        def hold(request):
            self.open.wait(timeout=30)
            return held(request)

        self.routes[HELD_PAGE] = hold
        for path, route in list(self.routes.items()):
            self.routes[path] = self._noting(path, route)

    def _noting(self, path, route):
        def noted(request):
            self.started.append(path)
            return route(request)

        return noted


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_scrape_is_replaced_and_the_rentals_end_as_after_one_clean_run(
    scraper_settings, httpserver, monkeypatch, user, other_user, api_client
):
    # The workers are other processes: they read these from their environment. A short
    # visibility timeout makes Redis hand the unacknowledged task on within a second.
    monkeypatch.setenv("SCRAPER_ALLOW_PRIVATE_NETWORKS", "true")
    monkeypatch.setenv("SCRAPER_POLITENESS_DELAY_SECONDS", "0")
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT_SECONDS", str(VISIBILITY_TIMEOUT_SECONDS))
    site = HeldListingSite(httpserver)
    source = source_with_history(user, site.url("/css/page1.html"))
    # The same history scraped once, cleanly, in this process: what the killed scrape must end as.
    reference = source_with_history(other_user, site.url("/css/page1.html"))
    clean_run = source_scrape_inline(user=other_user, source=reference)
    assert clean_run.status == "succeeded", clean_run.error
    before = rentals_of(source)
    site.started.clear()
    site.open.clear()

    with running_worker() as worker:
        response = api_client.post(f"/api/rentals/sources/{source.pk}/scrape")
        assert response.status_code == 202
        run_id = response.json()["run"]["id"]
        wait_until(lambda: HELD_PAGE in site.started, timeout=30, message="the scrape to wait on page 2")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    killed_at = time.monotonic()
    site.open.set()

    run = ScrapeRun.objects.get(pk=run_id)
    assert (run.status, run.pages_fetched) == ("running", 1)
    assert rentals_of(source) == before  # nothing of the half-done crawl was written

    # The task was never acknowledged (acks late). Redis gives it to a worker once its delivery is
    # older than the visibility timeout; a worker looks for such tasks as it starts.
    time.sleep(max(0.0, killed_at + VISIBILITY_TIMEOUT_SECONDS + 0.5 - time.monotonic()))
    with running_worker():
        wait_until(
            lambda: ScrapeRun.objects.get(pk=run_id).status not in ScrapeRun.ACTIVE_STATUSES,
            timeout=40, message="the next worker to run the scrape again",
        )

    run.refresh_from_db()
    assert run.status == "succeeded", run.error
    assert site.started.count("/css/page1.html") == 2  # the task ran again, from the start
    assert rentals_of(source) == rentals_of(reference) != before
    counts = ("pages_fetched", "listings_found", "created_count", "updated_count", "unavailable_count")
    assert [getattr(run, name) for name in counts] == [getattr(clean_run, name) for name in counts]
    assert ScrapeRun.objects.filter(source=source).count() == 1


# Calendar providers throttling, failing and hanging -----------------------------------------

FAULTS = {
    "429": {"status": 429, "retry_after": 0},
    "500": {"status": 500},
    "503": {"status": 503},
    # Each attempt outlives CALENDAR_HTTP_TIMEOUT_SECONDS (0.5 s in calendar_settings).
    "timeout": {"delay": 1.0},
}
BUSY_READ = {"google": "/freeBusy", "microsoft": "/calendarView"}


def provider_events(fake):
    return [event for events in fake.events.values() for event in events.values()]


@pytest.fixture(params=["google", "microsoft"])
def provider_agent(request, user, api_client, calendar_settings):  # noqa: F811
    """An agent booking into a connected Google or Microsoft calendar, and that provider's fake."""
    fake = request.getfixturevalue(request.param)
    calendar = connect(api_client, fake, request.param, email=f"{request.param}@example.com")
    agent = AgentFactory(user=user, booking_calendar=calendar, vapi_assistant_id=f"asst-{request.param}")
    return agent, fake, request.param


def _booking(agent):
    start = agent_free_slots(user=agent.user, agent=agent, use_cache=False).slots[0].start
    return {"start": start.isoformat(), "attendee_name": "Jamie Renter", "attendee_phone": "+15125550199"}


@pytest.mark.django_db
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("tool", ["get_availability", "book_appointment"])
def test_a_calendar_that_cannot_be_read_gets_a_spoken_apology_and_books_nothing(provider_agent, fault, tool):
    agent, fake, provider = provider_agent
    arguments = _booking(agent) if tool == "book_appointment" else {}
    fake.fail_next(BUSY_READ[provider], times=10, **FAULTS[fault])

    began = time.monotonic()
    entry = Vapi().tool(agent, tool, arguments, tool_call_id=f"fault-{tool}")
    assert time.monotonic() - began < VAPI_BUDGET_SECONDS

    assert entry["result"].startswith(SORRY_UNREADABLE), entry
    assert not Appointment.objects.exists() and provider_events(fake) == []
    invocation = ToolInvocation.objects.get(tool_call_id=f"fault-{tool}")
    assert (invocation.result, invocation.error) == (entry["result"], "")


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["429", "500", "503", "403"])
def test_a_calendar_that_refuses_the_booking_leaves_nothing_and_the_next_try_books(provider_agent, fault):
    agent, fake, provider = provider_agent
    arguments = _booking(agent)
    fake.fail_next("/events", method="POST", times=10, **FAULTS.get(fault, {"status": int(fault)}))

    entry = Vapi().tool(agent, "book_appointment", arguments, tool_call_id="refused")

    assert entry["result"].startswith("Sorry, the calendar cannot be reached right now, so the viewing was not booked")
    assert not Appointment.objects.exists() and provider_events(fake) == []
    fake.faults.clear()
    retried = Vapi().tool(agent, "book_appointment", arguments, tool_call_id="retried")
    assert retried["result"].startswith("Booked a viewing for Jamie Renter"), retried
    assert Appointment.objects.count() == 1 and len(provider_events(fake)) == 1


# PostgreSQL sessions cut ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_database_dropped_while_a_booking_waits_on_the_calendar(
    user, api_client, google, calendar_settings  # noqa: F811
):
    calendar_settings.CALENDAR_HTTP_TIMEOUT_SECONDS = 5
    calendar = connect(api_client, google, "google", email="g@example.com")
    agent = AgentFactory(user=user, booking_calendar=calendar, vapi_assistant_id="asst-db-drop")
    payload = tool_calls(agent.vapi_assistant_id, [("drop-1", "book_appointment", _booking(agent))])
    # The insert is answered late, so the booking sits inside its transaction, holding its locks.
    google.fail_next("/events", method="POST", delay=2)
    answers = []

    def vapi_posts():
        try:
            answers.append(Vapi().post(payload, secret=agent.webhook_secret))
        finally:
            connection.close()

    request = threading.Thread(target=vapi_posts)
    request.start()
    wait_until(lambda: google.seen("/events", "POST"), timeout=10, message="the calendar insert")
    [pid] = wait_until(lambda: database_sessions(state="idle in transaction"), timeout=5,
                       message="the booking's database session")
    terminate_sessions([pid])
    request.join(timeout=30)

    entry = tool_entry(answers[0])
    assert entry["error"].startswith(LEASELINE_FAILED), entry
    # Nothing half-written: no appointment, no record of the call, no event left in the calendar.
    assert not Appointment.objects.exists()
    assert not ToolInvocation.objects.exists()
    assert provider_events(google) == []

    # VAPI's assistant asks again with the same tool call: it is done now, once.
    entry = tool_entry(Vapi().post(payload, secret=agent.webhook_secret))
    assert entry["result"].startswith("Booked a viewing for Jamie Renter"), entry
    assert Appointment.objects.count() == 1 and len(provider_events(google)) == 1
    assert ToolInvocation.objects.get().tool_call_id == "drop-1"


@pytest.mark.django_db(transaction=True)
def test_database_sessions_dropped_between_requests_are_replaced_by_the_server(user):
    import requests

    agent = AgentFactory(user=user, vapi_assistant_id="asst-reconnect")
    RentalFactory(user=user, city="Austin")

    def search(session, server, number):
        payload = tool_calls(agent.vapi_assistant_id, [(f"reconnect-{number}", "search_rentals", {})])
        response = session.post(f"{server.url}/api/vapi/webhook", json=payload,
                                headers={"X-Vapi-Secret": agent.webhook_secret}, timeout=20)
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

    response = vapi.post(tool_calls(agent.vapi_assistant_id, [("after", "search_rentals", {})]),
                         secret=agent.webhook_secret)

    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"
    connection.close()  # a real server does this between requests (CONN_HEALTH_CHECKS)
    assert list(ToolInvocation.objects.values_list("tool_call_id", flat=True)) == ["before"]


# One endpoint of every app, by the API and by its page, and a few writes: whichever answers, a
# database that drops is a 503 the client can retry, never a 500.
ONE_ENDPOINT_PER_APP = [
    ("get", "/api/users/me", None), ("get", "/api/agents", None), ("get", "/api/rentals", None),
    ("get", "/api/calendar/connections", None), ("get", "/api/calls", None), ("get", "/api/dashboard/stats", None),
    ("get", "/", None), ("get", "/agents/", None), ("get", "/rentals/", None), ("get", "/calls/", None),
    ("get", "/calendar/", None),
    ("patch", "/api/users/me", {"name": "Morgan M."}), ("post", "/api/agents", {"agent_name": "Night line"}),
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
    Appointment.objects.create(user=user, agent=agent, rental=rental, start=slot.start, end=slot.end,
                               attendee_name="Jamie Renter", attendee_phone="+15125550199")


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
    return "database is unavailable" in response.content.decode()


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
                problems.append(f"{method.upper()} {path}, database gone at statement {number} of {count} "
                                f"({statement}): answered {response.status_code}")
    assert not problems, "\n".join(problems)
