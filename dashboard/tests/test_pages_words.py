"""The pages a manager reads say things in words: no raw phone numbers, VAPI codes, tool names,
Python dicts, ISO timestamps or seconds on the call pages, the agent pages and the dashboard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agents.models import PhoneNumber
from agents.tests.factories import AgentFactory
from calendars.tests.factories import AppointmentFactory, ConnectionFactory
from voice.models import Call, ToolInvocation

pytestmark = pytest.mark.django_db

RAW = (
    "+15125550142",
    "customer-ended-call",
    "pipeline-error-openai-llm-failed",
    "{'",
    '{"',
    "search_rentals",
    "book_appointment",
    "max_price",
    "min_bedrooms",
    "attendee_phone",
    "in-progress",
    "builtin",
    "microsoft",
    "America/Chicago",
)


def assert_no_raw(html, *also):
    """Nothing raw in what the page shows (its <main>; the <head> carries htmx's JSON config)."""
    shown = html.split("<main", 1)[-1]
    for raw in RAW + also:
        assert raw not in shown, raw


@pytest.fixture
def talked(user):
    """An agent with a number, a call with tools that worked and one that failed, a viewing."""
    agent = AgentFactory(
        user=user,
        agent_name="Birch line",
        slot_minutes=30,
        buffer_minutes=15,
        min_notice_minutes=1440,
        working_hours={
            **{day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")},
            "sat": [["10:00", "14:00"]],
            "sun": [],
        },
    )
    PhoneNumber.objects.create(user=user, number="+15125550199", agent=agent)
    call = Call.objects.create(
        user=user,
        agent=agent,
        vapi_call_id="call-birch",
        status="ended",
        started_at=timezone.now() - timedelta(minutes=20),
        duration_seconds=252,
        ended_reason="customer-ended-call",
        customer_number="+15125550142",
        summary="",
    )
    ToolInvocation.objects.create(
        user=user,
        agent=agent,
        call=call,
        tool_call_id="tc-search",
        name="search_rentals",
        arguments={"min_bedrooms": 2, "max_price": 1800},
        result="1 rental found, best matches first: rental id 9: 2 bedrooms at 1 Birch St, Austin, $1,750 a month, "
        "available from December 20 (2026-12-20).",
        duration_ms=230,
    )
    ToolInvocation.objects.create(
        user=user,
        agent=agent,
        call=call,
        tool_call_id="tc-book",
        name="book_appointment",
        arguments={"start": "2026-12-08T15:00:00-06:00", "attendee_name": "Ana Renter"},
        error="attendee_phone is required: The caller's phone number.",
    )
    failed = Call.objects.create(
        user=user,
        agent=agent,
        vapi_call_id="call-failed",
        status="in-progress",
        started_at=timezone.now() - timedelta(days=1),
        ended_reason="pipeline-error-openai-llm-failed",
        customer_number="+442079460958",
    )
    AppointmentFactory(
        user=user,
        agent=agent,
        start=timezone.now() + timedelta(days=2),
        attendee_name="Ana Renter",
        attendee_phone="+15125550142",
    )
    return {"agent": agent, "call": call, "failed": failed}


def test_the_call_page_in_words(web, talked):
    html = web.get(f"/calls/{talked['call'].pk}/").content.decode()
    assert "Call from (512) 555-0142" in html
    assert "Caller hung up" in html and "4 min 12 s" in html and ">Ended<" in html
    assert "Find rentals" in html and "Budget: up to $1,800 · Bedrooms: 2 or more" in html
    assert "took 0.2 s" in html
    # The answer for a person, the exact text the agent got behind a disclosure.
    assert "available from December 20." in html and "Exact text the agent received" in html
    assert "Book a viewing" in html and "Phone is required" in html
    assert "Time: Tue, Dec 8, 3:00 PM · Name: Ana Renter" in html
    assert_no_raw(html.split("Exact text the agent received")[0])


def test_a_failed_call_abroad_says_what_failed(web, talked):
    html = web.get(f"/calls/{talked['failed'].pk}/").content.decode()
    # The manager is in Chicago: a UK caller's number is written the international way.
    assert "Call from +44 20 7946 0958" in html
    assert "Call failed: the AI model had a problem" in html and "In progress" in html
    assert "No tools were used on this call." in html
    assert_no_raw(html)


def test_the_calls_list_in_words(web, talked):
    html = web.get("/calls/").content.decode()
    assert "(512) 555-0142" in html and "+44 20 7946 0958" in html
    assert "Caller hung up" in html and "4 min 12 s" in html
    assert "Call failed: the AI model had a problem" in html
    assert "Today, " in html and "Yesterday, " in html
    assert_no_raw(html)


def test_the_agent_page_in_words(web, talked):
    html = web.get(f"/agents/{talked['agent'].pk}/").content.decode()
    assert "(512) 555-0199" in html and "(512) 555-0142" in html
    assert "Mon–Fri 9 AM–5 PM" in html and "Sat 10 AM–2 PM" in html and "Sun closed" in html
    assert "30 minutes each, 15 minutes apart" in html and "at least 1 day" in html
    assert "Chicago time (UTC" in html and "Not on VAPI yet" in html
    assert "Caller hung up" in html and "4 min 12 s" in html
    # The try panel (someone else's words) may name the tools; the rest of the page does not.
    panel_start, panel_end = html.index('id="try-tool"'), html.index('id="talk-title"')
    assert_no_raw(html[:panel_start] + html[panel_end:])


def test_the_agents_list_and_numbers_in_words(web, user, talked):
    connection = ConnectionFactory(user=user, provider="microsoft", account_email="morgan@example.com")
    AgentFactory(user=user, agent_name="Elm line", booking_calendar=connection)
    html = web.get("/agents/").content.decode()
    assert "(512) 555-0199" in html and "Microsoft 365 (morgan@example.com)" in html and "Built-in calendar" in html
    assert_no_raw(html)
    html = web.get("/phone-numbers/").content.decode()
    assert "(512) 555-0199" in html
    assert_no_raw(html, "+15125550199")


def test_the_dashboard_in_words(web, user, talked):
    ConnectionFactory(user=user, provider="google", status="needs_reauth", account_email="morgan@example.com")
    html = web.get("/").content.decode()
    assert "Times are in Chicago time (UTC" in html
    assert "(512) 555-0142" in html and "+44 20 7946 0958" in html
    assert "Caller hung up" in html and "Call failed: the AI model had a problem" in html
    assert "Your Google Calendar connection (morgan@example.com) needs to be reconnected" in html
    assert "avg 4 min 12 s" in html
    assert_no_raw(html)
