"""The security matrix, read from the URL configuration so that a new route is checked (or must be
classified here) the day it is added:

- every API endpoint and method x {anonymous: 401; another user, by session and by Clerk bearer:
  404 on the owner's objects, only their own rows in lists, counts and filters; a foreign key to
  the owner's object: 400; a cross-site write without the CSRF token: 403};
- every HTML page x {anonymous: sent to sign in; another user: 404; a POST without the CSRF
  token: 403}, and every form on every page carries the token.

After every refused request the database is exactly as before. Forged Clerk tokens are in
accounts/tests/test_auth_clerk.py and the SSRF matrix in rentals/tests/test_ssrf.py.
"""

from collections import defaultdict
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.test import Client
from django.urls import resolve
from django.utils import timezone
from rest_framework.test import APIClient

from agents.models import Agent, PhoneNumber
from agents.tests.factories import AgentFactory
from calendars.models import CalendarConnection
from calendars.tests.factories import AppointmentFactory, ConnectionFactory
from leads.tests.factories import LeadFactory
from rentals.models import Rental, RentalSource
from rentals.tests.factories import RentalFactory, RentalSourceFactory, ScrapeRunFactory
from testsupport.clients import signed_in
from testsupport.routes import PUBLIC_PAGES, api_endpoints, html_pages
from voice.tests.factories import CallFactory, ToolInvocationFactory

pytestmark = pytest.mark.django_db

# In the owner's texts; never in anything another user is shown.
MARK = "ownermark"
# A body that would be a valid change of any object, so only scoping can stop it.
TAKEOVER = {
    "agent_name": "Taken over",
    "title": "Taken over",
    "name": "Taken over",
    "status": "cancelled",
    "is_active": False,
    "website_url": "https://taken.example",
    "user_id": 0,
}
DATA_APPS = ["accounts", "agents", "rentals", "leads", "calendars", "voice"]


def database_state():
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for label in DATA_APPS
        for model in apps.get_app_config(label).get_models()
    }


def world(owner, copies, mark):
    """`copies` of everything a manager owns, their texts carrying `mark`: {model: [objects]}."""
    objects = defaultdict(list)
    for number in range(copies):
        agent = AgentFactory(user=owner, agent_name=f"{mark} line {number}", vapi_assistant_id=f"asst-{mark}-{number}")
        source = RentalSourceFactory(user=owner, name=f"{mark} site {number}")
        rental = RentalFactory(user=owner, source=source, title=f"{mark} flat {number}")
        lead = LeadFactory(user=owner, name=f"{mark} lead {number}", notes=f"{mark} notes {number}")
        phone_call = CallFactory(agent=agent, lead=lead, summary=f"{mark} call {number}")
        phone = PhoneNumber.objects.create(
            user=owner, number=f"+1512555{len(mark):02d}{number:02d}", name=f"{mark} number {number}", agent=agent
        )
        created = [
            agent,
            lead,
            phone,
            source,
            rental,
            phone_call,
            ScrapeRunFactory(source=source, error=f"{mark} error {number}", status="failed"),
            # Without tokens, as when the user revoked access: no request reaches a provider.
            ConnectionFactory(
                user=owner,
                account_email=f"{mark}{number}@example.com",
                status="needs_reauth",
                last_error=f"{mark} revoked {number}",
            ),
            AppointmentFactory(
                user=owner,
                agent=agent,
                rental=rental,
                attendee_name=f"{mark} renter {number}",
                start=timezone.now() + timedelta(days=1, hours=number),
            ),
            ToolInvocationFactory(call=phone_call, result=f"{mark} result {number}"),
        ]
        for item in created:
            objects[type(item)].append(item)
    return objects


@pytest.fixture
def owned(user):
    return world(user, 2, MARK)


@pytest.fixture
def rivals(other_user):
    return world(other_user, 1, "rival")


