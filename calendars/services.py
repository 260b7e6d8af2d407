"""Writes with side effects: booking and cancelling appointments, dropping cached busy time.

Connecting calendars is in connections.py; what is done to stored tokens, in tokens.py.
"""

import logging
import time
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from leads.services import lead_for_booking

from .availability import BookingRules
from .clients.http import ProviderAuthError, ProviderError, with_call_budget
from .models import Appointment
from .providers import provider_for
from .selectors import BUSY_CACHE_VERSION_KEY, agent_free_slots
from .signals import BOOKED, CANCELLED, RESCHEDULED, appointment_changed

logger = logging.getLogger(__name__)

NEXT_SLOTS_OFFERED = 5
IDEMPOTENCY_KEY_MAX_LENGTH = Appointment._meta.get_field("idempotency_key").max_length


class SlotUnavailable(Exception):
    """The requested start is not a free slot; `next_slots` are the nearest free ones."""

    def __init__(self, message="That time is not available.", *, next_slots=()):
        super().__init__(message)
        self.message = message
        self.next_slots = list(next_slots)


class CalendarUnavailable(Exception):
    """A calendar cannot be read or written right now; `reason` is safe to show."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _tell_above(appointment, change, by):
    """Sends `appointment_changed` (see signals.py); a receiver's failure is logged, never raised:
    the change is already saved."""
    for receiver, result in appointment_changed.send_robust(Appointment, appointment=appointment, change=change, by=by):
        if isinstance(result, Exception):
            logger.error("appointment_changed receiver %s failed: %r", receiver, result)


# Availability cache ------------------------------------------------------------------------


def availability_cache_drop(*, user):
    """Forget every cached busy interval of the user (a new version makes old keys unreachable)."""
    cache.set(BUSY_CACHE_VERSION_KEY.format(user_id=user.pk), time.time_ns(), None)


# Appointments ------------------------------------------------------------------------------


def _idempotent_result(user, idempotency_key):
    """The user's own appointment booked with this key; another manager's keys are not looked at."""
    if not idempotency_key:
        return None
    return Appointment.objects.for_user(user).filter(idempotency_key=idempotency_key).first()


def _unavailable_message(agent, start, now):
    earliest, latest = BookingRules.for_agent(agent).booking_window(now)
    if start < earliest:
        return f"That time is too soon: bookings need {agent.min_notice_minutes} minutes' notice."
    # No arithmetic on `start`: a caller's year 9999 would overflow.
    if start > latest - timedelta(minutes=agent.slot_minutes):
        return f"That time is too far ahead: bookings open {agent.booking_horizon_days} days ahead."
    return "That time is not available."


def _next_slots(slots, start):
    later = [slot for slot in slots if slot.start >= start]
    return (later or slots)[:NEXT_SLOTS_OFFERED]


def _event_text(*, agent, attendee_name, attendee_phone, attendee_email, rental, notes):
    title = f"Viewing: {attendee_name}" + (f" ({rental.address or rental.title})" if rental else "")
    lines = [f"Booked by LeaseLine ({agent.agent_name})." if agent else "Booked by LeaseLine."]
    lines += [f"Name: {attendee_name}"]
    lines += [f"Phone: {attendee_phone}"] if attendee_phone else []
    lines += [f"Email: {attendee_email}"] if attendee_email else []
    lines += [f"Rental: {rental.title or rental.address} {rental.url}".strip()] if rental else []
    lines += ["", notes] if notes else []
    return title, "\n".join(lines)


def _discard_event(provider, event_id):
    """Best effort: remove an event whose appointment will not exist."""
    if not event_id:
        return
    try:
        provider.delete_event(event_id=event_id)
    except ProviderError as exc:
        logger.error("Could not remove provider event of a failed booking: %s", exc)


# Appointment fields the booking sets itself rather than takes from the caller.
BOOKING_SET_HERE = ["user", "agent", "rental", "connection", "start", "end", "source", "status"]


def _booking_checked(*, user, agent, rental, start, idempotency_key, **attendee):
    """Before any calendar is read or written: ValueError for a caller's mistake (another
    user's agent or rental, a naive time, an overlong key), ValidationError unless the
    Appointment model's rules accept what the booking says of the attendee."""
    if agent.user_id != user.pk or (rental is not None and rental.user_id != user.pk):
        raise ValueError("The agent and the rental must be the user's own.")
    if timezone.is_naive(start):
        raise ValueError("start must carry a UTC offset.")
    if len(idempotency_key or "") > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise ValueError(f"The idempotency key can be at most {IDEMPOTENCY_KEY_MAX_LENGTH} characters.")
    candidate = Appointment(**{name: value or "" for name, value in attendee.items()})
    candidate.full_clean(exclude=BOOKING_SET_HERE, validate_unique=False, validate_constraints=False)


