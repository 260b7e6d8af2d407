"""No token or secret in any log line, API answer, page or admin page, over one whole flow.

The flow: Clerk's webhook creates the manager, who signs in with a Clerk session token (bearer
and cookie), connects a Google and a Microsoft calendar (the loopback fakes), makes an agent
that syncs to the VAPI fake (once failing), rotates its secret, takes tool calls as VAPI sends
them (and refuses forged ones), scrapes a source, and meets a calendar that throttles, fails
and is finally revoked. Every log record at DEBUG, from every logger, is kept.

The one secret shown on purpose is an agent's own webhook secret, to its owner, in the agent's
API object and on the agent's page: it is what they paste into VAPI. It is never logged.
"""

import json
import logging
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import UserFactory
from agents.models import Agent, PhoneNumber, VapiAccount
from calendars.models import Appointment, CalendarConnection
from calendars.tests.conftest import calendar_settings, google, microsoft  # noqa: F401  (fixtures)
from calendars.tests.flows import connect
from leads.models import Lead
from rentals.models import Rental, RentalSource, ScrapeRun
from testsupport.fakes.calendar_provider import CLIENT_SECRET
from testsupport.fakes.clerk import TEST_WEBHOOK_SECRET, clerk_event, clerk_user_payload, svix_headers
from testsupport.fakes.listing_site import CSS_CONFIG, FakeListingSite
from testsupport.fakes.vapi import API_KEY as VAPI_API_KEY
from testsupport.fakes.vapi import fake_vapi  # noqa: F401  (fixture)
from testsupport.routes import PUBLIC_PAGES, api_endpoints, html_pages
from voice.models import Call
from voice.tests.payloads import WEBHOOK, assistant_request, end_of_call_report, tool_calls

PLATFORM_SECRET = "vapi-platform-secret-Zq4Lr8Tn2Wx6"
SOURCE_PASSWORD = "hunter2-Rk7Pq9Zt3"
OWN_VAPI_KEY = "own-vapi-private-key-Hx3Nd8Qw1"
REFUSED_VAPI_KEY = "refused-vapi-key-Lm5Tz2Vb7"
ISO = re.compile(r"\((\d{4}-\d\d-\d\dT[^)]+)\)")


class Recorder:
    """Every answer the flow gets, by path: API clients and page clients report here."""

    def __init__(self):
        self.answers = []

    def client(self, base):
        recorder = self

        class RecordingClient(base):
            def request(self, **request):
                response = super().request(**request)
                recorder.answers.append((request["PATH_INFO"], response.content.decode(errors="replace")))
                return response

        return RecordingClient()


@pytest.fixture
def flow_site(settings, calendar_settings, google, microsoft, fake_vapi, clerk, httpserver):  # noqa: F811
    """Every outside service configured against its loopback fake; returns the listing site."""
    settings.CLERK_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET
    settings.VAPI_WEBHOOK_SECRET = PLATFORM_SECRET
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    settings.SCRAPER_POLITENESS_DELAY_SECONDS = 0
    settings.SCRAPER_RETRY_BACKOFF_SECONDS = 0
    return FakeListingSite(httpserver)


def _jwt_parts(token):
    """A JWT and its signature: a log that cut the token would still show the signature."""
    return [token, token.rsplit(".", 1)[1]]


def _log_text(records):
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) + " " + repr(vars(record)) for record in records)


