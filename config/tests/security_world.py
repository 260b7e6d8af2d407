"""The two managers' worlds the security matrix compares: the owner's, every text carrying
MARK, and a rival's; the database's whole state, to show a refused request changed nothing."""

from collections import defaultdict
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from rest_framework.test import APIClient

from agents.models import PhoneNumber
from agents.tests.factories import AgentFactory
from calendars.tests.factories import AppointmentFactory, ConnectionFactory
from leads.tests.factories import LeadFactory
from notifications.models import Notification
from rentals.tests.factories import RentalFactory, RentalSourceFactory, ScrapeRunFactory
from testsupport.clients import signed_in
from voice.tests.factories import CallFactory, ToolInvocationFactory

# In the owner's texts; never in anything another user is shown.
MARK = "ownermark"
# A body that would be a valid change of any object, so only scoping can stop it.
TAKEOVER = {
    "agent_name": "Taken over",
    "title": "Taken over",
    "name": "Taken over",
    "status": "cancelled",
    "is_active": False,
    "website_url": "https://taken.example",
    "user_id": 0,
}
DATA_APPS = ["accounts", "agents", "rentals", "leads", "calendars", "voice", "notifications"]


def database_state():
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for label in DATA_APPS
        for model in apps.get_app_config(label).get_models()
    }


def world(owner, copies, mark):
    """`copies` of everything a manager owns, their texts carrying `mark`: {model: [objects]}."""
    objects = defaultdict(list)
    for number in range(copies):
        agent = AgentFactory(user=owner, agent_name=f"{mark} line {number}", vapi_assistant_id=f"asst-{mark}-{number}")
        source = RentalSourceFactory(user=owner, name=f"{mark} site {number}")
        rental = RentalFactory(user=owner, source=source, title=f"{mark} flat {number}")
        lead = LeadFactory(user=owner, name=f"{mark} lead {number}", notes=f"{mark} notes {number}")
        phone_call = CallFactory(agent=agent, lead=lead, summary=f"{mark} call {number}")
        phone = PhoneNumber.objects.create(
            user=owner, number=f"+1512555{len(mark):02d}{number:02d}", name=f"{mark} number {number}", agent=agent
        )
        created = [
            agent,
            lead,
            phone,
            source,
            rental,
            phone_call,
            ScrapeRunFactory(source=source, error=f"{mark} error {number}", status="failed"),
            # Without tokens, as when the user revoked access: no request reaches a provider.
            ConnectionFactory(
                user=owner,
                account_email=f"{mark}{number}@example.com",
                status="needs_reauth",
                last_error=f"{mark} revoked {number}",
            ),
            AppointmentFactory(
                user=owner,
                agent=agent,
                rental=rental,
                lead=lead,
                attendee_name=f"{mark} renter {number}",
                start=timezone.now() + timedelta(days=1, hours=number),
            ),
            ToolInvocationFactory(call=phone_call, result=f"{mark} result {number}"),
        ]
        created.append(
            Notification.objects.create(
                user=owner,
                appointment=created[-2],
                lead=lead,
                channel="email",
                kind="confirmation",
                event="booked",
                to=f"{mark}{number}@example.com",
                status="failed",
                error=f"{mark} refused {number}",
                due_at=timezone.now(),
            )
        )
        for item in created:
            objects[type(item)].append(item)
    return objects


@pytest.fixture
def owned(user):
    return world(user, 2, MARK)


@pytest.fixture
def rivals(other_user):
    return world(other_user, 1, "rival")


@pytest.fixture(params=["session", "clerk bearer"])
def rival_client(request, other_user, rivals):
    """Another manager, signed in with a Django session or with a Clerk session token."""
    if request.param == "session":
        return signed_in(other_user)
    clerk = request.getfixturevalue("clerk")
    other_user.clerk_user_id = "user_rival"
    other_user.save(update_fields=["clerk_user_id"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {clerk.token('user_rival')}")
    return client


def assert_nothing_leaks(response, what):
    assert MARK not in response.content.decode().lower(), f"{what} shows the owner's data"
