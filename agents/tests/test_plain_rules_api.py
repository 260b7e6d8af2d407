"""The API refuses an agent's bad numbers and hours in the model's own words, as the page does."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_says_what_the_agent_form_says(api_client):
    response = api_client.post(
        "/api/agents",
        {
            "agent_name": "Maple",
            "slot_minutes": 2,
            "buffer_minutes": -1,
            "min_notice_minutes": 60 * 24 * 31,
            "booking_horizon_days": 0,
            "timezone": "Factory",
            "working_hours": {"tue": [["17:00", "09:00"]]},
        },
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["slot_minutes"] == ["A viewing lasts at least 5 minutes."]
    assert fields["buffer_minutes"] == ["The buffer between viewings can't be negative."]
    assert fields["min_notice_minutes"] == ["The minimum notice can be at most 43,200 minutes (30 days)."]
    assert fields["booking_horizon_days"] == ["Agents book at least 1 day ahead."]
    assert list(fields["timezone"]) and "Factory" in fields["timezone"][0]


def test_the_api_names_the_day_of_a_bad_range(api_client):
    response = api_client.post(
        "/api/agents", {"agent_name": "Maple", "working_hours": {"tue": [["17:00", "09:00"]]}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["working_hours"] == ["Tuesday: 17:00–09:00 must end after it starts."]
