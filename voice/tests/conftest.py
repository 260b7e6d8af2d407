import json

import pytest
from rest_framework.test import APIClient

from agents.tests.factories import AgentFactory
from testsupport.fakes.vapi import fake_vapi  # noqa: F401  (fixture)

from .payloads import WEBHOOK, tool_calls


@pytest.fixture(autouse=True)
def _vapi_off(settings):
    """VAPI is unconfigured and there is no platform secret unless a test sets them."""
    settings.VAPI_API_KEY = ""
    settings.VAPI_WEBHOOK_SECRET = ""


class Vapi:
    """Posts server messages to the webhook the way VAPI does."""

    def __init__(self):
        self.client = APIClient()

    def post(self, payload, *, secret=None, bearer=False, raw=None, headers=None):
        extra = dict(headers or {})
        if secret is not None:
            extra["HTTP_AUTHORIZATION" if bearer else "HTTP_X_VAPI_SECRET"] = f"Bearer {secret}" if bearer else secret
        body = raw if raw is not None else json.dumps(payload)
        return self.client.post(WEBHOOK, data=body, content_type="application/json", **extra)

    def tools(self, agent, calls, **options):
        """Posts a tool-calls message from `agent`'s assistant; returns the results list."""
        response = self.post(tool_calls(agent.vapi_assistant_id, calls, **options), secret=agent.webhook_secret)
        assert response.status_code == 200, response.content
        return response.json()["results"]

    def tool(self, agent, name, arguments=None, *, tool_call_id="call_tool_1", **options):
        """One tool call; returns its result entry."""
        [entry] = self.tools(agent, [(tool_call_id, name, arguments or {})], **options)
        return entry


@pytest.fixture
def vapi():
    return Vapi()


@pytest.fixture
def agent(user):
    return AgentFactory(user=user, vapi_assistant_id="asst-maple-0001", min_notice_minutes=60)


@pytest.fixture
def other_agent(other_user):
    return AgentFactory(user=other_user, vapi_assistant_id="asst-rival-0002")