@with_call_budget
def appointment_book(
    *,
    user,
    agent,
    start,
    attendee_name,
    attendee_phone="",
    attendee_email="",
    rental=None,
    notes="",
    source="api",
    vapi_call_id="",
    idempotency_key=None,
    lead_phone="",
):
    """Books `start` for one slot of the agent, or raises SlotUnavailable / CalendarUnavailable
    (or ValidationError when the attendee's details break the Appointment model's rules).

    Under a per-user row lock (which also serialises retries of one idempotency key), busy
    time is read live from every calendar (never the cache), the provider event is created
    (with a client-chosen id, so a retry cannot duplicate it), then the Appointment. The same
    idempotency key returns the first appointment. The booking links to (or makes) the lead
    of `lead_phone` (a voice caller's number), else of the attendee's phone (not for a test
    booking from the try panel).
    """
    _booking_checked(
        user=user,
        agent=agent,
        rental=rental,
        start=start,
        idempotency_key=idempotency_key,
        attendee_name=attendee_name,
        attendee_phone=attendee_phone,
        attendee_email=attendee_email,
        notes=notes,
    )
    connection = agent.booking_calendar
    if connection is not None and connection.user_id != user.pk:
        raise CalendarUnavailable("The agent's booking calendar is not available.")
    provider = provider_for(connection, user=user)
    title, description = _event_text(
        agent=agent,
        attendee_name=attendee_name,
        attendee_phone=attendee_phone,
        attendee_email=attendee_email,
        rental=rental,
        notes=notes,
    )
    # A failure is raised only after the transaction ends, so that what it learnt on the way
    # (refreshed tokens, a connection marked needs_reauth) is kept.
    failure = None
    with transaction.atomic():
        # The manager's booking lock. NO KEY UPDATE serialises bookings without blocking the
        # key-share locks PostgreSQL takes on the user row when another transaction commits a
        # row that references the manager (a lead, a call): with a plain FOR UPDATE, a search
        # that made the caller's lead and a booking waiting for that lead deadlock.
        get_user_model().objects.select_for_update(no_key=True).only("pk").get(pk=user.pk)
        existing = _idempotent_result(user, idempotency_key)
        if existing is not None:
            return existing
        availability = agent_free_slots(user=user, agent=agent, use_cache=False)
        if availability.error:
            failure = CalendarUnavailable(availability.error)
        elif not any(slot.start == start for slot in availability.slots):
            failure = SlotUnavailable(
                _unavailable_message(agent, start, timezone.now()),
                next_slots=_next_slots(availability.slots, start),
            )
        else:
            # Only a free slot's start is added to: any other (year 9999) could overflow.
            end = start + timedelta(minutes=agent.slot_minutes)
            # 32 hex digits: valid base32hex for Google, a transactionId for Graph.
            event_id = uuid.uuid4().hex
            try:
                provider_event_id = provider.create_event(
                    event_id=event_id,
                    start=start,
                    end=end,
                    title=title,
                    description=description,
                    location=rental.address if rental else "",
                )
            except ProviderError as exc:
                failure = CalendarUnavailable(f"The booking calendar could not be written: {exc}.")
                if provider.uses_client_event_ids:
                    # The insert may have gone through before the answer was lost.
                    _discard_event(provider, event_id)
            else:
                try:
                    # A savepoint, so the event can still be removed (reading the connection) after a failed insert.
                    with transaction.atomic():
                        # A manager trying their agent (source test) is not a renter.
                        lead = None
                        if source != Appointment.Source.TEST:
                            lead = lead_for_booking(
                                user=user,
                                phone=lead_phone or attendee_phone,
                                name=attendee_name,
                                email=attendee_email,
                                rental=rental,
                            )
                        appointment = Appointment.objects.create(
                            lead=lead,
                            user=user,
                            agent=agent,
                            rental=rental,
                            connection=connection,
                            provider_event_id=provider_event_id,
                            source=source,
                            vapi_call_id=vapi_call_id or "",
                            idempotency_key=idempotency_key or "",
                            start=start,
                            end=end,
                            attendee_name=attendee_name.strip(),
                            attendee_phone=attendee_phone or "",
                            attendee_email=attendee_email or "",
                            notes=notes or "",
                        )
                except Exception:
                    _discard_event(provider, provider_event_id)
                    raise
    if failure is not None:
        raise failure
    availability_cache_drop(user=user)
    _tell_above(appointment, BOOKED, source)
    return appointment


