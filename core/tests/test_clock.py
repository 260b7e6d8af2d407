"""One clock style on every page: the manager's country, read from their time zone (core.clock),
decides "2:00 PM" or "14:00", "Wed, Dec 2" or "Wed 2 Dec", and every filter follows it."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

from core import clock, words

CHICAGO, LONDON, SYDNEY = ZoneInfo("America/Chicago"), ZoneInfo("Europe/London"), ZoneInfo("Australia/Sydney")
TODAY = date(2026, 12, 2)


def render(text, **context):
    return Template("{% load plain_words %}" + text).render(Context(context))


def at(zone, hour, minute=0, day=2):
    return datetime(2026, 12, day, hour, minute, tzinfo=zone)


@pytest.mark.parametrize(
    "zone, style",
    [
        ("America/Chicago", clock.TWELVE_HOUR),
        ("America/Toronto", clock.TWELVE_HOUR),
        ("Australia/Sydney", clock.TWELVE_HOUR),
        ("Pacific/Auckland", clock.TWELVE_HOUR),
        ("Asia/Manila", clock.TWELVE_HOUR),
        ("Asia/Kolkata", clock.TWELVE_HOUR),
        ("Europe/London", clock.TWENTY_FOUR_HOUR),
        ("Europe/Paris", clock.TWENTY_FOUR_HOUR),
        ("Asia/Tokyo", clock.TWENTY_FOUR_HOUR),
        # No country: the phone numbers' fallback, the United States.
        ("UTC", clock.TWELVE_HOUR),
        ("", clock.TWELVE_HOUR),
    ],
)
def test_the_style_is_the_country_of_the_zone(zone, style):
    assert clock.clock_style(zone or "UTC") == style
    assert clock.clock_style(ZoneInfo(zone or "UTC")) == style


def test_the_style_of_the_active_zone_by_default():
    with timezone.override(LONDON):
        assert clock.clock_style() == clock.TWENTY_FOUR_HOUR
        assert clock.time_words(at(UTC, 14)) == "14:00"
    with timezone.override(CHICAGO):
        assert clock.time_words(at(UTC, 14)) == "8:00 AM"


class TestTimes:
    @pytest.mark.parametrize(
        "zone, hour, minute, expected",
        [
            (CHICAGO, 14, 0, "2:00 PM"),
            (CHICAGO, 0, 5, "12:05 AM"),
            (CHICAGO, 12, 0, "12:00 PM"),
            (SYDNEY, 9, 30, "9:30 AM"),
            (LONDON, 14, 0, "14:00"),
            (LONDON, 9, 5, "9:05"),
            (LONDON, 0, 0, "0:00"),
            (ZoneInfo("UTC"), 14, 0, "2:00 PM"),
        ],
    )
    def test_a_time_of_day(self, zone, hour, minute, expected):
        assert clock.time_words(at(zone, hour, minute), tz=zone, style=clock.clock_style(zone)) == expected

    @pytest.mark.parametrize(
        "zone, start, end, expected",
        [
            (CHICAGO, (14, 0), (14, 30), "2:00–2:30 PM"),
            (CHICAGO, (9, 0), (9, 30), "9:00–9:30 AM"),
            # Across noon, each time keeps its half of the day.
            (CHICAGO, (11, 30), (12, 0), "11:30 AM–12:00 PM"),
            (SYDNEY, (11, 45), (12, 15), "11:45 AM–12:15 PM"),
            (LONDON, (14, 0), (14, 30), "14:00–14:30"),
            (LONDON, (11, 30), (12, 0), "11:30–12:00"),
        ],
    )
    def test_a_range_of_times(self, zone, start, end, expected):
        style = clock.clock_style(zone)
        assert clock.range_words(at(zone, *start), at(zone, *end), tz=zone, style=style) == expected

    def test_a_range_to_midnight(self):
        end = at(CHICAGO, 0, day=3)
        assert clock.range_words(at(CHICAGO, 23), end, tz=CHICAGO, style=clock.TWELVE_HOUR) == "11:00 PM–midnight"
        end = at(LONDON, 0, day=3)
        assert clock.range_words(at(LONDON, 23), end, tz=LONDON, style=clock.TWENTY_FOUR_HOUR) == "23:00–24:00"

    def test_a_range_from_midnight(self):
        start, end = at(CHICAGO, 0), at(CHICAGO, 0, 30)
        assert clock.range_words(start, end, tz=CHICAGO, style=clock.TWELVE_HOUR) == "12:00–12:30 AM"

    def test_whole_hours_on_an_axis(self):
        assert [clock.hour_words(hour, clock.TWELVE_HOUR) for hour in (0, 8, 12, 17)] == [
            "12 AM",
            "8 AM",
            "12 PM",
            "5 PM",
        ]
        assert [clock.hour_words(hour, clock.TWENTY_FOUR_HOUR) for hour in (0, 8, 17)] == ["0:00", "8:00", "17:00"]


class TestDays:
    @pytest.mark.parametrize(
        "style, day, expected",
        [
            (clock.TWELVE_HOUR, date(2026, 12, 2), "Wed, Dec 2"),
            (clock.TWELVE_HOUR, date(2025, 6, 1), "Sun, Jun 1, 2025"),
            (clock.TWENTY_FOUR_HOUR, date(2026, 12, 2), "Wed 2 Dec"),
            (clock.TWENTY_FOUR_HOUR, date(2025, 6, 1), "Sun 1 Jun 2025"),
        ],
    )
    def test_a_day_with_its_date(self, style, day, expected):
        assert clock.date_words(day, style=style, today=TODAY) == expected

    def test_long_names_for_a_renter(self):
        assert clock.date_words(TODAY, style=clock.TWELVE_HOUR, today=TODAY, long=True) == "Wednesday, December 2"
        assert clock.date_words(TODAY, style=clock.TWENTY_FOUR_HOUR, today=TODAY, long=True) == "Wednesday 2 December"

    @pytest.mark.parametrize("style", [clock.TWELVE_HOUR, clock.TWENTY_FOUR_HOUR])
    def test_today_and_tomorrow_in_words(self, style):
        assert clock.day_words(TODAY, TODAY, style=style) == "Today"
        assert clock.day_words(date(2026, 12, 3), TODAY, style=style) == "Tomorrow"
        assert clock.day_words(date(2026, 12, 1), TODAY, style=style) == "Yesterday"

    def test_moments_with_their_dates(self):
        with timezone.override(LONDON):
            assert words.when_words(at(LONDON, 15, 5, day=8), today=TODAY) == "Tue 8 Dec, 15:05"
            assert words.when_words(at(LONDON, 15, 5), today=TODAY) == "Today, 15:05"
        with timezone.override(SYDNEY):
            assert words.when_words(at(SYDNEY, 15, 5, day=8), today=TODAY) == "Tue, Dec 8, 3:05 PM"
        start, end = at(CHICAGO, 14), at(CHICAGO, 14, 30)
        style = clock.TWELVE_HOUR
        assert clock.moment_words(start, tz=CHICAGO, style=style, today=TODAY) == "Wed, Dec 2, 2:00 PM"
        assert clock.moment_words(start, tz=CHICAGO, style=style, joiner=" at ", today=TODAY) == "Wed, Dec 2 at 2:00 PM"
        assert (
            clock.span_words(start, end, tz=CHICAGO, style=style, long=True, today=TODAY)
            == "Wednesday, December 2, 2:00–2:30 PM"
        )
        style = clock.TWENTY_FOUR_HOUR
        assert clock.span_words(start, end, tz=LONDON, style=style, today=TODAY) == "Wed 2 Dec, 20:00–20:30"


class TestSchedules:
    WEEK = {**{day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}, "sat": [["10:00", "14:00"]]}

    def test_twelve_hour_schedules(self):
        assert words.schedule_words(self.WEEK, clock.TWELVE_HOUR) == "Mon–Fri 9 AM–5 PM, Sat 10 AM–2 PM, Sun closed"
        assert words.schedule_words({"mon": [["09:30", "11:00"]]}, clock.TWELVE_HOUR).startswith("Mon 9:30–11 AM")
        overnight = words.schedule_words({"tue": [["22:00", "06:00"]], "fri": [["18:00", "24:00"]]}, clock.TWELVE_HOUR)
        assert "Tue 10 PM–6 AM next day" in overnight and "Fri 6 PM–midnight" in overnight
        assert words.schedule_words({"sun": [["00:00", "24:00"]]}, clock.TWELVE_HOUR).endswith("Sun all day")

    def test_twenty_four_hour_schedules(self):
        expected = "Mon–Fri 9:00–17:00, Sat 10:00–14:00, Sun closed"
        assert words.schedule_words(self.WEEK, clock.TWENTY_FOUR_HOUR) == expected

    def test_the_filters_follow_the_managers_zone(self):
        # This year's December 2, so no year is written.
        moment = datetime(timezone.localdate().year, 12, 2, 14, 0, tzinfo=UTC)
        later = moment + timedelta(minutes=30)
        weekday = f"{moment:%a}"
        template = "{{ h|schedule }} | {{ t|clock }} | {{ t|time_range:u }} | {{ t|date_words }} | {{ t|moment }}"
        with timezone.override(LONDON):
            assert render(template, h=self.WEEK, t=moment, u=later) == (
                f"Mon–Fri 9:00–17:00, Sat 10:00–14:00, Sun closed | 14:00 | 14:00–14:30 | {weekday} 2 Dec"
                f" | {weekday} 2 Dec, 14:00"
            )
        with timezone.override(ZoneInfo("America/New_York")):
            assert render(template, h=self.WEEK, t=moment, u=later) == (
                "Mon–Fri 9 AM–5 PM, Sat 10 AM–2 PM, Sun closed | 9:00 AM | 9:00–9:30 AM"
                f" | {weekday}, Dec 2 | {weekday}, Dec 2, 9:00 AM"
            )
        with timezone.override(ZoneInfo("UTC")):
            assert render("{{ t|clock }} {{ t|short_date }}", t=moment) == "2:00 PM Dec 2"
            assert render("{{ t|short_date:True }}", t=moment) == f"Dec 2, {moment.year}"
