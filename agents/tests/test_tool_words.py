"""The agent's tools in a manager's words: one label per tool and argument, arguments as a short
list, answers without the exact ISO times the agent needs, errors with their arguments named."""

from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

from agents import tool_words
from agents.tools import TOOL_SPECS


def test_every_tool_and_argument_has_a_label():
    for name, spec in TOOL_SPECS.items():
        assert name in tool_words.TOOL_LABELS and "_" not in tool_words.tool_label(name)
        for param in spec.params:
            assert param.name in tool_words.PARAM_LABELS, param.name


@pytest.mark.parametrize(
    "name, expected",
    [
        ("search_rentals", "Find rentals"),
        ("get_availability", "Check free times"),
        ("book_appointment", "Book a viewing"),
        ("get_rental_details", "Rental details"),
        ("cancel_appointment", "Cancel a viewing"),
        ("transfer_call", "Transfer call"),
        ("", "Unknown tool"),
    ],
)
def test_tool_labels(name, expected):
    assert tool_words.tool_label(name) == expected


@pytest.mark.parametrize(
    "name, arguments, expected",
    [
        ("search_rentals", {"min_bedrooms": 2, "max_price": 1800}, "Budget: up to $1,800 · Bedrooms: 2 or more"),
        (
            "search_rentals",
            {"max_price": "1850.50", "min_bedrooms": "0"},
            "Budget: up to $1,850.50 · Bedrooms: studio or more",
        ),
        (
            "search_rentals",
            {"city": "Austin", "pets_allowed": "yes", "available_by": "2026-12-20", "limit": 3},
            "Area: Austin · Pets: yes · Move in by: Sun, Dec 20 · Show: up to 3",
        ),
        (
            "get_availability",
            {"duration_minutes": 90, "date_from": "2026-12-08"},
            "From: Tue, Dec 8 · Viewing length: 1 hour 30 minutes",
        ),
        (
            "book_appointment",
            {
                "start": "2026-12-08T15:00:00-06:00",
                "attendee_name": "Ana Renter",
                "attendee_phone": "+15125550142",
                "rental_id": 9,
            },
            "Time: Tue, Dec 8, 3:00 PM · Name: Ana Renter · Phone: (512) 555-0142 · Rental: #9",
        ),
        (
            "cancel_appointment",
            {"attendee_phone": "512 555 0142", "start": "2026-12-08T15:00:00-06:00"},
            "Phone: (512) 555-0142 · Viewing at: Tue, Dec 8, 3:00 PM",
        ),
        # What a model got wrong is shown as it sent it, as text.
        ("search_rentals", {"max_price": "cheap", "min_bedrooms": 2.5}, "Budget: cheap · Bedrooms: 2.5"),
        ("book_appointment", {"start": "next tuesday"}, "Time: next tuesday"),
        # Arguments no tool declares, nested values, empty ones.
        (
            "search_rentals",
            {"colour": "blue", "extras": {"near_park": True, "floors": [1, 2]}, "city": ""},
            "Colour: blue · Extras: near park: yes, floors: 1, 2",
        ),
        ("no_such_tool", {"a_b": 1.0}, "A b: 1"),
        ("search_rentals", {}, ""),
        ("search_rentals", None, ""),
        ("search_rentals", "raw text", "Details: raw text"),
        ("search_rentals", ["x", 2], "Details: x, 2"),
    ],
)
def test_arguments_as_a_short_list(name, arguments, expected):
    with timezone.override(ZoneInfo("America/Chicago")):
        text = tool_words.tool_arguments_words(name, arguments)
    assert text == expected
    assert "{" not in text and "'" not in text and "_" not in text


def test_arguments_filter_in_a_template():
    template = Template("{% load tool_words %}{{ args|tool_arguments:name }} / {{ name|tool_label }}")
    with timezone.override(ZoneInfo("America/Chicago")):
        html = template.render(Context({"args": {"min_bedrooms": 2, "max_price": 1800}, "name": "search_rentals"}))
    assert html == "Budget: up to $1,800 · Bedrooms: 2 or more / Find rentals"


def test_answers_leave_out_the_exact_iso_times():
    answer = (
        "Free viewing times (America/Chicago): Tuesday, December 8 at 3:00 PM (2026-12-08T15:00:00-06:00); "
        "Wednesday, December 9 at 9:30 AM (2026-12-09T09:30:00-06:00). Available from December 20 (2026-12-20)."
    )
    assert tool_words.tool_answer_words(answer) == (
        "Free viewing times (Chicago time): Tuesday, December 8 at 3:00 PM; "
        "Wednesday, December 9 at 9:30 AM. Available from December 20."
    )


@pytest.mark.parametrize(
    "name, error, expected",
    [
        (
            "book_appointment",
            "attendee_phone is required: The caller's phone number.",
            "Phone is required: The caller's phone number.",
        ),
        ("search_rentals", "max_price must be at least 0.", "Budget must be at least 0."),
        ("get_availability", "date_from is not a date and time.", "From is not a date and time."),
        ("unknown", "Something broke.", "Something broke."),
    ],
)
def test_errors_name_the_arguments_in_words(name, error, expected):
    assert tool_words.tool_error_words(name, error) == expected
