"""Notification fixtures: a real SMTP server and the Twilio fake on loopback, an agent to book with."""

import pytest

from agents.tests.factories import AgentFactory
from testsupport.fakes.twilio import fake_twilio  # noqa: F401  (fixture)
from testsupport.smtp import smtp_server  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.PUBLIC_BASE_URL = "https://leaseline.example.com"
    # The renter's page is served by the test client under this host.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "leaseline.example.com"]


@pytest.fixture
def agent(user):
    return AgentFactory(
        user=user, agent_name="Maple Leasing", vapi_assistant_id="asst-maple-0001", min_notice_minutes=60
    )
