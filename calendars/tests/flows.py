"""Flows driven through the real endpoints: connecting a calendar, booking and cancelling viewings."""

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from django.utils import timezone

from calendars.models import CalendarConnection

CHICAGO = ZoneInfo("America/Chicago")


def query_of(url):
    return {key: values[-1] for key, values in parse_qs(urlsplit(url).query).items()}


def start_connect(client, provider, **params):
    response = client.get("/api/calendar/auth/start", {"provider": provider, **params})
    assert response.status_code == 200, response.content
    return response.json()["authorization_url"]


def finish_connect(fake, authorization_url, *, email, browser=None, **callback_overrides):
    """The user consents at the fake provider and `browser` (default: one signed in to nothing)
    comes back to the public callback: (where it is sent, that address's query)."""
    from rest_framework.test import APIClient

    callback = {**fake.consent(authorization_url, email=email), **callback_overrides}
    response = (browser or APIClient()).get("/api/calendar/auth/callback", callback)
    assert response.status_code == 302
    return response["Location"], query_of(response["Location"])


def complete_pending(client, code):
    return client.post("/api/calendar/auth/complete", {"code": code}, format="json")


def connect(client, fake, provider, *, email):
    """Connects as the manager signed in on `client`.

    With a session the callback connects at once; with a bearer token (the frontend) the
    browser carries no session, so the tokens are parked and the client completes the connect.
    """
    location, query = finish_connect(fake, start_connect(client, provider), email=email, browser=client)
    if "pending" in query:
        assert complete_pending(client, query["pending"]).status_code == 200
    else:
        assert query == {"connected": provider}, location
    return CalendarConnection.objects.get(provider=provider, account_email=email)


def day_at(hour, minute=0, days=1):
    day = timezone.now().astimezone(CHICAGO).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHICAGO)


def book(client, agent, start, **extra):
    return client.post(
        "/api/appointments",
        {
            "agent_id": agent.pk,
            "start": start.isoformat(),
            "attendee_name": "Casey Caller",
            "attendee_phone": "+15125550123",
            **extra,
        },
        format="json",
        **({"HTTP_IDEMPOTENCY_KEY": extra.pop("key")} if "key" in extra else {}),
    )


def cancel(client, appointment_id):
    return client.patch(f"/api/appointments/{appointment_id}", {"status": "cancelled"}, format="json")
