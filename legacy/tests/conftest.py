"""The frontend's requests as it sends them, signed in with tokens from the Clerk fake."""

import json
from urllib.parse import urlencode

import pytest
from rest_framework.test import APIClient

from calendars.tests.conftest import calendar_settings, google, microsoft  # noqa: F401  (fixtures)
from testsupport.fakes.vapi import fake_vapi  # noqa: F401  (fixture)

FRONTEND_ORIGIN = "http://localhost:3000"
CLERK_SECRET_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"


class Frontend:
    """One browser or server action of the frontend: `Authorization: Bearer <Clerk JWT>` (when
    signed in) and `Content-Type: application/json` on every call, GETs included."""

    def __init__(self, token=None):
        self.client = APIClient()
        self.token = token

    def headers(self, **extra):
        headers = {"Content-Type": "application/json", **extra}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def get(self, path, query=None, **headers):
        return self.client.get(path, query or {}, headers=self.headers(**headers))

    def post(self, path, body=None, *, query=None, **headers):
        path = f"{path}?{urlencode(query)}" if query else path
        data = json.dumps(body) if body is not None else ""
        return self.client.post(path, data, content_type="application/json", headers=self.headers(**headers))

    def patch(self, path, body, **headers):
        return self.client.patch(
            path, json.dumps(body), content_type="application/json", headers=self.headers(**headers)
        )

    def delete(self, path, **headers):
        return self.client.delete(path, headers=self.headers(**headers))


@pytest.fixture(autouse=True)
def _vapi_off(settings):
    """VAPI is unconfigured unless a test asks for `fake_vapi`."""
    settings.VAPI_API_KEY = ""
    settings.VAPI_WEBHOOK_SECRET = ""


@pytest.fixture
def manager(user):
    user.clerk_user_id = "user_frontend_manager"
    user.save()
    return user


@pytest.fixture
def rival(other_user):
    other_user.clerk_user_id = "user_frontend_rival"
    other_user.save()
    return other_user


@pytest.fixture
def frontend(clerk, manager):
    """The manager's frontend, with the `pete-next` template's token (it carries `aud`, names and email)."""
    token = clerk.token(
        manager.clerk_user_id,
        aud="http://testserver/legacy",
        azp=None,  # minted server-side
        sid=None,
        email=manager.email,
        name=manager.name,
        first_name="Morgan",
        last_name="Manager",
        user_id=manager.clerk_user_id,
        version="1",
    )
    return Frontend(token)


@pytest.fixture
def rival_frontend(clerk, rival):
    return Frontend(clerk.token(rival.clerk_user_id))


@pytest.fixture
def anonymous(clerk):
    """The frontend's calls that send no credentials at all."""
    return Frontend()
