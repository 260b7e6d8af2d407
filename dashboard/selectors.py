"""What the dashboard shows: the user's own numbers, in a fixed handful of queries.

Every function here aggregates in the database (one query per model), so the cost does
not grow with the number of agents, rentals or calls a manager has.
"""

from datetime import timedelta

from django.db.models import Avg, Count, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from agents.models import Agent
from calendars.models import Appointment, CalendarConnection
from calendars.selectors import with_renter_confirmed
from core.time import local_day_bounds, user_zone
from leads.models import Lead
from rentals.models import Rental, RentalSource, ScrapeRun
from voice.models import Call

CHART_DAYS = 14
FUNNEL_DAYS = 30
UPCOMING_LIMIT = 5
RECENT_CALLS_LIMIT = 5


def _sources_with_latest_status(user):
    latest_run = ScrapeRun.objects.filter(source=OuterRef("pk")).order_by("-created_at", "-id")
    return RentalSource.objects.for_user(user).annotate(
        latest_status=Subquery(latest_run.values("status")[:1]),
        latest_listings_found=Subquery(latest_run.values("listings_found")[:1]),
    )


def dashboard_stats(*, user, now=None):
    """The numbers of `GET /api/dashboard/stats`: six aggregate queries, whatever the data size."""
    now = now or timezone.now()
    zone = user_zone(user)
    today_start, today_end = local_day_bounds(day=now.astimezone(zone).date(), zone=zone)
    week_ago = now - timedelta(days=7)
    week_ahead = now + timedelta(days=7)

    agents = Agent.objects.for_user(user).aggregate(total=Count("id"), active=Count("id", filter=Q(is_active=True)))
    rentals = Rental.objects.for_user(user).aggregate(
        total=Count("id"), available=Count("id", filter=Q(status=Rental.Status.AVAILABLE))
    )
    sources = _sources_with_latest_status(user).aggregate(
        total=Count("id"), failing=Count("id", filter=Q(latest_status=ScrapeRun.Status.FAILED))
    )
    connections = CalendarConnection.objects.for_user(user).aggregate(
        total=Count("id"),
        needs_reauth=Count("id", filter=Q(status=CalendarConnection.Status.NEEDS_REAUTH)),
    )
    booked = Q(status=Appointment.Status.BOOKED)
    appointments = Appointment.objects.for_user(user).aggregate(
        upcoming=Count("id", filter=booked & Q(start__gte=now)),
        next_7_days=Count("id", filter=booked & Q(start__gte=now, start__lt=week_ahead)),
        voice_bookings=Count("id", filter=Q(source=Appointment.Source.VOICE, created_at__gte=week_ago)),
    )
    calls = Call.objects.for_user(user).aggregate(
        total=Count("id"),
        today=Count("id", filter=Q(started_at__gte=today_start, started_at__lt=today_end)),
        last_7_days=Count("id", filter=Q(started_at__gte=week_ago)),
        avg_duration=Avg("duration_seconds"),
    )
    avg_duration = calls["avg_duration"]
    return {
        "agents": {
            "total": agents["total"],
            "active": agents["active"],
            "inactive": agents["total"] - agents["active"],
        },
        "rentals": {
            "total": rentals["total"],
            "available": rentals["available"],
            "sources": sources["total"],
            "sources_failing": sources["failing"],
        },
        "calendar": {
            "connections": connections["total"],
            "needs_reauth": connections["needs_reauth"],
            "upcoming_appointments": appointments["upcoming"],
            "appointments_next_7_days": appointments["next_7_days"],
        },
        "calls": {
            "total": calls["total"],
            "today": calls["today"],
            "last_7_days": calls["last_7_days"],
            "avg_duration_seconds": round(avg_duration, 1) if avg_duration is not None else None,
            "bookings_last_7_days": appointments["voice_bookings"],
        },
    }


def calls_per_day(*, user, days=CHART_DAYS, now=None):
    """[(date, count)] for the last `days` local days of the user, oldest first, zeros included."""
    now = now or timezone.now()
    zone = user_zone(user)
    today = now.astimezone(zone).date()
    first_day = today - timedelta(days=days - 1)
    window_start, _ = local_day_bounds(day=first_day, zone=zone)
    _, window_end = local_day_bounds(day=today, zone=zone)
    counts = dict(
        Call.objects.for_user(user)
        .filter(started_at__gte=window_start, started_at__lt=window_end)
        .annotate(day=TruncDate("started_at", tzinfo=zone))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    return [(first_day + timedelta(days=i), counts.get(first_day + timedelta(days=i), 0)) for i in range(days)]


def upcoming_appointments(*, user, limit=UPCOMING_LIMIT, now=None):
    now = now or timezone.now()
    return list(
        with_renter_confirmed(Appointment.objects.for_user(user))
        .filter(status=Appointment.Status.BOOKED, start__gte=now)
        .select_related("agent", "rental")
        .order_by("start", "id")[:limit]
    )


def recent_calls(*, user, limit=RECENT_CALLS_LIMIT):
    return list(
        Call.objects.for_user(user)
        .select_related("agent")
        .order_by(F("started_at").desc(nulls_last=True), "-id")[:limit]
    )


def sources_needing_attention(*, user):
    """Sources whose latest scrape failed, or succeeded without finding a single rental (a
    page LeaseLine cannot read yet): each stays here until a scrape finds rentals."""
    found_nothing = Q(latest_status=ScrapeRun.Status.SUCCEEDED, latest_listings_found=0)
    return list(
        _sources_with_latest_status(user)
        .filter(Q(latest_status=ScrapeRun.Status.FAILED) | found_nothing)
        .order_by("name", "id")
    )


def connections_needing_reauth(*, user):
    return list(CalendarConnection.objects.for_user(user).filter(status=CalendarConnection.Status.NEEDS_REAUTH))


def lead_funnel(*, user, days=FUNNEL_DAYS, now=None):
    """The last `days` days, from first call to lease: calls (by start), new leads (by first
    contact), viewings booked (by booking time; the try panel's test bookings left out),
    viewings attended and no-shows (by their start), leases (by the status change)."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    calls = Call.objects.for_user(user).filter(started_at__gte=since, started_at__lte=now).count()
    leads = Lead.objects.for_user(user).aggregate(
        new=Count("id", filter=Q(first_contact_at__gte=since, first_contact_at__lte=now)),
        leased=Count("id", filter=Q(status=Lead.Status.LEASED, status_changed_at__gte=since)),
    )
    started = Q(start__gte=since, start__lte=now)
    appointments = Appointment.objects.for_user(user).aggregate(
        booked=Count("id", filter=Q(created_at__gte=since) & ~Q(source=Appointment.Source.TEST)),
        attended=Count("id", filter=started & Q(status=Appointment.Status.ATTENDED)),
        no_shows=Count("id", filter=started & Q(status=Appointment.Status.NO_SHOW)),
    )
    return {
        "calls": calls,
        "leads": leads["new"],
        "viewings_booked": appointments["booked"],
        "attended": appointments["attended"],
        "no_shows": appointments["no_shows"],
        "leased": leads["leased"],
    }


def no_show_rate(funnel):
    """No-shows as a share of the viewings marked either way (0..1), None before any is marked."""
    marked = funnel["attended"] + funnel["no_shows"]
    return funnel["no_shows"] / marked if marked else None
