"""A renter's messages and page say times in the clock style of the agent's country, where the viewing is."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from notifications.messages import short_when, span_words, when_words

CHICAGO, LONDON = ZoneInfo("America/Chicago"), ZoneInfo("Europe/London")


def december_2(hour, minute, zone):
    """This year's December 2 (so no year is written), with its weekday's names."""
    moment = datetime(timezone.localdate().year, 12, 2, hour, minute, tzinfo=zone)
    return moment, f"{moment:%A}", f"{moment:%a}"


def test_a_viewing_in_the_united_states_reads_on_a_12_hour_clock():
    (start, weekday, wkd), (end, _, _) = december_2(14, 0, CHICAGO), december_2(14, 30, CHICAGO)
    assert when_words(start, CHICAGO) == f"{weekday}, December 2 at 2:00 PM, Chicago time"
    assert span_words(start, end, CHICAGO) == f"{weekday}, December 2, 2:00–2:30 PM"
    assert short_when(start, CHICAGO) == f"{wkd}, Dec 2 at 2:00 PM"


def test_a_viewing_in_britain_reads_on_a_24_hour_clock():
    (start, weekday, wkd), (end, _, _) = december_2(11, 30, LONDON), december_2(12, 0, LONDON)
    assert when_words(start, LONDON, with_zone=False) == f"{weekday} 2 December at 11:30"
    assert span_words(start, end, LONDON) == f"{weekday} 2 December, 11:30–12:00"
    assert short_when(start, LONDON) == f"{wkd} 2 Dec at 11:30"


def test_across_noon_each_time_keeps_its_half_of_the_day():
    (start, weekday, _), (end, _, _) = december_2(11, 30, CHICAGO), december_2(12, 0, CHICAGO)
    assert span_words(start, end, CHICAGO) == f"{weekday}, December 2, 11:30 AM–12:00 PM"
