"""The connect flow, driven through the real endpoints, for tests that need a connected calendar."""
from urllib.parse import parse_qs, urlsplit

from calendars.models import CalendarConnection


def start_connect(client, provider, **params):
    response = client.get("/api/calendar/auth/start", {"provider": provider, **params})
    assert response.status_code == 200, response.content
    return response.json()["authorization_url"]


def finish_connect(fake, authorization_url, *, email, **callback_overrides):
    """The browser consents at the fake provider and comes back to the public callback."""
    from rest_framework.test import APIClient

    callback = {**fake.consent(authorization_url, email=email), **callback_overrides}
    response = APIClient().get("/api/calendar/auth/callback", callback)
    assert response.status_code == 302
    location = response["Location"]
    return location, {key: values[-1] for key, values in parse_qs(urlsplit(location).query).items()}


def connect(client, fake, provider, *, email):
    location, query = finish_connect(fake, start_connect(client, provider), email=email)
    assert query == {"connected": provider}, location
    return CalendarConnection.objects.get(provider=provider, account_email=email)
