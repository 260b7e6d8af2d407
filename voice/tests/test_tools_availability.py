"""The get_availability tool: free times in the agent's time zone, windows, timestamps and bad
arguments."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from calendars.models import CalendarConnection

from .tools_support import ISO, free_starts


@pytest.mark.django_db
class TestAvailability:
    def test_earliest_slots_in_the_agents_timezone_with_iso_times(self, vapi, agent):
        starts = free_starts(agent)
        result = vapi.tool(agent, "get_availability")["result"]
        assert result.startswith("Free viewing times (America/Chicago): ")
        spoken = ISO.findall(result)
        assert 1 <= len(spoken) <= 6
        local_first = starts[0].astimezone(ZoneInfo("America/Chicago"))
        assert spoken[0] == local_first.isoformat()
        assert datetime.fromisoformat(spoken[0]) == starts[0]
        assert "To book, pass the exact ISO time" in result

    def test_a_window_of_one_day(self, vapi, agent):
        day = (timezone.now().astimezone(ZoneInfo("America/Chicago")) + timedelta(days=3)).date()
        window = {"date_from": day.isoformat(), "date_to": day.isoformat()}
        result = vapi.tool(agent, "get_availability", window)["result"]
        spoken = [datetime.fromisoformat(value) for value in ISO.findall(result)]
        assert spoken and all(moment.date() == day for moment in spoken)
        assert spoken[0].hour == 9 and spoken[0].minute == 0

    @pytest.mark.parametrize("as_number", [True, False])
    def test_timestamps_as_iso_strings_or_epoch_milliseconds(self, vapi, agent, as_number):
        tz = ZoneInfo("America/Chicago")
        day = (timezone.now().astimezone(tz) + timedelta(days=4)).date()
        start = datetime(day.year, day.month, day.day, 13, 0, tzinfo=tz)
        end = start + timedelta(hours=2)
        arguments = (
            {"date_from": int(start.timestamp() * 1000), "date_to": int(end.timestamp() * 1000)}
            if as_number
            else {
                "date_from": start.astimezone(ZoneInfo("UTC")).isoformat().replace("+00:00", "Z"),
                "date_to": end.isoformat(),
            }
        )
        spoken = ISO.findall(vapi.tool(agent, "get_availability", arguments)["result"])
        assert spoken == [
            f"{day.isoformat()}T13:00:00-0{int(-start.utcoffset().total_seconds() // 3600)}:00",
            f"{day.isoformat()}T13:30:00-0{int(-start.utcoffset().total_seconds() // 3600)}:00",
            f"{day.isoformat()}T14:00:00-0{int(-start.utcoffset().total_seconds() // 3600)}:00",
        ]

    def test_an_unreadable_calendar_offers_no_slots(self, vapi, agent, user):
        agent.booking_calendar = CalendarConnection.objects.create(
            user=user, provider="google", account_email="me@example.com", status="needs_reauth"
        )
        agent.save()
        result = vapi.tool(agent, "get_availability")["result"]
        assert result.startswith("Sorry, the calendar cannot be read right now")
        assert not ISO.search(result)

    @pytest.mark.parametrize(
        "arguments, message",
        [
            ({"date_from": "tomorrow"}, "date_from is not an ISO 8601 date and time"),
            ({"date_from": "2030-01-02", "date_to": "2030-01-01"}, "date_to must be after date_from."),
            ({"duration_minutes": 0}, "duration_minutes must be at least 5."),
            ({"date_from": "2030-01-01T10:00:00-19:50"}, "date_from has an impossible UTC offset."),
            ({"date_from": "0001-01-01T00:00:00+05:00"}, "date_from is out of range."),
            ({"date_to": "9999-12-31"}, "date_to is out of range."),
            ({"date_from": 1e30}, "date_from is out of range."),
        ],
    )
    def test_bad_availability_arguments(self, vapi, agent, arguments, message):
        assert vapi.tool(agent, "get_availability", arguments)["error"].startswith(message)
