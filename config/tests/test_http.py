from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from core.http import retry_after_seconds


@pytest.mark.parametrize(
    ("header", "expected"),
    [("7", 7.0), (" 2.5 ", 2.5), ("0", 0.0), ("-3", 0.0), ("", None), (None, None), ("soon", None)],
)
def test_retry_after_in_seconds(header, expected):
    assert retry_after_seconds(header) == expected


def test_retry_after_as_an_http_date():
    in_a_minute = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    assert 55 <= retry_after_seconds(in_a_minute) <= 60
    long_ago = format_datetime(datetime(2001, 1, 1, tzinfo=UTC), usegmt=True)
    assert retry_after_seconds(long_ago) == 0.0
