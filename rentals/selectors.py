"""Reads of rentals, sources and runs. Every selector takes the user and sees only their rows."""

import datetime

from django.db.models import F, Prefetch, Q
from django.db.models.functions import Lower
from django.utils import timezone

from .models import Rental, RentalSource, ScrapeRun

SEARCH_LIMIT_DEFAULT = 5
SEARCH_LIMIT_MAX = 10


def rental_list(*, user, filters=None):
    """The user's rentals narrowed by typed filter values, keyed by `RentalFilterSet`'s names.

    The values are what the filterset's form reads from a query string (a Decimal price, an
    int, a bool, a date, a list of orderings); reading and refusing text is the edge's job.
    """
    from .filtersets import RentalFilterSet

    filterset = RentalFilterSet(queryset=Rental.objects.for_user(user))
    rentals = filterset.queryset.all()
    for name, value in (filters or {}).items():
        rentals = filterset.filters[name].filter(rentals, value)
    return rentals


def rental_get(*, user, rental_id):
    """The user's rental with this id, or None (another user's, missing or a malformed id)."""
    try:
        rental_id = int(rental_id)
    except (TypeError, ValueError):
        return None
    return Rental.objects.for_user(user).select_related("source").filter(pk=rental_id).first()


def _city_key(city):
    # "Austin, TX" and " austin " both mean the city Austin.
    return str(city).split(",", 1)[0].strip().lower()


def rental_search(
    *,
    user,
    max_price=None,
    min_bedrooms=None,
    city=None,
    pets_allowed=None,
    available_by=None,
    limit=SEARCH_LIMIT_DEFAULT,
):
    """The user's available rentals that fit a caller's needs, best matches first.

    Cheapest first, then soonest available (no date means available now). `city` matches
    case-insensitively, as a whole name first and as a part of the name when nothing matches
    whole. `pets_allowed=True` keeps pet-friendly rentals only; False does not filter (a
    caller without pets can rent either). `available_by` keeps rentals free on or before
    that date. Values are typed (a number, an int, a str, a bool, a date): the voice tool
    reads what a model wrote through `core.values` first. At most two queries, on the
    indexes (user, status, price) and lower(city).
    """
    limit = max(1, min(SEARCH_LIMIT_DEFAULT if limit is None else limit, SEARCH_LIMIT_MAX))

    rentals = Rental.objects.for_user(user).filter(status=Rental.Status.AVAILABLE)
    if max_price is not None:
        rentals = rentals.filter(price__lte=max_price)
    if min_bedrooms is not None:
        rentals = rentals.filter(bedrooms__gte=min_bedrooms)
    if pets_allowed:
        rentals = rentals.filter(pets_allowed=True)
    if available_by is not None:
        rentals = rentals.filter(Q(available_from__isnull=True) | Q(available_from__lte=available_by))
    rentals = rentals.order_by(F("price").asc(nulls_last=True), F("available_from").asc(nulls_first=True), "id")

    if city and _city_key(city):
        key = _city_key(city)
        found = list(rentals.alias(city_lower=Lower("city")).filter(city_lower=key)[:limit])
        if found:
            return found
        return list(rentals.filter(city__icontains=key)[:limit])
    return list(rentals[:limit])


def source_list(*, user):
    """The user's sources, each with `latest_runs` holding its newest run (or nothing)."""
    return RentalSource.objects.for_user(user).prefetch_related(latest_run_prefetch())


def latest_run_prefetch():
    """Prefetch each source's newest run into `latest_runs` in one query (window function)."""
    return Prefetch("runs", queryset=ScrapeRun.objects.order_by("-created_at", "-id")[:1], to_attr="latest_runs")


def source_last_run(source):
    """The newest run of a source, using the prefetch when present."""
    if hasattr(source, "latest_runs"):
        return source.latest_runs[0] if source.latest_runs else None
    return source.runs.order_by("-created_at", "-id").first()


def source_runs(*, user, source):
    """Runs of one of the user's sources, newest first."""
    return ScrapeRun.objects.for_user(user).filter(source=source).order_by("-created_at", "-id")


def sources_due(*, now=None):
    """Active sources (every user's: the scheduler's view) whose interval has passed.

    A source never scraped is due at once. The interval arithmetic is done in Python so it
    reads the same on PostgreSQL and SQLite; sources are few next to rentals.
    """
    now = now or timezone.now()
    due = []
    for source in RentalSource.objects.filter(is_active=True).select_related("user"):
        interval = datetime.timedelta(minutes=source.scrape_interval_minutes)
        if source.last_scraped_at is None or source.last_scraped_at + interval <= now:
            due.append(source)
    return due
