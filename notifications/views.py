"""The renter's page for one viewing, /v/<token>: no sign-in, the signed link is the key.

The renter sees the viewing, confirms it, cancels it, or picks another free time; every
change goes through the booking service (calendars.services), the same lock and rules as a
booking by voice. A token that is altered, or whose viewing has ended, is a 404 page.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from calendars.models import Appointment
from calendars.services import CalendarUnavailable, SlotUnavailable
from calendars.slots import agent_first_free_day, parse_day
from calendars.templatetags.slot_picker import slot_picker_context
from core import clock
from core.values import parse_instant
from core.words import timezone_words

from .links import appointment_for_token
from .messages import rental_words, short_when, span_words, viewing_zone, when_words
from .services import viewing_cancel, viewing_confirm, viewing_reschedule

PICKER_NAME = "start"


def _gone(request):
    return render(request, "notifications/renter_gone.html", status=404)


def _movable(appointment):
    return (
        appointment.status == Appointment.Status.BOOKED
        and appointment.agent_id is not None
        and appointment.start > timezone.now()
    )


def _picker(request, appointment, token, *, day=None, selected=""):
    agent = appointment.agent
    page_url = reverse("notifications:renter", kwargs={"token": token})
    return slot_picker_context(
        agent=agent,
        user=appointment.user,
        name=PICKER_NAME,
        day=day or agent_first_free_day(user=appointment.user, agent=agent),
        selected=selected,
        day_url=reverse("notifications:renter-slots", kwargs={"token": token}),
        page_url=page_url,
        style=clock.clock_style(viewing_zone(appointment)),
    )


def _page(request, appointment, token, *, status=200, error="", suggestions=(), selected=""):
    tz = viewing_zone(appointment)
    confirmation = getattr(appointment, "renter_confirmation", None)
    context = {
        "appointment": appointment,
        "token": token,
        "when": span_words(appointment.start, appointment.end, tz),
        "zone": timezone_words(tz.key, with_offset=False),
        "place": rental_words(appointment),
        "rental": appointment.rental if appointment.rental_id else None,
        "agent": appointment.agent,
        "movable": _movable(appointment),
        "cancelled": appointment.status == Appointment.Status.CANCELLED,
        "confirmed": confirmation is not None and confirmation.sequence == appointment.sequence,
        "error": error,
        "suggestions": [{"value": slot.start.isoformat(), "label": short_when(slot.start, tz)} for slot in suggestions],
    }
    if context["movable"]:
        day = parse_day(request.GET.get("day") or request.POST.get(f"{PICKER_NAME}_day"))
        # The picker's own context, so the page includes calendars/_slot_picker.html as it is.
        context.update(_picker(request, appointment, token, day=day, selected=selected))
    return render(request, "notifications/renter_page.html", context, status=status)


def _reschedule(request, appointment, token):
    raw = request.POST.get(PICKER_NAME, "")[:64]
    try:
        start = parse_instant(raw, tz=appointment.agent.timezone or "UTC") if raw else None
    except ValueError:
        start = None
    if start is None:
        return _page(request, appointment, token, status=400, error="Pick one of the free times first.")
    try:
        moved = viewing_reschedule(appointment=appointment, start=start)
    except SlotUnavailable as exc:
        return _page(request, appointment, token, status=409, error=exc.message, suggestions=exc.next_slots)
    except CalendarUnavailable:
        return _page(
            request, appointment, token, status=503, error="Times cannot be changed just now. Please try again shortly."
        )
    messages.success(request, f"Your viewing has moved to {when_words(moved.start, viewing_zone(moved))}.")
    return None


def _act(request, appointment, token):
    action = request.POST.get("action", "")
    if action == "confirm" and appointment.status == Appointment.Status.BOOKED:
        viewing_confirm(appointment=appointment)
        messages.success(request, "Thank you: your viewing is confirmed.")
    elif action == "cancel" and _movable(appointment):
        try:
            viewing_cancel(appointment=appointment)
        except CalendarUnavailable:
            return _page(request, appointment, token, status=503, error="The viewing cannot be cancelled just now.")
        messages.success(request, "Your viewing is cancelled.")
    elif action == "reschedule" and _movable(appointment):
        failed = _reschedule(request, appointment, token)
        if failed is not None:
            return failed
    else:
        return _page(request, appointment, token, status=400, error="That cannot be done for this viewing any more.")
    return redirect("notifications:renter", token=token)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def renter_page(request, token):
    appointment = appointment_for_token(token)
    if appointment is None:
        return _gone(request)
    if request.method == "POST":
        return _act(request, appointment, token)
    return _page(request, appointment, token)


@never_cache
@require_http_methods(["GET", "HEAD"])
def renter_slots(request, token):
    """The slot picker for another day (htmx) on the renter's page."""
    appointment = appointment_for_token(token)
    if appointment is None or not _movable(appointment):
        return _gone(request)
    context = _picker(request, appointment, token, day=parse_day(request.GET.get("day")))
    return render(request, "calendars/_slot_picker.html", context)
