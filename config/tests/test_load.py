"""Load: 2,000 VAPI tool calls from 32 concurrent clients against gunicorn, as in production.

Why gunicorn and not pytest-django's live_server: live_server runs every request in threads of
the test process, so every booking would race only with threads that share one interpreter
and lock. gunicorn runs two worker processes (each with threads) and keeps persistent
database sessions, so bookings race across processes and only PostgreSQL can keep them
apart, which is what production relies on. It also uses both CPU cores of a CI machine.

Many callers ask for the same few slots at once and some tool calls are sent twice (as when
VAPI's assistant repeats a call). What must hold: no error answer, every tool call recorded
once, and no manager double-booked.
"""

import json
import random
import re
import statistics
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal

import pytest
import requests
from django.db.models import Exists, OuterRef

from accounts.tests.factories import UserFactory
from agents.tests.factories import AgentFactory
from calendars.models import Appointment
from calendars.selectors import agent_free_slots
from rentals.tests.factories import RentalFactory
from testsupport.server import running_server
from voice.models import ToolInvocation
from voice.tests.payloads import WEBHOOK, tool_calls

MANAGERS = 4
TOOL_CALLS = 2000
REPEATED_CALLS = 100
CLIENTS = 32
# Bookings pick among each agent's first free slots, so many callers race for each one.
CONTESTED_SLOTS = 24
TOOL_MIX = {"search_rentals": 4, "get_availability": 3, "book_appointment": 3}
CITIES = ["Austin", "Dallas", "Houston"]
# VAPI waits 20 s for a tool answer.
VAPI_TIMEOUT_SECONDS = 20
# What a caller may hear from each tool under load; anything else (an apology) is a failure.
EXPECTED_RESULTS = {
    "search_rentals": re.compile(r"(\d+ rentals? found|No available rentals match)"),
    "get_availability": re.compile(r"(Free viewing times|There are no free viewing times)"),
    "book_appointment": re.compile(r"(Booked a viewing for|That time is not available)"),
}
APPOINTMENT_ID = re.compile(r"Appointment id (\d+)\.$")


def _manager(number):
    user = UserFactory(email=f"load{number}@example.com")
    agent = AgentFactory(user=user, vapi_assistant_id=f"asst-load-{number}")
    for index in range(25):
        RentalFactory(
            user=user,
            city=CITIES[index % 3],
            bedrooms=index % 4,
            price=Decimal(1100 + 50 * index),
            pets_allowed=index % 2 == 0,
        )
    slots = agent_free_slots(user=user, agent=agent).slots[:CONTESTED_SLOTS]
    assert len(slots) == CONTESTED_SLOTS
    return agent, slots


def _arguments(name, rng, number, slots):
    if name == "search_rentals":
        arguments = {"max_price": rng.choice([1300, 1800, "2,500", "$2000"]), "min_bedrooms": rng.randint(0, 3)}
        if rng.random() < 0.5:
            arguments["city"] = rng.choice(CITIES)
        return arguments
    if name == "get_availability":
        return rng.choice([{}, {"duration_minutes": 60}, {"date_from": slots[-1].start.date().isoformat()}])
    return {
        "start": rng.choice(slots).start.isoformat(),
        "attendee_name": f"Caller {number}",
        "attendee_phone": f"+1512555{number:04d}",
    }


@dataclass(frozen=True)
class PlannedCall:
    agent: object
    vapi_call_id: str
    tool_call_id: str
    name: str
    arguments: dict


@dataclass(frozen=True)
class Answer:
    call: PlannedCall
    status: int
    body: str
    seconds: float


def _plan(managers):
    """Every tool call to send, some of them twice, shuffled (seeded, so a failure can be replayed)."""
    rng = random.Random(20251125)
    calls = []
    for number in range(TOOL_CALLS):
        agent, slots = managers[number % MANAGERS]
        name = rng.choices(list(TOOL_MIX), weights=list(TOOL_MIX.values()))[0]
        # About ten tool calls per conversation, as in a real phone call.
        calls.append(
            PlannedCall(
                agent, f"call-{agent.pk}-{number // 40}", f"load-{number}", name, _arguments(name, rng, number, slots)
            )
        )
    calls += rng.sample(calls, REPEATED_CALLS)
    rng.shuffle(calls)
    return calls


