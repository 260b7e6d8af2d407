"""GET /api/dashboard/stats: the contract's numbers, the user's own only, in a fixed number of queries."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from agents.models import Agent
from calendars.models import Appointment, CalendarConnection
from dashboard.selectors import calls_per_day, dashboard_stats
from rentals.models import Rental, RentalSource, ScrapeRun
from voice.models import Call

URL = "/api/dashboard/stats"

EMPTY = {
    "agents": {"total": 0, "active": 0, "inactive": 0},
    "rentals": {"total": 0, "available": 0, "sources": 0, "sources_failing": 0},
    "calendar": {"connections": 0, "needs_reauth": 0, "upcoming_appointments": 0, "appointments_next_7_days": 0},
    "calls": {"total": 0, "today": 0, "last_7_days": 0, "avg_duration_seconds": None, "bookings_last_7_days": 0},
}


def _call(user, n, *, started_at, duration=None):
    return Call.objects.create(
        user=user, vapi_call_id=f"call-{user.pk}-{n}", started_at=started_at, duration_seconds=duration
    )


def _appointment(user, *, start, status="booked", source="api", **fields):
    return Appointment.objects.create(
        user=user,
        start=start,
        end=start + timedelta(minutes=30),
        status=status,
        source=source,
        attendee_name="Avery Renter",
        **fields,
    )


def _source_with_runs(user, name, statuses):
    source = RentalSource.objects.create(user=user, name=name, website_url=f"https://{name}.example")
    for status in statuses:  # oldest first; at most one may be active
        ScrapeRun.objects.create(user=user, source=source, status=status)
    return source


def _fill(user, now, *, tag=""):
    """A known set of rows for `user`, one of each thing the stats count and one of each they must not."""
    Agent.objects.create(user=user, agent_name=f"Active{tag}", is_active=True)
    Agent.objects.create(user=user, agent_name=f"Active 2{tag}", is_active=True)
    Agent.objects.create(user=user, agent_name=f"Paused{tag}", is_active=False)
    source_ok = _source_with_runs(user, f"ok{tag}", ["failed", "succeeded"])
    _source_with_runs(user, f"broken{tag}", ["succeeded", "failed"])
    _source_with_runs(user, f"new{tag}", [])
    for i in range(4):
        Rental.objects.create(user=user, source=source_ok, external_id=f"r{i}", title=f"Unit {i}")
    Rental.objects.create(user=user, title="Gone", status="unavailable")
    CalendarConnection.objects.create(user=user, provider="google", account_email=f"a{tag}@example.com")
    CalendarConnection.objects.create(
        user=user, provider="microsoft", account_email=f"b{tag}@example.com", status="needs_reauth"
    )
    _appointment(user, start=now + timedelta(days=1))  # upcoming, next 7 days
    _appointment(user, start=now + timedelta(days=2), source="voice")  # upcoming, next 7 days, voice
    _appointment(user, start=now + timedelta(days=10))  # upcoming only
    _appointment(user, start=now + timedelta(days=3), status="cancelled", source="voice")  # voice booking, not upcoming
    _appointment(user, start=now - timedelta(days=1))  # past
    old_voice = _appointment(user, start=now - timedelta(days=20), source="voice")
    Appointment.objects.filter(pk=old_voice.pk).update(created_at=now - timedelta(days=20))
    _call(user, 1, started_at=now - timedelta(minutes=5), duration=60)
    _call(user, 2, started_at=now - timedelta(days=3), duration=120)
    _call(user, 3, started_at=now - timedelta(days=30), duration=90)


@pytest.mark.django_db
def test_stats_without_credentials_is_401(anon_client):
    response = anon_client.get(URL)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.django_db
def test_stats_of_a_new_user_are_zeros(api_client):
    response = api_client.get(URL)
    assert response.status_code == 200
    assert response.json() == EMPTY


@pytest.mark.django_db
@pytest.mark.parametrize("path", [URL, URL + "/"])
def test_stats_count_only_the_users_own_rows(api_client, user, other_user, path):
    now = timezone.now()
    _fill(user, now)
    _fill(other_user, now, tag=" (other)")
    _call(other_user, 99, started_at=now, duration=1000)

    response = api_client.get(path)

    assert response.status_code == 200
    assert response.json() == {
        "agents": {"total": 3, "active": 2, "inactive": 1},
        "rentals": {"total": 5, "available": 4, "sources": 3, "sources_failing": 1},
        "calendar": {"connections": 2, "needs_reauth": 1, "upcoming_appointments": 3, "appointments_next_7_days": 2},
        "calls": {"total": 3, "today": 1, "last_7_days": 2, "avg_duration_seconds": 90.0, "bookings_last_7_days": 2},
    }


@pytest.mark.django_db
def test_another_users_data_leaves_a_new_users_stats_empty(other_client, user):
    _fill(user, timezone.now())
    assert other_client.get(URL).json() == EMPTY


@pytest.mark.django_db
def test_stats_take_a_fixed_number_of_queries(api_client, user, django_assert_max_num_queries):
    now = timezone.now()
    _fill(user, now)
    for n in range(40):
        _call(user, 100 + n, started_at=now - timedelta(hours=n), duration=n)
    with django_assert_max_num_queries(8):
        response = api_client.get(URL)
    assert response.json()["calls"]["total"] == 43


@pytest.mark.django_db
def test_today_is_the_users_local_day(user):
    # 04:30 UTC on 10 March is still 9 March in Chicago (CDT, UTC-5) and already 10 March in Tokyo.
    now = datetime(2026, 3, 10, 4, 30, tzinfo=ZoneInfo("UTC"))
    _call(user, 1, started_at=datetime(2026, 3, 9, 23, 0, tzinfo=ZoneInfo("America/Chicago")))  # 04:00 UTC 10 Mar
    _call(user, 2, started_at=datetime(2026, 3, 9, 0, 30, tzinfo=ZoneInfo("America/Chicago")))
    _call(user, 3, started_at=datetime(2026, 3, 8, 23, 30, tzinfo=ZoneInfo("America/Chicago")))

    user.timezone = "America/Chicago"
    assert dashboard_stats(user=user, now=now)["calls"]["today"] == 2

    user.timezone = "Asia/Tokyo"  # 10 March in Tokyo began at 15:00 UTC on 9 March
    assert dashboard_stats(user=user, now=now)["calls"]["today"] == 1


@pytest.mark.django_db
def test_calls_per_day_groups_by_local_day_across_a_dst_change(user):
    # Chicago springs forward on 8 March 2026: that day has 23 hours.
    user.timezone = "America/Chicago"
    chicago = ZoneInfo("America/Chicago")
    now = datetime(2026, 3, 9, 12, 0, tzinfo=chicago)
    _call(user, 1, started_at=datetime(2026, 3, 8, 0, 15, tzinfo=chicago))
    _call(user, 2, started_at=datetime(2026, 3, 8, 23, 45, tzinfo=chicago))
    _call(user, 3, started_at=datetime(2026, 3, 9, 0, 5, tzinfo=chicago))
    _call(user, 4, started_at=datetime(2026, 2, 20, 9, 0, tzinfo=chicago))  # outside the 14 days

    days = calls_per_day(user=user, now=now)

    assert len(days) == 14
    assert days[-1] == (datetime(2026, 3, 9).date(), 1)
    assert days[-2] == (datetime(2026, 3, 8).date(), 2)
    assert sum(count for _, count in days) == 3
