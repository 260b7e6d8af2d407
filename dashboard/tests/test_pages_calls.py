"""The calls page: filtering by agent and by local dates, to the ends of the calendar."""

from datetime import UTC, datetime

import pytest

from agents.tests.factories import AgentFactory
from voice.models import Call

pytestmark = pytest.mark.django_db


def test_calls_filter_by_agent_and_local_dates(web, user, owned):
    other_agent = AgentFactory(user=user, agent_name="Oak line")
    # 23:30 in Chicago on 1 March is already 2 March in UTC: the page counts it on 1 March.
    late = datetime(2026, 3, 2, 5, 30, tzinfo=UTC)
    Call.objects.create(
        user=user, agent=other_agent, vapi_call_id="late", started_at=late, customer_number="+15125550777"
    )
    # Numbers are shown as a person writes them in the manager's country.
    page = web.get("/calls/", {"date_from": "2026-03-01", "date_to": "2026-03-01"}).content.decode()
    assert "(512) 555-0777" in page and "(512) 555-0100" not in page
    page = web.get("/calls/", {"date_from": "2026-03-02"}).content.decode()
    assert "(512) 555-0777" not in page and "(512) 555-0100" in page
    page = web.get("/calls/", {"agent": owned["agent"].pk}).content.decode()
    assert "(512) 555-0100" in page and "(512) 555-0777" not in page
    response = web.get("/calls/", {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert "date_to" in response.context["form"].errors


@pytest.mark.parametrize("zone", ["America/Chicago", "Asia/Tokyo", "Pacific/Kiritimati", "Etc/GMT+12"])
def test_calls_filter_on_the_first_and_last_days_of_the_calendar_filters_instead_of_failing(web, user, owned, zone):
    # Year 9999 has no next day and year 1 starts before UTC's year 1 east of Greenwich: a day
    # at either end of the calendar still has bounds, so the filter means what it says.
    user.timezone = zone
    user.save()
    link = f"/calls/{owned['call'].pk}/"

    def shows_the_call(**dates):
        response = web.get("/calls/", dates)
        assert response.status_code == 200
        assert not response.context["form"].errors
        return link in response.content.decode()

    assert shows_the_call(date_to="9999-12-31")
    assert shows_the_call(date_from="0001-01-01")
    assert shows_the_call(date_from="0001-01-01", date_to="9999-12-31")
    assert not shows_the_call(date_from="9999-12-31")
    assert not shows_the_call(date_to="0001-01-01")
    assert not shows_the_call(date_from="9999-12-31", date_to="9999-12-31")


@pytest.mark.parametrize("value", ["10000-01-01", "99999999999999999999", "-1", "0000-01-01", "1e400", "NaN"])
def test_calls_filter_date_beyond_the_calendar_is_a_form_error_not_a_server_error(web, owned, value):
    response = web.get("/calls/", {"date_from": value, "date_to": value})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["date_from"] == ["From must be a date."] and errors["date_to"] == ["To must be a date."]
    page = response.content.decode()
    assert "From must be a date." in page and f"/calls/{owned['call'].pk}/" not in page