@with_call_budget
def appointment_cancel(*, user, appointment, by=""):
    """Cancels the appointment and deletes its provider event; cancelling twice changes nothing.

    `by` says who cancelled ("voice", "renter", …) for the apps told through `appointment_changed`.
    """
    failure = None
    with transaction.atomic():
        appointment = Appointment.objects.for_user(user).select_for_update().get(pk=appointment.pk)
        if appointment.status == Appointment.Status.CANCELLED:
            return appointment
        if appointment.connection_id and appointment.provider_event_id:
            try:
                provider_for(appointment.connection, user=user).delete_event(event_id=appointment.provider_event_id)
            except ProviderAuthError as exc:
                # The connection is marked needs_reauth; the event stays in that calendar
                # (blocking time, the safe side) and the appointment is cancelled here.
                logger.warning("Appointment %s cancelled without its provider event: %s", appointment.pk, exc)
            except ProviderError as exc:
                failure = CalendarUnavailable(f"The calendar event could not be deleted: {exc}.")
        if failure is None:
            appointment.status = Appointment.Status.CANCELLED
            appointment.save(update_fields=["status", "updated_at"])
    if failure is not None:
        raise failure
    availability_cache_drop(user=user)
    _tell_above(appointment, CANCELLED, by)
    return appointment


def _move_failure(appointment, start, now):
    """Why this appointment cannot be moved to `start` at all (before any calendar is read)."""
    if appointment.status != Appointment.Status.BOOKED or appointment.agent is None:
        return SlotUnavailable("This viewing can no longer be moved.")
    if appointment.start <= now:
        return SlotUnavailable("This viewing has already started and can no longer be moved.")
    return None


def _move_event(*, user, appointment, start, end):
    """Writes the moved viewing's provider event (a new one, with a client-chosen id) and returns
    its id, or raises CalendarUnavailable; the old event is deleted once the move is saved."""
    provider = provider_for(appointment.connection, user=user)
    title, description = _event_text(
        agent=appointment.agent,
        attendee_name=appointment.attendee_name,
        attendee_phone=appointment.attendee_phone,
        attendee_email=appointment.attendee_email,
        rental=appointment.rental,
        notes=appointment.notes,
    )
    event_id = uuid.uuid4().hex
    try:
        return provider, provider.create_event(
            event_id=event_id,
            start=start,
            end=end,
            title=title,
            description=description,
            location=appointment.rental.address if appointment.rental else "",
        )
    except ProviderError as exc:
        if provider.uses_client_event_ids:
            _discard_event(provider, event_id)
        raise CalendarUnavailable(f"The booking calendar could not be written: {exc}.") from exc


@with_call_budget
def appointment_reschedule(*, user, appointment, start, by=""):
    """Moves a booked, not yet started appointment to `start`: the same appointment (same id,
    same invite UID) with its `sequence` raised, so calendars replace the invite.

    The rules and the lock are appointment_book's: under the per-user row lock, busy time is
    read live and `start` must be one of the agent's free slots, else SlotUnavailable (with the
    nearest free ones) or CalendarUnavailable. The provider event is written anew at the new
    time before the appointment moves; the old one is deleted after.
    """
    if timezone.is_naive(start):
        raise ValueError("start must carry a UTC offset.")
    failure = None
    with transaction.atomic():
        get_user_model().objects.select_for_update(no_key=True).only("pk").get(pk=user.pk)
        appointment = (
            Appointment.objects.for_user(user)
            .select_for_update(of=("self",))
            .select_related("agent", "rental", "connection")
            .get(pk=appointment.pk)
        )
        failure = _move_failure(appointment, start, timezone.now())
        if failure is None and start == appointment.start:
            return appointment
        availability = None if failure else agent_free_slots(user=user, agent=appointment.agent, use_cache=False)
        if failure is None and availability.error:
            failure = CalendarUnavailable(availability.error)
        elif failure is None and not any(slot.start == start for slot in availability.slots):
            failure = SlotUnavailable(
                _unavailable_message(appointment.agent, start, timezone.now()),
                next_slots=_next_slots(availability.slots, start),
            )
        if failure is None:
            end = start + timedelta(minutes=appointment.agent.slot_minutes)
            try:
                provider, new_event_id = _move_event(user=user, appointment=appointment, start=start, end=end)
            except CalendarUnavailable as exc:
                failure = exc
        if failure is None:
            old_event_id = appointment.provider_event_id
            appointment.start, appointment.end = start, end
            appointment.provider_event_id = new_event_id
            appointment.sequence += 1
            try:
                with transaction.atomic():
                    appointment.save(update_fields=["start", "end", "provider_event_id", "sequence", "updated_at"])
            except Exception:
                _discard_event(provider, new_event_id)
                raise
            _discard_event(provider, old_event_id)
    if failure is not None:
        raise failure
    availability_cache_drop(user=user)
    _tell_above(appointment, RESCHEDULED, by)
    return appointment
