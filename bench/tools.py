"""VAPI tool-call and calendar measures for the benchmarks."""

import dataclasses
import random
import uuid
from datetime import timedelta
from urllib.parse import quote

from django.utils import timezone

from .scenarios import WARM_UP, count_queries, http_measure, in_process_measure

WEBHOOK = "/api/vapi/webhook"
EVENTS_PER_USER = 500


def tool_body(agent, name, arguments, tag):
    return {
        "message": {
            "type": "tool-calls",
            "call": {"id": f"bench-{tag}", "assistantId": agent.vapi_assistant_id},
            "toolCallList": [
                {
                    "id": f"tc-{uuid.uuid4().hex}",
                    "type": "function",
                    "function": {"name": name, "arguments": arguments},
                },
            ],
        }
    }


def _tool_measure(ctx, agent, label, name, arguments_for, *, note=""):
    headers = {"X-Vapi-Secret": agent.webhook_secret}
    measure = http_measure(
        ctx,
        label,
        "POST",
        WEBHOOK,
        body=lambda n: tool_body(agent, name, arguments_for(n), f"{name}-{n}"),
        headers=headers,
        note=note,
    )
    measure.queries = count_queries(
        "POST",
        WEBHOOK,
        user=None,
        body=lambda attempt: tool_body(agent, name, arguments_for(10_000 + attempt), "count"),
        headers={"HTTP_X_VAPI_SECRET": agent.webhook_secret},
    )
    return measure


def _connect_google(google_fake, user, email, events):
    from calendars.connections import connection_store

    access, refresh = google_fake._issue(email)
    connection = connection_store(
        user=user,
        provider="google",
        account_email=email,
        tokens={
            "access_token": access,
            "refresh_token": refresh,
            "expiry": (timezone.now() + timedelta(days=1)).isoformat(),
        },
    )
    rng = random.Random(email)
    now = timezone.now()
    for _ in range(events):
        start = (now + timedelta(minutes=rng.randrange(0, 60 * 24 * 30, 15))).replace(second=0, microsecond=0)
        google_fake.add_event(email, start=start, end=start + timedelta(minutes=rng.choice([30, 60, 90])))
    return connection


def prepare_agents(ctx, google_fake):
    """The built-in-calendar agent of ctx, and one on a Google calendar with 500 events."""
    from agents.models import Agent

    builtin = ctx.agent
    builtin.vapi_assistant_id = "bench-assistant-builtin"
    # Long enough to leave a free slot for every booking request the bench sends.
    builtin.booking_horizon_days = 60
    builtin.min_notice_minutes = 0
    builtin.save()

    google_user = ctx.extra_user
    connection = _connect_google(google_fake, google_user, "calendar@bench.leaseline.test", EVENTS_PER_USER)
    provider_agent = Agent.objects.create(
        user=google_user,
        agent_name="Google desk",
        timezone="America/Chicago",
        booking_calendar=connection,
        vapi_assistant_id="bench-assistant-google",
        booking_horizon_days=30,
        min_notice_minutes=0,
    )
    return builtin, provider_agent


def free_starts(agent, count):
    from calendars.selectors import agent_free_slots

    slots = agent_free_slots(user=agent.user, agent=agent, use_cache=False).slots
    if len(slots) < count:
        raise RuntimeError(f"only {len(slots)} free slots to book")
    return [slot.start.isoformat() for slot in slots[:count]]


def run(ctx, google_fake):
    builtin, provider_agent = prepare_agents(ctx, google_fake)
    measures = []
    measures.append(
        _tool_measure(
            ctx,
            builtin,
            "tool search_rentals",
            "search_rentals",
            lambda n: {"max_price": 2500 + (n % 5) * 100, "min_bedrooms": 1 + n % 3, "city": "Austin"},
            note="10,000 rentals for this user",
        )
    )
    measures.append(
        _tool_measure(
            ctx,
            builtin,
            "tool get_availability (built-in calendar)",
            "get_availability",
            lambda n: {},
            note="working hours + appointments",
        )
    )
    base = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    measures.append(
        _tool_measure(
            ctx,
            provider_agent,
            "tool get_availability (Google, cache hit)",
            "get_availability",
            lambda n: {"date_from": base.isoformat(), "date_to": (base + timedelta(days=7)).isoformat()},
            note="busy time from Redis",
        )
    )
    measures.append(
        _tool_measure(
            ctx,
            provider_agent,
            "tool get_availability (Google, cache miss)",
            "get_availability",
            lambda n: {
                "date_from": (base + timedelta(hours=n)).isoformat(),
                "date_to": (base + timedelta(hours=n + 2)).isoformat(),
            },
            note="freeBusy round trip to the loopback fake",
        )
    )
    starts = free_starts(builtin, ctx.requests + WARM_UP + 2)
    measures.append(
        _tool_measure(
            ctx,
            builtin,
            "tool book_appointment (built-in calendar)",
            "book_appointment",
            # Requests 10,000 and up are the in-process query count's, on the last two free slots.
            lambda n: {
                "start": starts[n % len(starts)] if n < 10_000 else starts[n - 10_002],
                "attendee_name": f"Bench Caller {n}",
                "attendee_phone": f"+1512555{n % 10000:04d}",
            },
            note="locks, live re-read, insert",
        )
    )
    return measures


def events_measures(ctx, google_fake):
    """GET /api/calendar/events over three Google connections: cache hit and miss."""
    from .data import session_cookie

    user = ctx.extra_user
    for n in (2, 3):
        _connect_google(google_fake, user, f"calendar{n}@bench.leaseline.test", EVENTS_PER_USER)
    events_ctx = dataclasses.replace(ctx, cookie=session_cookie(user))
    base = timezone.now().replace(minute=0, second=0, microsecond=0)

    def window(hours):
        start = base + timedelta(hours=hours)
        end = start + timedelta(days=7)
        return f"/api/calendar/events?start={quote(start.isoformat())}&end={quote(end.isoformat())}"

    hit = http_measure(
        events_ctx,
        "GET /api/calendar/events, 3 connections (cache hit)",
        "GET",
        window(0),
        note=f"{EVENTS_PER_USER} events per connection",
    )
    hit.queries = count_queries("GET", window(0), user=user)
    miss = http_measure(
        events_ctx,
        "GET /api/calendar/events, 3 connections (cache miss)",
        "GET",
        lambda n: window(n + 1),
        note="three events.list round trips, paged",
    )
    miss.queries = hit.queries
    return [hit, miss]


def engine_measure():
    """The availability engine alone: 30 days, 500 busy events."""
    from calendars.availability import BookingRules, free_slots

    rng = random.Random(5)
    now = timezone.now()
    rules = BookingRules(
        timezone="America/Chicago",
        working_hours={
            day: [["08:00", "12:00"], ["13:00", "19:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat")
        }
        | {"sun": []},
        slot_minutes=30,
        buffer_minutes=10,
        min_notice_minutes=60,
        horizon_days=30,
    )
    busy = []
    for _ in range(EVENTS_PER_USER):
        start = now + timedelta(minutes=rng.randrange(0, 60 * 24 * 30, 15))
        busy.append((start, start + timedelta(minutes=rng.choice([30, 60, 90]))))
    return in_process_measure(
        "availability engine alone",
        lambda: free_slots(rules, busy, now=now),
        repeat=300,
        note="30 days, 500 busy events, in-process",
    )
