"""Reads of rentals, sources and runs. Every selector takes the user and sees only their rows."""
import datetime
from decimal import Decimal, InvalidOperation

from django.db.models import F, Prefetch, Q
from django.db.models.functions import Lower
from django.utils import timezone

from .models import Rental, RentalSource, ScrapeRun

SEARCH_LIMIT_DEFAULT = 5
SEARCH_LIMIT_MAX = 10


def rental_list(*, user, filters=None):
    """The user's rentals narrowed by the API's filters (a dict of query values).

    Raises `django.core.exceptions.ValidationError` with the field errors when a value has
    the wrong type, exactly as `GET /api/rentals` answers 400.
    """
    from django.core.exceptions import ValidationError

    from .filtersets import RentalFilterSet

    filterset = RentalFilterSet(data=filters or {}, queryset=Rental.objects.for_user(user))
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


def rental_get(*, user, rental_id):
    """The user's rental with this id, or None (another user's, missing or a malformed id)."""
    try:
        rental_id = int(rental_id)
    except (TypeError, ValueError):
        return None
    return Rental.objects.for_user(user).select_related("source").filter(pk=rental_id).first()


def _as_decimal(value, name):
    try:
        number = Decimal(str(value).replace(",", "").replace("$", "").strip())
    except (InvalidOperation, ValueError):
        raise ValueError(f"{name} must be a number, not {value!r}.")
    if not number.is_finite():
        raise ValueError(f"{name} must be a number, not {value!r}.")
    return number


def _as_date(value, name):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, not {value!r}.")


def _as_bool(value, name):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "yes", "1", "y"}:
        return True
    if text in {"false", "no", "0", "n"}:
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}.")


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
    that date. Values may arrive as strings from a voice tool; a value that cannot be read
    raises ValueError with a message naming it. At most two queries, on the indexes
    (user, status, price) and lower(city).
    """
    try:
        limit = int(limit) if limit is not None else SEARCH_LIMIT_DEFAULT
    except (TypeError, ValueError):
        raise ValueError(f"limit must be a whole number, not {limit!r}.")
    limit = max(1, min(limit, SEARCH_LIMIT_MAX))

    rentals = Rental.objects.for_user(user).filter(status=Rental.Status.AVAILABLE)
    if max_price not in (None, ""):
        rentals = rentals.filter(price__lte=_as_decimal(max_price, "max_price"))
    if min_bedrooms not in (None, ""):
        rentals = rentals.filter(bedrooms__gte=int(_as_decimal(min_bedrooms, "min_bedrooms")))
    if pets_allowed not in (None, "") and _as_bool(pets_allowed, "pets_allowed"):
        rentals = rentals.filter(pets_allowed=True)
    if available_by not in (None, ""):
        by = _as_date(available_by, "available_by")
        rentals = rentals.filter(Q(available_from__isnull=True) | Q(available_from__lte=by))
    rentals = rentals.order_by(
        F("price").asc(nulls_last=True), F("available_from").asc(nulls_first=True), "id"
    )

    if city not in (None, "") and _city_key(city):
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
    return Prefetch(
        "runs", queryset=ScrapeRun.objects.order_by("-created_at", "-id")[:1], to_attr="latest_runs"
    )


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
