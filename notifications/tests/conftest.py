"""Notification fixtures: a real SMTP server and the Twilio fake on loopback, an agent to book with."""

import pytest

from agents.tests.factories import AgentFactory
from calendars.tests.conftest import calendar_settings, google, google_agent  # noqa: F401  (fixtures)
from config.celery import app
from testsupport.fakes.twilio import fake_twilio  # noqa: F401  (fixture)
from testsupport.smtp import smtp_server  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.PUBLIC_BASE_URL = "https://leaseline.example.com"
    # The renter's page is served by the test client under this host.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "leaseline.example.com"]


@pytest.fixture(autouse=True)
def _eager_retries():
    """Inline tasks retry as a worker's do (Celery re-runs an eager task's retry only when the
    retry is not propagated as an error)."""
    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


@pytest.fixture
def agent(user):
    return AgentFactory(
        user=user, agent_name="Maple Leasing", vapi_assistant_id="asst-maple-0001", min_notice_minutes=60
    )
