"""Faults: Redis down. The API, the pages and the VAPI webhook still answer (the cache answers as
a miss), a scrape says the queue is down and loses nothing, and is taken once Redis is back."""

import time

import pytest
from django.core.cache import cache
from django.test import Client

from agents.tests.factories import AgentFactory
from calendars.models import Appointment
from calendars.selectors import agent_free_slots
from rentals.models import Rental, RentalSource, ScrapeRun
from rentals.services import QUEUE_UNAVAILABLE
from testsupport.clients import signed_in
from testsupport.fakes.listing_site import FakeListingSite
from testsupport.outages import redis_down
from voice.models import ToolInvocation
from voice.tests.conftest import Vapi

from .faults_support import VAPI_BUDGET_SECONDS, rentals_of, source_with_history


@pytest.mark.django_db(transaction=True)
def test_redis_down_the_api_and_webhook_answer_and_a_scrape_says_the_queue_is_down(
    scraper_settings, httpserver, user, api_client
):
    site = FakeListingSite(httpserver)
    agent = AgentFactory(user=user, vapi_assistant_id="asst-redis-down")
    source = source_with_history(user, site.url("/css/page1.html"))
    rentals_before = rentals_of(source)
    source_before = RentalSource.objects.filter(pk=source.pk).values().get()
    web = signed_in(user, Client)
    vapi = Vapi()

    began = time.monotonic()
    with redis_down():
        cache.set("probe", 1)
        assert cache.get("probe") is None  # the cache is really gone, and answers as a miss

        assert api_client.get("/readyz").status_code == 503
        for path in (
            "/api/users/me",
            "/api/agents",
            "/api/rentals",
            "/api/dashboard/stats",
            f"/api/calendar/availability?agent_id={agent.pk}",
            "/api/appointments",
        ):
            assert api_client.get(path).status_code == 200, path
        assert web.get("/").status_code == 200

        found = vapi.tool(agent, "search_rentals", {"city": "Austin"}, tool_call_id="redis-1")
        offered = vapi.tool(agent, "get_availability", {}, tool_call_id="redis-2")
        start = agent_free_slots(user=user, agent=agent).slots[0].start
        booked = vapi.tool(
            agent,
            "book_appointment",
            {
                "start": start.isoformat(),
                "attendee_name": "Robin Renter",
                "attendee_phone": "+15125550142",
            },
            tool_call_id="redis-3",
        )
        assert "rental id" in found["result"]
        assert offered["result"].startswith("Free viewing times")
        assert booked["result"].startswith("Booked a viewing for Robin Renter")

        response = api_client.post(f"/api/rentals/sources/{source.pk}/scrape")
        assert response.status_code == 503
        assert response.json()["code"] == "queue_unavailable"
        assert response.json()["error"] == QUEUE_UNAVAILABLE
    assert time.monotonic() - began < VAPI_BUDGET_SECONDS  # a refused connection fails fast

    assert ToolInvocation.objects.filter(error="").count() == 3
    assert Appointment.objects.filter(status="booked").count() == 1
    # The scrape request lost nothing: the source and its rentals are as they were, and no run
    # is left queued to block the next attempt.
    assert rentals_of(source) == rentals_before
    assert RentalSource.objects.filter(pk=source.pk).values().get() == source_before
    assert ScrapeRun.objects.get(source=source).status == "failed"

    # Redis is back: the same request is taken (tasks run inline in the test settings).
    assert api_client.get("/readyz").status_code == 200
    response = api_client.post(f"/api/rentals/sources/{source.pk}/scrape")
    assert response.status_code == 202
    assert ScrapeRun.objects.filter(source=source, status="succeeded").count() == 1
    assert Rental.objects.get(source=source, external_id="ht-2").title != "Old title"