def _send_all(server, calls):
    """Posts each tool call as its own webhook message, from CLIENTS threads at once."""
    local = threading.local()

    def send(call):
        if not hasattr(local, "session"):
            local.session = requests.Session()
        payload = tool_calls(
            call.agent.vapi_assistant_id, [(call.tool_call_id, call.name, call.arguments)], call_id=call.vapi_call_id
        )
        began = time.monotonic()
        response = local.session.post(
            server.url + WEBHOOK,
            json=payload,
            timeout=VAPI_TIMEOUT_SECONDS,
            headers={"X-Vapi-Secret": call.agent.webhook_secret},
        )
        return Answer(call, response.status_code, response.text, time.monotonic() - began)

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return list(pool.map(send, calls))


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_thousand_tool_calls_from_32_clients_lose_nothing_and_double_book_no_one():
    managers = [_manager(number) for number in range(MANAGERS)]
    calls = _plan(managers)

    with running_server(workers=2, threads=8) as server:
        began = time.monotonic()
        answers = _send_all(server, calls)
        wall = time.monotonic() - began

    failures = [
        (answer.call.tool_call_id, answer.status, answer.body[:300]) for answer in answers if answer.status != 200
    ]
    assert not failures, failures[:5]
    results = defaultdict(set)
    booked_answers = set()
    for answer in answers:
        [entry] = json.loads(answer.body)["results"]
        assert "error" not in entry and entry["toolCallId"] == answer.call.tool_call_id, entry
        assert EXPECTED_RESULTS[answer.call.name].match(entry["result"]), entry
        results[answer.call.tool_call_id].add(entry["result"])
        if match := APPOINTMENT_ID.search(entry["result"]):
            booked_answers.add((int(match.group(1)), answer.call.agent.user_id, answer.call.tool_call_id))
    # A tool call sent twice got the same answer twice.
    assert all(len(answered) == 1 for answered in results.values())

    # Every tool call is recorded, once, with the answer it got.
    recorded = dict(ToolInvocation.objects.values_list("tool_call_id", "result"))
    assert recorded == {tool_call_id: answered.pop() for tool_call_id, answered in results.items()}
    assert len(recorded) == TOOL_CALLS
    assert not ToolInvocation.objects.exclude(error="").exists()

    # Each "Booked" answer is one booked appointment of that manager, and there is no other.
    booked = Appointment.objects.filter(status="booked")
    assert set(booked.values_list("pk", "user_id", "idempotency_key")) == booked_answers
    overlapping = booked.filter(user=OuterRef("user"), start__lt=OuterRef("end"), end__gt=OuterRef("start")).exclude(
        pk=OuterRef("pk")
    )
    assert not booked.filter(Exists(overlapping)).exists(), "a manager is double-booked"
    tries = sum(1 for call in calls if call.name == "book_appointment")
    assert 0 < booked.count() <= MANAGERS * CONTESTED_SLOTS < tries

    seconds = sorted(answer.seconds for answer in answers)
    p99 = seconds[int(len(seconds) * 0.99) - 1]
    print(
        f"\n{len(answers)} webhook requests ({TOOL_CALLS} tool calls, {REPEATED_CALLS} sent twice) from {CLIENTS} "
        f"clients in {wall:.1f} s ({len(answers) / wall:.0f}/s); median {statistics.median(seconds) * 1000:.0f} ms, "
        f"p99 {p99 * 1000:.0f} ms, max {seconds[-1] * 1000:.0f} ms; {booked.count()} bookings from {tries} tries"
    )
    assert seconds[-1] < VAPI_TIMEOUT_SECONDS / 2
