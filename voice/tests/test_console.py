"""The agent page's try panel through the front door: what the caller asks in plain fields,
what the agent says in a manager's words with the exact text the AI receives behind a
disclosure, bookings made there tagged test (and a call's still voice), and scoping."""

import html
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from agents.tests.factories import AgentFactory
from agents.tools import TOOL_SPECS
from calendars.models import Appointment
from testsupport.clients import signed_in

from .factories import RentalFactory
from .tools_support import book, free_starts

pytestmark = pytest.mark.django_db

ISO_TEXT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
DEVELOPER_WORDS = ("ISO", "8601", "(optional) Required", "Required.", "The caller hears", "Run tool", "rental id")


@pytest.fixture
def web(user):
    return signed_in(user, Client)


def _try(web, agent, tool, **arguments):
    data = {"tool": tool, **{f"arg_{name}": value for name, value in arguments.items()}}
    response = web.post(reverse("voice:agent-try", args=[agent.pk]), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response


def _fields(web, agent, tool):
    response = web.get(reverse("voice:agent-try-fields", args=[agent.pk]), {"tool": tool})
    assert response.status_code == 200
    return response


def _visible(page):
    """The words a person reads: no tags, no attributes, and not what is behind the disclosure."""
    page = re.sub(r"<details.*?</details>", " ", page, flags=re.S)
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _disclosed(page):
    [raw] = re.findall(r'<details class="try-raw">(.*?)</details>', page, flags=re.S)
    return html.unescape(raw)


def _answer(page):
    return re.sub(r"\s+", " ", _visible(page.split('id="tool-answer"', 1)[1]))


# What the caller asks


def test_every_tool_is_asked_for_in_plain_words(web, agent):
    page = _visible(web.get(reverse("agents:detail", args=[agent.pk])).content.decode())
    assert "What the caller asks" in page and "What the agent says" in page
    for label in ("Find rentals", "Check free times", "Book a viewing", "Cancel a viewing"):
        assert label in page
    for tool, spec in TOOL_SPECS.items():
        text = _visible(_fields(web, agent, tool).content.decode())
        assert not ISO_TEXT.search(text), tool
        for word in (*TOOL_SPECS, *(param.name for param in spec.params), *DEVELOPER_WORDS):
            assert word not in text, (tool, word)


def test_a_field_is_required_exactly_when_the_tool_requires_the_argument(web, agent):
    for tool, spec in TOOL_SPECS.items():
        form = _fields(web, agent, tool).context["tool_form"]
        required = {name.removeprefix("arg_") for name, field in form.fields.items() if field.required}
        assert required - {"tool"} == {param.name for param in spec.params if param.required}, tool
        for field in form.argument_fields():
            assert "Required" not in str(field.help_text)


def test_rentals_are_picked_by_title_and_address_and_only_ones_own(web, user, other_user, agent):
    RentalFactory(user=user, title="Cedar loft", address="12 Elm Street", city="Austin")
    RentalFactory(user=other_user, title="Rival loft")
    text = _visible(_fields(web, agent, "get_rental_details").content.decode())
    assert "Cedar loft — 12 Elm Street, Austin" in text and "Rival loft" not in text


def test_the_booking_time_is_the_slot_picker_and_a_free_time_opens_it_chosen(web, agent):
    start = free_starts(agent)[1]
    page = _fields(web, agent, "book_appointment").content.decode()
    assert 'class="slot-picker"' in page and 'name="arg_start"' in page
    response = web.get(
        reverse("voice:agent-try-fields", args=[agent.pk]),
        {"tool": "book_appointment", "start": start.isoformat(), "panel": "1"},
    )
    page = response.content.decode()
    assert re.search(rf'value="{re.escape(start.isoformat())}"\s+checked', page)
    assert 'value="book_appointment" selected' in page


# What the agent says


def test_found_rentals_are_listed_with_rent_and_rooms_and_the_raw_text_is_disclosed(web, vapi, user, agent):
    RentalFactory(user=user, title="Cedar loft", address="12 Elm Street", price=1300, bedrooms=1, city="Austin")
    RentalFactory(user=user, title="Oak house", price=2400, bedrooms=3, city="Austin")
    page = _try(web, agent, "search_rentals", max_price="1500", min_bedrooms="1").content.decode()
    answer = _answer(page)
    assert "1 rental to suggest" in answer and "Cedar loft" in answer and "$1,300 a month" in answer
    assert "1 bd" in answer and "Oak house" not in answer
    # Behind "What the AI receives": what the assistant sent and exactly what a call's assistant is told.
    on_a_call = vapi.tool(agent, "search_rentals", {"max_price": 1500, "min_bedrooms": 1})["result"]
    raw = _disclosed(page)
    assert "What the AI receives" in raw and on_a_call in raw
    assert '"max_price": 1500' in raw and '"min_bedrooms": 1' in raw


def test_free_times_are_said_in_words_and_the_exact_times_only_behind_the_disclosure(web, agent):
    first = free_starts(agent)[0].astimezone(ZoneInfo(agent.timezone))
    page = _try(web, agent, "get_availability").content.decode()
    answer = _answer(page)
    assert "The agent offers these times" in answer and not ISO_TEXT.search(answer)
    assert f"{first:%a}, {first:%b} {first.day}" in answer and f"{first:%-I:%M %p}" in answer
    raw = _disclosed(page)
    assert "pass the exact ISO time" in raw and f"({first.isoformat()})" in raw


def test_a_booking_from_the_panel_is_tagged_test_and_not_counted_as_a_call(web, user, agent):
    start = free_starts(agent)[0]
    page = _try(
        web,
        agent,
        "book_appointment",
        start=start.isoformat(),
        attendee_name="Jordan Renter",
        attendee_phone="(512) 555-0142",
    ).content.decode()
    appointment = Appointment.objects.get(user=user)
    assert appointment.source == Appointment.Source.TEST and appointment.start == start
    answer = _answer(page)
    assert "Booked: Jordan Renter" in answer and "Test" in answer and "Voice" not in answer
    agent_page = _visible(web.get(reverse("agents:detail", args=[agent.pk])).content.decode())
    assert re.search(r"Jordan Renter\s+Test", agent_page)
    stats = signed_in(user).get("/api/dashboard/stats").json()
    assert stats["calls"]["bookings_last_7_days"] == 0 and stats["calendar"]["upcoming_appointments"] == 1
    # It still shows the manager what callers get: the first-run checklist's test call is done.
    dashboard = web.get("/")
    assert {step.key: step.done for step in dashboard.context["checklist"]["steps"]}["call"] is True
    assert re.search(r"Jordan Renter\s+Test", _visible(dashboard.content.decode()))


def test_a_booking_on_a_call_stays_voice(vapi, user, agent):
    entry = book(vapi, agent, free_starts(agent)[0])
    assert entry["result"].startswith("Booked a viewing")
    assert Appointment.objects.get(user=user).source == Appointment.Source.VOICE
    assert signed_in(user).get("/api/dashboard/stats").json()["calls"]["bookings_last_7_days"] == 1


def test_a_taken_time_is_said_with_the_next_free_times(web, user, agent):
    start = free_starts(agent)[0]
    details = {"start": start.isoformat(), "attendee_name": "Jordan Renter", "attendee_phone": "(512) 555-0142"}
    _try(web, agent, "book_appointment", **details)
    page = _try(web, agent, "book_appointment", **{**details, "attendee_name": "Sam Other"}).content.decode()
    answer = _answer(page)
    assert "That time is taken. The agent offers the next free times" in answer and not ISO_TEXT.search(answer)
    assert Appointment.objects.filter(user=user).count() == 1


def test_a_viewing_is_cancelled_by_phone_and_picked_in_words(web, user, agent):
    start = free_starts(agent)[0]
    _try(
        web,
        agent,
        "book_appointment",
        start=start.isoformat(),
        attendee_name="Jordan Renter",
        attendee_phone="(512) 555-0142",
    )
    text = _visible(_fields(web, agent, "cancel_appointment").content.decode())
    assert "Jordan Renter" in text and not ISO_TEXT.search(text)
    answer = _answer(_try(web, agent, "cancel_appointment", attendee_phone="512 555 0142").content.decode())
    assert "Cancelled: Jordan Renter's viewing" in answer
    assert Appointment.objects.get(user=user).status == Appointment.Status.CANCELLED


def test_details_a_caller_gets_wrong_are_said_at_the_field_in_words(web, user, agent):
    response = _try(
        web, agent, "book_appointment", start=free_starts(agent)[0].isoformat(), attendee_name="Jo", attendee_phone="12"
    )
    assert "Enter a phone number" in response.content.decode() and 'id="tool-answer"' not in response.content.decode()
    assert not Appointment.objects.filter(user=user).exists()


def test_a_paused_agent_says_so_in_words(web, agent):
    agent.is_active = False
    agent.save(update_fields=["is_active"])
    page = _try(web, agent, "search_rentals").content.decode()
    assert "The agent is paused" in _answer(page) and "switched off" in _disclosed(page)


def test_without_javascript_the_answer_comes_on_the_agent_page(web, user, agent):
    RentalFactory(user=user, title="Cedar loft", price=1300, bedrooms=1)
    response = web.post(reverse("voice:agent-try", args=[agent.pk]), {"tool": "search_rentals"})
    page = response.content.decode()
    assert response.status_code == 200 and "Upcoming viewings" in page and "Cedar loft" in _answer(page)


# Scoping


def test_another_managers_agent_is_404_and_nothing_is_booked(web, other_user):
    theirs = AgentFactory(user=other_user, min_notice_minutes=0)
    start = free_starts(theirs)[0]
    assert web.get(reverse("voice:agent-try-fields", args=[theirs.pk]), {"tool": "search_rentals"}).status_code == 404
    response = web.post(
        reverse("voice:agent-try", args=[theirs.pk]),
        {
            "tool": "book_appointment",
            "arg_start": start.isoformat(),
            "arg_attendee_name": "X",
            "arg_attendee_phone": "5125550142",
        },
    )
    assert response.status_code == 404 and not Appointment.objects.exists()


def test_another_managers_rental_is_refused(web, user, other_user, agent):
    theirs = RentalFactory(user=other_user, title="Rival loft")
    response = _try(web, agent, "get_rental_details", rental_id=str(theirs.pk))
    assert response.context["tool_form"].errors["arg_rental_id"] and "Rival loft" not in response.content.decode()


def test_the_panel_needs_a_signed_in_manager(agent):
    response = Client().post(reverse("voice:agent-try", args=[agent.pk]), {"tool": "search_rentals"})
    assert response.status_code == 302 and "/login/" in response["Location"]
