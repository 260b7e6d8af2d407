"""The dashboard's fixtures: the server-rendered pages' manager, a rival and what the manager
owns (`web`, `other_web`, `owned`), and the browser for the browser tests.

Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

`page` is a fresh browser context per test; when a test fails, every page it had open is
saved as a screenshot under test-output/ (gitignored) for whoever reads the CI log.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from agents.tests.factories import AgentFactory
from calendars.tests.factories import AppointmentFactory, ConnectionFactory, RentalFactory
from rentals.models import RentalSource, ScrapeRun
from testsupport.clients import signed_in
from testsupport.fakes.vapi import fake_vapi  # noqa: F401  (fixture: VAPI on loopback)
from voice.models import Call, ToolInvocation

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output"
PASSWORD = "correct horse battery staple"  # accounts.tests.factories.UserFactory's


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Browser tests need Debian's Chromium at /usr/bin/chromium: run `make browsers`.")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls tests make
    # around it are still plain synchronous code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(browser, request, live_server, settings):
    # The live server runs in this process: the scraper may reach it, as `make run` allows.
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    settings.PUBLIC_BASE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        for number, open_page in enumerate(context.pages, start=1):
            path = SCREENSHOTS / f"{name}-{number}.png"
            open_page.screenshot(path=str(path), full_page=True)
            print(f"Screenshot of {open_page.url}: {path}")
    context.close()


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()


@pytest.fixture
def sign_in():
    """`sign_in(page, user)`: through the sign-in form, as a person would."""

    def sign_in(page, user, password=PASSWORD):
        page.goto("/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/login/" not in url)

    return sign_in


# The server-rendered pages: a signed-in manager, another one, and one of everything the first owns.


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
