"""The one reader of loose values: voice arguments, webhook fields and query strings."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from core import values


class TestBooleans:
    @pytest.mark.parametrize(
        "text, expected",
        [("true", True), ("TRUE", True), (" yes ", True), ("1", True), ("false", False), ("No", False), ("0", False)],
    )
    def test_the_plain_words_in_any_case(self, text, expected):
        assert values.parse_bool(text) is expected
        assert values.parse_bool(text, spoken=True) is expected

    @pytest.mark.parametrize("value, expected", [(True, True), (False, False), (1, True), (0, False), (1.0, True)])
    def test_bools_and_zero_or_one(self, value, expected):
        assert values.parse_bool(value) is expected

    @pytest.mark.parametrize(
        "text, expected",
        [("y", True), ("OK", True), ("allowed", True), ("n", False), ("not allowed", False), ("none", False)],
    )
    def test_a_models_words_only_when_spoken(self, text, expected):
        assert values.parse_bool(text, spoken=True) is expected
        with pytest.raises(ValueError, match="is not true or false"):
            values.parse_bool(text)

    # on/off are not among the words today (a query string with pets_allowed=on is a 400).
    @pytest.mark.parametrize("value", ["on", "off", "maybe", "", "  ", "t", "2", 2, -1, 0.5, None, [], "yes!"])
    def test_anything_else_is_refused(self, value):
        for spoken in (False, True):
            with pytest.raises(ValueError, match="is not true or false"):
                values.parse_bool(value, spoken=spoken)


class TestNumbers:
    @pytest.mark.parametrize(
        "value, expected",
        [
            (1850, Decimal("1850")),
            (1850.5, Decimal("1850.5")),
            (Decimal("2.50"), Decimal("2.50")),
            ("1850", Decimal("1850")),
            ("1,200", Decimal("1200")),
            ("$1,200", Decimal("1200")),
            (" $ 1,850.50 ", Decimal("1850.50")),
            ("1850/mo", Decimal("1850")),
            ("1850 / month", Decimal("1850")),
            ("-3", Decimal("-3")),
            (".5", Decimal("0.5")),
            ("1e12", None),
        ],
    )
    def test_spellings(self, value, expected):
        if expected is None:
            with pytest.raises(ValueError):
                values.parse_number(value)
        else:
            assert values.parse_number(value) == expected

    @pytest.mark.parametrize(
        "value",
        [
            "NaN",
            "nan",
            "inf",
            "Infinity",
            float("nan"),
            float("inf"),
            float("-inf"),
            "cheap",
            "",
            "1.2.3",
            "$",
            "1850 a week",
            True,
            None,
            [1],
        ],
    )
    def test_not_numbers(self, value):
        with pytest.raises(ValueError, match="is not a number"):
            values.parse_number(value)

    def test_at_most_a_trillion(self):
        assert values.parse_number("1000000000000") == Decimal("1e12")
        with pytest.raises(ValueError, match="is out of range"):
            values.parse_number("1000000000001")

    @pytest.mark.parametrize("value, expected", [(3, 3), (3.0, 3), ("3", 3), ("3.0", 3), ("1,200", 1200)])
    def test_whole_numbers(self, value, expected):
        assert values.parse_int(value) == expected

    @pytest.mark.parametrize("value", [3.5, "2.5", True, "two"])
    def test_not_whole_numbers(self, value):
        with pytest.raises(ValueError, match="is not a whole number|is not a number"):
            values.parse_int(value)


class TestInstants:
    def test_iso_with_and_without_offset_and_epochs(self):
        assert values.parse_instant("2025-12-02T10:00:00Z") == datetime(2025, 12, 2, 10, tzinfo=UTC)
        chicago = values.parse_instant("2025-12-02T10:00:00", tz="America/Chicago")
        assert chicago.utcoffset() == timedelta(hours=-6)
        assert values.parse_instant(1764669600) == values.parse_instant(1764669600000)
        assert values.parse_instant("1764669600") == datetime(2025, 12, 2, 10, tzinfo=UTC)

    @pytest.mark.parametrize(
        "text",
        ["1970-01-01T00:00:00Z", "2999-12-31T23:59:59Z", "1970-01-01T05:00:00+05:00", "2999-12-31T18:00:00-05:00"],
    )
    def test_the_edges_of_call_years_are_read(self, text):
        assert values.parse_instant(text) == datetime.fromisoformat(text)

    @pytest.mark.parametrize(
        "value",
        [
            "1969-12-31T23:59:59Z",
            "3000-01-01T00:00:00Z",
            "1970-01-01T04:59:59+05:00",
            "2999-12-31T19:00:00-05:00",
            "0001-01-01T00:00:00+05:00",
            "9999-12-31T23:59:59-12:00",
            1e30,
            -1,
        ],
    )
    def test_past_the_edges_is_out_of_range(self, value):
        with pytest.raises(ValueError, match="is out of range"):
            values.parse_instant(value)

    @pytest.mark.parametrize("value", ["tomorrow", "", True, None, float("nan"), "2025-13-01T00:00:00"])
    def test_not_instants(self, value):
        with pytest.raises(ValueError, match="is not"):
            values.parse_instant(value)

    def test_an_offset_postgres_cannot_store(self):
        with pytest.raises(ValueError, match="impossible UTC offset"):
            values.parse_instant("2030-01-01T10:00:00-19:50")
        assert values.parse_instant("2030-01-01T10:00:00-15:59").utcoffset() == -timedelta(hours=15, minutes=59)

    def test_dates(self):
        assert values.parse_date("2025-12-01") == date(2025, 12, 1)
        assert values.parse_date("2025-12-02T03:00:00Z", tz="America/Chicago") == date(2025, 12, 1)
        assert values.parse_date("1970-01-01") == date(1970, 1, 1)
        assert values.parse_date("2999-12-31") == date(2999, 12, 31)
        for text in ("1969-12-31", "3000-01-01"):
            with pytest.raises(ValueError, match="is out of range"):
                values.parse_date(text)
        for text in ("2025-02-30", "soon"):
            with pytest.raises(ValueError, match="is not a"):
                values.parse_date(text)


class TestUtcInstants:
    """One reader for the three purposes; each keeps its own years (see core.values)."""

    east = timezone(timedelta(hours=14))
    west = timezone(-timedelta(hours=23, minutes=59))

    @pytest.mark.parametrize(
        "years, inside, outside",
        [
            (
                values.CALENDAR_YEARS,
                [datetime(1970, 1, 1, tzinfo=UTC), datetime(2199, 12, 31, 23, 59, tzinfo=UTC)],
                [datetime(1969, 12, 31, 23, 59, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC)],
            ),
            (values.CALL_YEARS, [datetime(2999, 12, 31, 23, 59, tzinfo=UTC)], [datetime(3000, 1, 1, tzinfo=UTC)]),
            (
                values.FILTER_YEARS,
                [datetime(1, 1, 1, 14, tzinfo=east), datetime(9999, 12, 31, tzinfo=west)],
                [datetime(1, 1, 1, 13, 59, tzinfo=east), datetime(9999, 12, 31, 0, 1, tzinfo=west)],
            ),
        ],
    )
    def test_edges(self, years, inside, outside):
        for moment in inside:
            converted = values.utc_instant(moment, years=years)
            assert converted == moment and converted.tzinfo is UTC
        for moment in outside:
            with pytest.raises(ValueError, match="is out of range"):
                values.utc_instant(moment, years=years)

    def test_the_ranges(self):
        assert values.CALENDAR_YEARS == (1970, 2199)
        assert values.CALL_YEARS == (1970, 2999)
        assert values.FILTER_YEARS == (1, 9999)


class TestPhones:
    @pytest.mark.parametrize(
        "text, region, expected",
        [
            ("(512) 555-0142", "US", "+15125550142"),
            ("512.555.0142", "US", "+15125550142"),
            ("+1 512 555 0142", "GB", "+15125550142"),
            ("020 7946 0000", "GB", "+442079460000"),
            ("+44 20 7946 0000", "US", "+442079460000"),
            ("0044 20 7946 0000", "GB", "+442079460000"),
        ],
    )
    def test_national_and_international(self, text, region, expected):
        assert values.phone_e164(text, region=region) == expected

    def test_a_national_number_is_read_in_the_default_region(self):
        assert values.DEFAULT_PHONE_REGION == "US"
        assert values.phone_e164("512-555-0142") == "+15125550142"

    @pytest.mark.parametrize(
        "text",
        ["", None, "call me", "555-0142", "+1 555 010 1234", "+0123456", "+1512555014299999", "020 7946 0000"],
    )
    def test_invalid_numbers_are_refused(self, text):
        with pytest.raises(ValueError, match="is not a phone number"):
            values.phone_e164(text)

    def test_region_of_a_number(self):
        assert values.phone_region("+442079460000") == "GB"
        assert values.phone_region("+15125550142") == "US"
        assert values.phone_region("") == values.phone_region("junk") == "US"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("+1 (555) 010-1234", "+15550101234"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+1-555-CALL", None),
        ("5550101234", None),
        ("+0123456", None),
    ],
)
def test_a_possible_international_number_is_enough_where_asked(written, expected):
    """An agent's own number may be a provider's test number, but must carry its country code."""
    if expected is None:
        with pytest.raises(ValueError):
            values.phone_e164(written, region=None, possible=True)
    else:
        assert values.phone_e164(written, region=None, possible=True) == expected
