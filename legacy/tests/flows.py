"""The frontend's calendar connect, driven through the real endpoints and the provider fakes."""

from urllib.parse import parse_qs, urlsplit

from rest_framework.test import APIClient

from .conftest import FRONTEND_ORIGIN

START_PATHS = {"microsoft": "/legacy/calendar/auth/start", "google": "/legacy/calendar/google/auth/start"}


def query_of(url):
    return {key: values[-1] for key, values in parse_qs(urlsplit(url).query).items()}


def start(frontend, provider, redirect_url=FRONTEND_ORIGIN):
    """The server action's fetch with redirect:'manual' (FE:src/actions/calendar-actions.ts:L82-123)."""
    return frontend.get(START_PATHS[provider], {"redirect_url": redirect_url})


def connect(frontend, fake, provider, *, email, signed_in_browser=True, **consent_overrides):
    """Start, consent at the provider, come back through LeaseLine's callback: the response that
    sends the browser on to the frontend. The browser carries the manager's Clerk session cookie
    when `signed_in_browser`."""
    started = start(frontend, provider)
    assert started.status_code == 307, started.content
    consent = {**fake.consent(started["Location"], email=email), **consent_overrides}
    browser = APIClient()
    if signed_in_browser:
        browser.cookies["__session"] = frontend.token
    back = browser.get("/api/calendar/auth/callback", consent)
    assert back.status_code == 302
    assert back["Location"].startswith("/legacy/calendar/auth/finish?")
    return browser.get(back["Location"])