@pytest.mark.django_db
def test_no_secret_reaches_a_log_line_an_answer_a_page_or_the_admin(
    caplog,
    flow_site,
    clerk,
    google,  # noqa: F811 (a fixture)
    microsoft,  # noqa: F811 (a fixture)
    fake_vapi,  # noqa: F811
):
    caplog.set_level(logging.DEBUG)
    site = flow_site
    recorder = Recorder()
    tokens = []

    # Clerk: the webhook creates the manager, who signs in with session tokens.
    body = json.dumps(clerk_event("user.created", clerk_user_payload("user_flow", "flow@example.com")))
    anonymous = recorder.client(APIClient)
    assert (
        anonymous.post(
            "/api/webhooks/clerk", data=body, content_type="application/json", **svix_headers(body)
        ).status_code
        == 200
    )
    tokens.append(clerk.token("user_flow"))
    api = recorder.client(APIClient)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[-1]}")
    assert api.get("/api/users/me").json()["email"] == "flow@example.com"
    manager = User.objects.get(clerk_user_id="user_flow")

    # Calendars: both providers connected, tokens refreshed once.
    google_calendar = connect(api, google, "google", email="flow@gmail.example")
    connect(api, microsoft, "microsoft", email="flow@outlook.example")
    for fake in (google, microsoft):
        fake.expire_access_tokens()
    assert api.get("/api/calendar/events").json()["errors"] == []

    # An agent synced to VAPI (the first attempt fails), its secret rotated, VAPI's calls answered.
    fake_vapi.fail_next(500)
    agent = api.post(
        "/api/agents", {"agent_name": "Flow line", "booking_calendar": google_calendar.pk}, format="json"
    ).json()
    assert agent["sync_status"] == "error"
    agent = api.post(f"/api/agents/{agent['id']}/sync").json()
    assert agent["sync_status"] == "synced"
    first_secret = agent["webhook_secret"]
    agent = api.post(f"/api/agents/{agent['id']}/rotate-secret").json()
    secret = agent["webhook_secret"]
    assert secret != first_secret

    vapi = recorder.client(APIClient)

    def post(payload, **headers):
        return vapi.post(WEBHOOK, data=json.dumps(payload), content_type="application/json", **headers)

    def tool(tool_call_id, name, arguments, **headers):
        payload = tool_calls(agent["vapi_assistant_id"], [(tool_call_id, name, arguments)])
        response = post(payload, **(headers or {"HTTP_X_VAPI_SECRET": secret}))
        assert response.status_code == 200, response.content
        return response.json()["results"][0]["result"]

    rental = api.post("/api/rentals", {"title": "Flow flat", "city": "Austin", "price": 1500}, format="json").json()
    assert f"rental id {rental['id']}" in tool("flow-1", "search_rentals", {"city": "Austin"})
    start = ISO.findall(tool("flow-2", "get_availability", {}, HTTP_AUTHORIZATION=f"Bearer {secret}"))[0]
    assert tool(
        "flow-3",
        "book_appointment",
        {
            "start": start,
            "attendee_name": "Flow Renter",
            "attendee_phone": "+15125550123",
            "rental_id": rental["id"],
        },
    ).startswith("Booked")
    for forged in (first_secret, "guessed-secret-value-123456"):
        payload = tool_calls(agent["vapi_assistant_id"], [("flow-x", "search_rentals", {})])
        assert post(payload, HTTP_X_VAPI_SECRET=forged).status_code == 401
    # The manager's own VAPI key (one refused first): checked with VAPI, kept encrypted, never shown again.
    assert api.put("/api/vapi/account", {"api_key": REFUSED_VAPI_KEY}, format="json").status_code == 400
    fake_vapi.add_org(OWN_VAPI_KEY)
    assert api.put("/api/vapi/account", {"api_key": OWN_VAPI_KEY}, format="json").status_code == 200
    PhoneNumber.objects.create(user=manager, number="+15125550100", agent=Agent.objects.get(pk=agent["id"]))
    assert post(assistant_request("+15125550100"), HTTP_X_VAPI_SECRET=PLATFORM_SECRET).status_code == 200
    assert post(end_of_call_report(agent["vapi_assistant_id"]), HTTP_X_VAPI_SECRET=secret).status_code == 200

    # A source refused for carrying credentials, and one scraped.
    refused = api.post(
        "/api/rentals/sources", {"website_url": f"https://admin:{SOURCE_PASSWORD}@rentals.example"}, format="json"
    )
    assert refused.status_code == 400
    source = api.post(
        "/api/rentals/sources",
        {"website_url": site.url("/css/page1.html"), "scraping_config": CSS_CONFIG},
        format="json",
    ).json()["source"]
    assert api.post(f"/api/rentals/sources/{source['id']}/scrape").status_code == 202

    # The calendar throttles, then fails, then its access is revoked: warnings, retries, needs_reauth.
    google.fail_next("/freeBusy", status=429, retry_after=0, times=2)
    google.fail_next("/events", status=503, times=2)
    api.get("/api/calendar/availability", {"agent_id": agent["id"]})
    api.get("/api/calendar/events", {"start": "2031-01-06T00:00:00Z"})
    for fake in (google, microsoft):
        fake.revoke()
        fake.expire_access_tokens()
    assert len(api.get("/api/calendar/events", {"start": "2031-02-03T00:00:00Z"}).json()["errors"]) == 2

    # Everything the manager can read: every API route, every page (signed in by the Clerk cookie).
    tokens.append(clerk.token("user_flow"))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[-1]}")
    mine = {
        Agent: Agent.objects.for_user(manager),
        Rental: Rental.objects.for_user(manager),
        RentalSource: RentalSource.objects.for_user(manager),
        ScrapeRun: ScrapeRun.objects.for_user(manager),
        CalendarConnection: CalendarConnection.objects.for_user(manager),
        Appointment: Appointment.objects.for_user(manager),
        Call: Call.objects.for_user(manager),
        PhoneNumber: PhoneNumber.objects.for_user(manager),
        Lead: Lead.objects.for_user(manager),
    }
    assert all(rows.exists() for rows in mine.values())
    for endpoint in api_endpoints():
        if endpoint.method == "get":
            api.get(endpoint.path_for(mine), {"agent_id": agent["id"]})
    browser = recorder.client(Client)
    tokens.append(clerk.token("user_flow"))
    browser.cookies["__session"] = tokens[-1]
    for page in html_pages():
        if page.name not in PUBLIC_PAGES:
            browser.get(page.url(mine))
    agent_page = reverse("agents:detail", kwargs={"pk": agent["id"]})
    assert secret in dict(recorder.answers)[agent_page]  # shown to its owner, by design

    # The admin, as staff: every list and the change page of every object.
    staff = recorder.client(Client)
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert staff.get(reverse(f"{prefix}_changelist")).status_code == 200
        for pk in model.objects.values_list("pk", flat=True)[:3]:
            assert staff.get(reverse(f"{prefix}_change", args=[pk])).status_code == 200

    stored_tokens = list(
        CalendarConnection.objects.exclude(token_ciphertext="").values_list("token_ciphertext", flat=True)
    )
    secrets = {
        "Clerk session token": [part for token in tokens for part in _jwt_parts(token)],
        "Clerk webhook secret": [TEST_WEBHOOK_SECRET, TEST_WEBHOOK_SECRET.removeprefix("whsec_")],
        "OAuth access token": google.issued_access_tokens + microsoft.issued_access_tokens,
        "OAuth refresh token": google.issued_refresh_tokens + microsoft.issued_refresh_tokens,
        "OAuth client secret": [CLIENT_SECRET],
        "encrypted calendar tokens": stored_tokens,
        "VAPI API key": [VAPI_API_KEY],
        "manager's own VAPI key": [OWN_VAPI_KEY, REFUSED_VAPI_KEY],
        "encrypted VAPI key": list(VapiAccount.objects.values_list("key_ciphertext", flat=True)),
        "VAPI platform secret": [PLATFORM_SECRET],
        "guessed webhook secret": ["guessed-secret-value-123456"],
        "password in a source URL": [SOURCE_PASSWORD],
        "Fernet key": list(settings.TOKEN_ENCRYPTION_KEYS),
        "Django secret key": [settings.SECRET_KEY],
    }
    assert len(secrets["OAuth refresh token"]) >= 4 and len(secrets["OAuth access token"]) >= 4
    assert len(stored_tokens) == 2
    logs = _log_text(caplog.records)
    assert len(caplog.records) > 50 and "VAPI webhook refused" in logs
    answers = "\n".join(content for _path, content in recorder.answers)
    assert len(recorder.answers) > 80
    for kind, values in secrets.items():
        for value in values:
            assert value not in logs, f"a {kind} is in the logs"
            assert value not in answers, f"a {kind} is in an answer or a page"
    assert secret not in logs and first_secret not in logs, "a webhook secret is in the logs"
    shown_to_owner = [path for path, content in recorder.answers if secret in content or first_secret in content]
    assert set(shown_to_owner) <= {
        "/api/agents",
        f"/api/agents/{agent['id']}",
        f"/api/agents/{agent['id']}/sync",
        f"/api/agents/{agent['id']}/rotate-secret",
        agent_page,
    }, shown_to_owner
