"""Values in a manager's words: phone numbers, lengths of time, end reasons, providers, schedules,
dates and time zones (core.words, core.call_words and their template filters)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

from core import call_words, words


def render(text, **context):
    return Template("{% load plain_words %}" + text).render(Context(context))


class TestPhoneNumbers:
    @pytest.mark.parametrize(
        "number, region, expected",
        [
            ("+15125550142", "US", "(512) 555-0142"),
            ("+1 512 555 0142", "US", "(512) 555-0142"),
            ("+15125550142", "GB", "+1 512-555-0142"),
            ("+442079460958", "GB", "020 7946 0958"),
            ("+442079460958", "US", "+44 20 7946 0958"),
            ("+33142685300", "FR", "01 42 68 53 00"),
            ("+33142685300", "US", "+33 1 42 68 53 00"),
            ("+4930123456", "DE", "030 123456"),
            ("+81312345678", "JP", "03-1234-5678"),
            ("+61291234567", "AU", "(02) 9123 4567"),
            ("+61291234567", "US", "+61 2 9123 4567"),
            # Canada shares the +1 country code: written the national way in the US.
            ("+14165550199", "US", "(416) 555-0199"),
            # A provider's test number: of a possible length, though not in service.
            ("+15550101234", "US", "(555) 010-1234"),
            ("5125550142", "US", "(512) 555-0142"),
        ],
    )
    def test_national_in_the_managers_country_international_elsewhere(self, number, region, expected):
        assert words.phone_words(number, region) == expected

    @pytest.mark.parametrize("text", ["12", "anonymous", "+1234", "not a phone", "sip:renter@example.com", "++"])
    def test_what_is_no_phone_number_comes_back_as_written(self, text):
        assert words.phone_words(text, "US") == text

    @pytest.mark.parametrize("empty", [None, "", "   "])
    def test_nothing_is_empty_so_a_template_default_applies(self, empty):
        assert words.phone_words(empty) == ""
        assert render('{{ n|phone|default:"Unknown caller" }}', n=empty) == "Unknown caller"

    @pytest.mark.parametrize(
        "zone, expected",
        [
            ("America/Chicago", "(512) 555-0142"),
            ("America/Toronto", "(512) 555-0142"),
            ("Europe/London", "+1 512-555-0142"),
            ("Asia/Tokyo", "+1 512-555-0142"),
            ("UTC", "(512) 555-0142"),  # no country: LeaseLine's default region, the US
            ("Not/A_Zone", "(512) 555-0142"),
        ],
    )
    def test_the_managers_country_comes_from_their_time_zone(self, zone, expected):
        assert words.region_for_zone("Europe/London") == "GB"
        with timezone.override(ZoneInfo("UTC") if zone == "Not/A_Zone" else ZoneInfo(zone)):
            assert render("{{ n|phone }}", n="+15125550142") == expected


class TestLengthsOfTime:
    @pytest.mark.parametrize(
        "seconds, expected",
        [
            (252, "4 min 12 s"),
            (251.6, "4 min 12 s"),
            (45, "45 s"),
            (0, "0 s"),
            (60, "1 min"),
            (3600, "1 h"),
            (3900, "1 h 5 min"),
            ("75", "1 min 15 s"),
            (None, "—"),
            ("", "—"),
            ("soon", "—"),
            (-3, "—"),
        ],
    )
    def test_call_lengths(self, seconds, expected):
        assert words.duration_words(seconds) == expected
        # The page kit's older `duration` filter says it the same way.
        assert Template("{% load leaseline %}{{ s|duration }}").render(Context({"s": seconds})) == expected

    @pytest.mark.parametrize(
        "minutes, expected",
        [
            (1, "1 minute"),
            (30, "30 minutes"),
            (60, "1 hour"),
            (90, "1 hour 30 minutes"),
            (120, "2 hours"),
            (1440, "1 day"),
            (1500, "1 day 1 hour"),
            (2880, "2 days"),
            (10080, "1 week"),
            (20160, "2 weeks"),
            (0, "0 minutes"),
            (None, "—"),
        ],
    )
    def test_minutes(self, minutes, expected):
        assert words.minutes_words(minutes) == expected
        assert render("{{ m|minutes_words }}", m=minutes) == expected

    @pytest.mark.parametrize(
        "minutes, expected",
        [
            (1440, "Every day"),
            (60, "Every hour"),
            (10080, "Every week"),
            (30, "Every 30 minutes"),
            (2880, "Every 2 days"),
        ],
    )
    def test_intervals(self, minutes, expected):
        assert words.interval_words(minutes) == expected

    def test_how_long_a_tool_took(self):
        assert words.milliseconds_words(230) == "0.2 s"
        assert words.milliseconds_words(1850) == "1.9 s"
        assert words.milliseconds_words(12) == "under 0.1 s"
        assert words.milliseconds_words(None) == ""


class TestEndReasons:
    @pytest.mark.parametrize(
        "reason, expected",
        [
            ("customer-ended-call", "Caller hung up"),
            ("assistant-ended-call", "Agent ended the call"),
            ("assistant-said-end-call-phrase", "Agent ended the call"),
            ("assistant-ended-call-with-hangup-task", "Agent ended the call"),
            ("assistant-forwarded-call", "Agent transferred the call"),
            ("customer-did-not-answer", "No answer"),
            ("customer-busy", "Line busy"),
            ("voicemail", "Reached voicemail"),
            ("silence-timed-out", "Ended after a long silence"),
            ("exceeded-max-duration", "Reached the longest call allowed"),
            ("manually-canceled", "Cancelled before it connected"),
            ("customer-did-not-give-microphone-permission", "Caller did not allow the microphone"),
            ("twilio-failed-to-connect-call", "Call failed: the phone line could not connect"),
            ("phone-call-provider-closed-websocket", "Call failed: the phone line dropped"),
            ("twilio-reported-customer-misdialed", "Call failed: the number was misdialed"),
            ("assistant-request-failed", "Call failed: LeaseLine could not pick an agent for this number"),
            ("assistant-request-returned-error", "Call failed: LeaseLine could not pick an agent for this number"),
            (
                "assistant-request-returned-invalid-assistant",
                "Call failed: LeaseLine could not pick an agent for this number",
            ),
            (
                "assistant-request-returned-no-assistant",
                "Call failed: LeaseLine could not pick an agent for this number",
            ),
            ("assistant-not-found", "Call failed: no agent is set up for this number"),
            ("pipeline-error-openai-llm-failed", "Call failed: the AI model had a problem"),
            ("pipeline-error-openai-429-exceeded-quota", "Call failed: the AI model had a problem"),
            ("pipeline-error-anthropic-500-server-error", "Call failed: the AI model had a problem"),
            ("pipeline-error-eleven-labs-voice-not-found", "Call failed: the agent's voice had a problem"),
            ("call.in-progress.error-vapifault-deepgram-voice-failed", "Call failed: the agent's voice had a problem"),
            ("pipeline-error-deepgram-transcriber-failed", "Call failed: speech recognition had a problem"),
            (
                "pipeline-error-deepgram-returning-400-no-such-model-language-tier-combo",
                "Call failed: speech recognition had a problem",
            ),
            ("call.in-progress.error-vapifault-worker-died", "Call failed: a problem at VAPI"),
            (
                "call.in-progress.error-providerfault-transport-never-connected",
                "Call failed: a problem at one of VAPI's providers",
            ),
            ("call.start.error-get-org", "Call failed: a problem at VAPI"),
            (
                "call.in-progress.error-assistant-did-not-receive-customer-audio",
                "Call failed: the agent could not hear the caller",
            ),
            ("call.forwarding.operator-busy", "Transfer failed: the line was busy"),
            ("call.ringing.error-something", "Call failed while ringing"),
            ("vonage-rejected", "Call failed: the phone company rejected the call"),
            ("CUSTOMER-ENDED-CALL", "Caller hung up"),
        ],
    )
    def test_vapi_reasons_in_words(self, reason, expected):
        assert call_words.ended_reason_words(reason) == expected
        assert render("{{ r|ended_reason }}", r=reason) == expected.replace("'", "&#x27;")

    @pytest.mark.parametrize(
        "reason, expected",
        [("some-new-reason", "Some new reason"), ("brand_new.reason-code", "Brand new reason code"), ("x", "X")],
    )
    def test_an_unknown_reason_is_made_readable_never_raw(self, reason, expected):
        assert call_words.ended_reason_words(reason) == expected

    def test_no_reason_is_empty(self):
        assert call_words.ended_reason_words("") == "" and call_words.ended_reason_words(None) == ""

    @pytest.mark.parametrize(
        "status, expected",
        [
            ("in-progress", "In progress"),
            ("ended", "Ended"),
            ("queued", "Waiting to start"),
            ("not-found", "Not found"),
        ],
    )
    def test_call_statuses(self, status, expected):
        assert call_words.call_status_words(status) == expected


class TestProviders:
    @pytest.mark.parametrize(
        "provider, expected",
        [
            ("microsoft", "Microsoft 365"),
            ("google", "Google Calendar"),
            ("builtin", "Built-in calendar"),
            ("Google", "Google Calendar"),
            ("apple-icloud", "Apple icloud"),
            ("", ""),
            (None, ""),
        ],
    )
    def test_providers_by_their_names(self, provider, expected):
        assert words.provider_words(provider) == expected
        assert render("{{ p|provider }}", p=provider) == expected


WEEKDAY_HOURS = {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


class TestSchedules:
    @pytest.mark.parametrize(
        "hours, expected",
        [
            (
                {**WEEKDAY_HOURS, "sat": [["10:00", "14:00"]], "sun": []},
                "Mon–Fri 9 AM–5 PM, Sat 10 AM–2 PM, Sun closed",
            ),
            ({**WEEKDAY_HOURS, "sat": [], "sun": []}, "Mon–Fri 9 AM–5 PM, Sat, Sun closed"),
            ({day: [["08:30", "18:00"]] for day in words.WEEKDAYS}, "Every day 8:30 AM–6 PM"),
            ({day: [] for day in words.WEEKDAYS}, "Closed every day"),
            ({}, "Closed every day"),
            (None, "Closed every day"),
            (
                {"mon": [["09:00", "12:00"], ["13:00", "17:00"]], "wed": [["09:00", "12:00"], ["13:00", "17:00"]]},
                "Mon 9 AM–12 PM, 1–5 PM, Tue closed, Wed 9 AM–12 PM, 1–5 PM, Thu–Sun closed",
            ),
            # Overnight windows: past midnight, to midnight, the whole day.
            ({"tue": [["17:00", "09:00"]]}, "Mon closed, Tue 5 PM–9 AM next day, Wed–Sun closed"),
            ({"fri": [["22:00", "00:00"]]}, "Mon–Thu closed, Fri 10 PM–midnight, Sat, Sun closed"),
            ({"sat": [["18:00", "24:00"]]}, "Mon–Fri closed, Sat 6 PM–midnight, Sun closed"),
            ({"sun": [["00:00", "24:00"]]}, "Mon–Sat closed, Sun all day"),
            # What cannot be read is left out, never shown raw.
            ({"mon": [["nine", "five"]], "tue": "09:00-17:00", "wed": [["09:00"]]}, "Closed every day"),
        ],
    )
    def test_a_week_on_one_line(self, hours, expected):
        assert words.schedule_words(hours) == expected
        assert render("{{ h|schedule }}", h=hours) == expected

    def test_one_line_per_group_of_days(self):
        hours = {**WEEKDAY_HOURS, "sat": [["10:00", "14:00"]]}
        assert words.schedule_lines(hours) == ["Mon–Fri 9 AM–5 PM", "Sat 10 AM–2 PM", "Sun closed"]


class TestDatesAndZones:
    TODAY = date(2026, 12, 2)

    @pytest.mark.parametrize(
        "moment, expected",
        [
            (datetime(2026, 12, 2, 21, 5, tzinfo=UTC), "Today, 3:05 PM"),
            # Already 3 December in UTC, still the 2nd in Chicago.
            (datetime(2026, 12, 3, 5, 59, tzinfo=UTC), "Today, 11:59 PM"),
            (datetime(2026, 12, 3, 6, 0, tzinfo=UTC), "Tomorrow, 12:00 AM"),
            (datetime(2026, 12, 1, 18, 0, tzinfo=UTC), "Yesterday, 12:00 PM"),
            (datetime(2026, 12, 3, 15, 30, tzinfo=UTC), "Tomorrow, 9:30 AM"),
            (datetime(2026, 12, 8, 15, 0, tzinfo=UTC), "Tue, Dec 8, 9:00 AM"),
            (datetime(2025, 6, 1, 15, 0, tzinfo=UTC), "Sun, Jun 1, 2025, 10:00 AM"),
            ("2026-12-08T09:00:00-06:00", "Tue, Dec 8, 9:00 AM"),
            (date(2026, 12, 4), "Fri, Dec 4"),
            (None, "—"),
            ("not a date", "not a date"),
        ],
    )
    def test_moments_in_words_in_the_managers_time_zone(self, moment, expected):
        with timezone.override(ZoneInfo("America/Chicago")):
            assert words.when_words(moment, today=self.TODAY) == expected

    def test_the_when_filter_reads_today_in_the_active_zone(self):
        with timezone.override(ZoneInfo("Asia/Tokyo")):
            now = timezone.now()
            assert render("{{ t|when }}", t=now).startswith("Today, ")
            assert render("{{ t|when }}", t=now - timedelta(days=1)).startswith("Yesterday, ")
            assert render("{{ t|day_words }}", t=now + timedelta(days=1)) == "Tomorrow"
            assert "T" not in render("{{ t|when }}", t=now).replace("Today", "")

    @pytest.mark.parametrize(
        "zone, expected",
        [
            ("America/Argentina/Buenos_Aires", "Buenos Aires time (UTC−3)"),
            ("Asia/Kolkata", "Kolkata time (UTC+5:30)"),
            ("Asia/Tokyo", "Tokyo time (UTC+9)"),
            ("UTC", "UTC"),
            ("Etc/GMT+12", "UTC−12"),
            ("Not/A_Zone", "Not/A_Zone"),
        ],
    )
    def test_time_zones_by_city_and_offset(self, zone, expected):
        assert words.timezone_words(zone) == expected

    def test_a_zone_with_summer_time_shows_todays_offset(self):
        text = words.timezone_words("America/Chicago")
        assert text in ("Chicago time (UTC−6)", "Chicago time (UTC−5)")

    @pytest.mark.parametrize(
        "zone, expected",
        [("America/Chicago", "Chicago time"), ("America/New_York", "New York time"), ("UTC", "UTC")],
    )
    def test_a_zone_for_another_day_is_named_without_todays_offset(self, zone, expected):
        assert words.timezone_words(zone, with_offset=False) == expected
        assert render("{{ z|zone_words }}", z=zone) == expected
