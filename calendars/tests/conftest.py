"""Calendar fixtures: provider fakes on loopback and settings pointing at them."""

import pytest

from calendars.clients import microsoft as microsoft_client
from testsupport.fakes.calendar_provider import CLIENT_ID, CLIENT_SECRET
from testsupport.fakes.google import FakeGoogle
from testsupport.fakes.microsoft import MICROSOFT_LOGIN_HOST, FakeMicrosoft, LoopbackAdapter

from .factories import AgentFactory
from .flows import connect


@pytest.fixture
def calendar_settings(settings):
    settings.PUBLIC_BASE_URL = "http://testserver"
    settings.CALENDAR_REDIRECT_URL = "/calendar/"
    settings.CORS_ALLOWED_ORIGINS = ["http://localhost:3000"]
    # Short and bounded, so failure tests stay fast.
    settings.CALENDAR_HTTP_TIMEOUT_SECONDS = 0.5
    settings.CALENDAR_HTTP_MAX_ATTEMPTS = 2
    settings.CALENDAR_RETRY_AFTER_MAX_SECONDS = 0.05
    return settings


@pytest.fixture
def microsoft(calendar_settings):
    fake = FakeMicrosoft()
    calendar_settings.MICROSOFT_CLIENT_ID = CLIENT_ID
    calendar_settings.MICROSOFT_CLIENT_SECRET = CLIENT_SECRET
    calendar_settings.MICROSOFT_AUTHORITY = fake.authority
    calendar_settings.MICROSOFT_GRAPH_URL = fake.graph_url
    prefix = f"https://{MICROSOFT_LOGIN_HOST}/"
    microsoft_client.session.mount(prefix, LoopbackAdapter(fake.url))
    yield fake
    microsoft_client.session.adapters.pop(prefix, None)
    # msal remembers a 5xx from the token endpoint for every sign-in of the process (Retry-After,
    # 5 s by default); one test's outage must not reach the next test.
    microsoft_client._http_cache.clear()
    fake.close()


@pytest.fixture
def google(calendar_settings):
    fake = FakeGoogle()
    calendar_settings.GOOGLE_CLIENT_ID = CLIENT_ID
    calendar_settings.GOOGLE_CLIENT_SECRET = CLIENT_SECRET
    calendar_settings.GOOGLE_AUTH_URI = fake.auth_uri
    calendar_settings.GOOGLE_TOKEN_URI = fake.token_uri
    calendar_settings.GOOGLE_CALENDAR_API_URL = fake.calendar_api_url
    yield fake
    fake.close()


@pytest.fixture
def google_agent(api_client, user, google):
    calendar = connect(api_client, google, "google", email="g@example.com")
    return AgentFactory(user=user, booking_calendar=calendar)


@pytest.fixture
def microsoft_agent(api_client, user, microsoft):
    calendar = connect(api_client, microsoft, "microsoft", email="m@example.com")
    return AgentFactory(user=user, booking_calendar=calendar)