@pytest.fixture(params=["session", "clerk bearer"])
def rival_client(request, other_user, rivals):
    """Another manager, signed in with a Django session or with a Clerk session token."""
    if request.param == "session":
        return signed_in(other_user)
    clerk = request.getfixturevalue("clerk")
    other_user.clerk_user_id = "user_rival"
    other_user.save(update_fields=["clerk_user_id"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {clerk.token('user_rival')}")
    return client


def assert_nothing_leaks(response, what):
    assert MARK not in response.content.decode().lower(), f"{what} shows the owner's data"


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


# HTML pages -------------------------------------------------------------------------------------


def test_pages_send_anonymous_visitors_to_sign_in_and_change_nothing(client, owned):
    before = database_state()
    for page in html_pages():
        if page.name in PUBLIC_PAGES:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(page.url(owned))
            refused = response.status_code == 405 or (
                response.status_code == 302 and response["Location"].startswith("/login/")
            )
            assert refused, f"{method.upper()} {page.name}: {response.status_code}"
            assert database_state() == before, f"{method.upper()} {page.name} changed something"


def test_another_users_pages_are_404_and_lists_show_only_their_own(other_user, owned, rivals):
    rival = signed_in(other_user, Client)
    before = database_state()
    for page in html_pages():
        if page.name in PUBLIC_PAGES:
            continue
        methods = ("get", "post") if page.on_object else ("get",)
        for method in methods:
            response = getattr(rival, method)(page.url(owned), {"tool": "search_rentals"} if method == "post" else {})
            expected = (404, 405) if page.on_object else (200, 405)
            assert response.status_code in expected, f"{method.upper()} {page.name}: {response.status_code}"
            assert_nothing_leaks(response, page.name)
            assert database_state() == before, f"{method.upper()} {page.name} changed something"


def test_every_post_without_the_csrf_token_is_403_and_changes_nothing(user, owned):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    before = database_state()
    for page in html_pages():
        response = browser.post(page.url(owned), {"agent_name": "Forged", "tool": "search_rentals"})
        assert response.status_code == 403, f"POST {page.name}: {response.status_code}"
        assert database_state() == before, f"POST {page.name} changed something"
    assert Client(enforce_csrf_checks=True).post("/admin/login/", {"username": user.email}).status_code == 403


class FormScanner(HTMLParser):
    """The POST forms of a page (action, carries the CSRF token) and its htmx write targets."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.htmx_targets = []
        self.htmx_headers = ""
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.htmx_headers = attrs.get("hx-headers") or ""
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "token": False}
            self.forms.append(self._form)
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken" and self._form is not None:
            self._form["token"] = bool(attrs.get("value"))
        self.htmx_targets += [attrs[name] for name in ("hx-post", "hx-put", "hx-patch", "hx-delete") if attrs.get(name)]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def test_every_form_on_every_page_carries_the_csrf_token_and_is_refused_without_it(user, owned, settings):
    settings.VAPI_API_KEY = "shows-the-sync-form"  # no request reaches VAPI: the pages are only read
    manager = signed_in(user, Client)
    visits = [(manager, page.url(owned)) for page in html_pages() if page.name not in PUBLIC_PAGES]
    visits += [(Client(), "/login/"), (Client(), "/admin/login/")]
    targets = set()
    for client, url in visits:
        response = client.get(url)
        if response.status_code != 200:
            continue  # POST-only endpoints, redirects
        scanner = FormScanner()
        scanner.feed(response.content.decode())
        for form in scanner.forms:
            assert form["token"], f"a form on {url} has no CSRF token"
            targets.add(form["action"] or url)
        if scanner.htmx_targets:
            assert '"X-CSRFToken"' in scanner.htmx_headers, f"htmx on {url} sends no CSRF token"
            targets.update(scanner.htmx_targets)

    forms = {resolve(target.split("?")[0]).view_name for target in targets}
    assert forms >= {
        "login",
        "logout",
        "account",
        "agents:new",
        "agents:edit",
        "agents:sync",
        "agents:rotate-secret",
        "agents:delete",
        "voice:agent-try",
        "rentals:new",
        "rentals:edit",
        "rentals:delete",
        "rentals:source-new",
        "rentals:source-edit",
        "rentals:source-delete",
        "rentals:source-scrape",
        "rentals:source-preview",
        "calendars:connect",
        "calendars:disconnect",
        "calendars:cancel",
        "calendars:book",
    }, forms
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    before = database_state()
    for target in sorted(targets):
        assert browser.post(target, {"agent_name": "Forged"}).status_code == 403, target
    assert database_state() == before
