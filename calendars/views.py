from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.ownership import get_owned_or_404
from core import clock
from core.web import is_htmx, user_page

from . import connections, services
from .attendance import appointment_attendance_set
from .clients import google as google_client
from .clients import microsoft as microsoft_client
from .forms import AppointmentBookForm, PendingConnectionForm
from .models import Appointment, CalendarConnection
from .selectors import appointment_list, connection_list
from .slots import agent_first_free_day, parse_day
from .templatetags.slot_picker import picker_name, slot_picker_context
from .week import week_calendar, week_start_of

EVENT_DAYS = 7
PROVIDERS = (
    ("microsoft", "Microsoft 365", microsoft_client, "MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET"),
    ("google", "Google Calendar", google_client, "GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET"),
)
# What the OAuth callback's ?error= means, in words: LeaseLine's own codes and the providers'
# (OAuth 2.0 and OpenID Connect). Any other text in ?error= is ignored, never shown.
PROVIDER_STOPPED = "The provider stopped the sign-in, so nothing was connected. Please try again."
CONNECT_ERRORS = {
    "invalid_state": "That sign-in link was already used or is not ours. Please start again.",
    "expired_state": "The sign-in took longer than ten minutes. Please start again.",
    "access_denied": "Access was not granted, so nothing was connected.",
    "denied": "Access was not granted, so nothing was connected.",
    "consent_required": "Access was not granted, so nothing was connected.",
    "missing_code": "The provider did not send LeaseLine a sign-in code. Please try again.",
    "exchange_failed": "The provider did not accept the sign-in. Please try again in a moment.",
    "server_error": "The provider had a problem with the sign-in. Please try again in a moment.",
    "temporarily_unavailable": "The provider had a problem with the sign-in. Please try again in a moment.",
    **dict.fromkeys(
        ("invalid_request", "unauthorized_client", "unsupported_response_type", "invalid_scope")
        + ("interaction_required", "login_required", "account_selection_required"),
        PROVIDER_STOPPED,
    ),
}
# The same words whatever went wrong: a code must not tell whose, or whether, it was.
PENDING_REFUSED = (
    "The calendar connection could not be finished: the link was already used, is more than ten minutes old "
    "or belongs to another account. Please connect the calendar again."
)


def _providers():
    return [
        {"key": key, "name": name, "configured": client.is_configured(), "settings": names}
        for key, name, client, names in PROVIDERS
    ]


def _week_agents(user):
    return Appointment.agents_model().objects.for_user(user).order_by("agent_name", "id")


def _week(request):
    """The week asked for (?week=, any day of it; default this week) with ?agent='s working hours shaded."""
    zone = timezone.get_current_timezone()
    day = parse_day(request.GET.get("week")) or timezone.now().astimezone(zone).date()
    agents = _week_agents(request.user)
    wanted = request.GET.get("agent", "")
    agent = (agents.filter(pk=int(wanted)).first() if wanted.isascii() and wanted.isdigit() else None) or agents.first()
    return week_calendar(user=request.user, week_start=week_start_of(day), tz=zone, agent=agent)


@user_page
def calendar_home(request):
    user = request.user
    if request.GET.get("connected"):
        # Anyone can send this link: only a provider's own name is shown, never the link's text.
        if request.GET["connected"] in {provider for provider, *_ in PROVIDERS}:
            messages.success(request, f"Your {request.GET['connected'].title()} calendar is connected.")
        return redirect("calendars:home")
    if "error" in request.GET:
        if request.GET["error"] in CONNECT_ERRORS:
            messages.error(request, CONNECT_ERRORS[request.GET["error"]])
        return redirect("calendars:home")
    pending = request.GET.get("pending")
    now = timezone.now()
    week = _week(request)
    if is_htmx(request) and not request.headers.get("HX-History-Restore-Request"):
        return render(request, "calendars/_week.html", {"week": week, "week_agents": _week_agents(user)})
    context = {
        "week": week,
        "week_agents": _week_agents(user),
        "providers": _providers(),
        "connections": list(connection_list(user=user)),
        "upcoming": appointment_list(user=user, status=Appointment.Status.BOOKED, start=now).order_by("start", "id"),
        "recent_cancelled": appointment_list(
            user=user, status=Appointment.Status.CANCELLED, start=now - timedelta(days=EVENT_DAYS)
        ).order_by("start", "id")[:10],
        "book_form": AppointmentBookForm(user=user),
        "pending_form": PendingConnectionForm(initial={"code": pending}) if pending else None,
    }
    return render(request, "calendars/home.html", context)


@require_POST
@user_page
def calendar_connect(request, provider):
    """Start the provider's OAuth sign-in; its callback brings the browser back to this page."""
    try:
        url = connections.oauth_start(user=request.user, provider=provider, redirect_url=reverse("calendars:home"))
    except connections.ProviderNotConfigured as exc:
        messages.error(request, str(exc))
    except services.CalendarUnavailable as exc:
        messages.error(request, f"The sign-in could not start: {exc.reason}")
    except ValueError:
        messages.error(request, "There is no such calendar provider.")
    else:
        return redirect(url)
    return redirect("calendars:home")


@require_POST
@user_page
def calendar_connect_finish(request):
    """Claims a connect parked by the callback (consent given while signed out, or in another browser)."""
    form = PendingConnectionForm(request.POST)
    connection = None
    if form.is_valid():
        try:
            connection = connections.pending_connection_complete(user=request.user, code=form.cleaned_data["code"])
        except connections.PendingConnectionNotFound:
            pass
    if connection is None:
        messages.error(request, PENDING_REFUSED)
    else:
        messages.success(request, f"Your {connection.get_provider_display()} calendar is connected.")
    return redirect("calendars:home")


@require_POST
@user_page
def connection_disconnect(request, pk):
    connection = get_owned_or_404(CalendarConnection, request.user, pk=pk)
    name = str(connection)
    connections.connection_disconnect(user=request.user, connection=connection)
    messages.success(
        request,
        f"{name} is disconnected and its tokens are erased. Agents that booked into it now use the built-in calendar.",
    )
    return redirect("calendars:home")


@require_POST
@user_page
def appointment_cancel(request, pk):
    appointment = get_owned_or_404(Appointment, request.user, pk=pk)
    try:
        services.appointment_cancel(user=request.user, appointment=appointment)
    except services.CalendarUnavailable as exc:
        messages.error(request, f"Not cancelled: {exc.reason}")
    else:
        messages.success(request, f"The viewing with {appointment.attendee_name} is cancelled.")
    next_url = request.POST.get("next", "")
    # A path on this site only: redirect() would read any other word as a URL pattern name.
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("calendars:home")


@require_POST
@user_page
def appointment_attendance(request, pk):
    """A started viewing marked attended or no-show (from the lead page)."""
    appointment = get_owned_or_404(Appointment, request.user, pk=pk)
    status = request.POST.get("status", "")
    if status not in (Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW):
        messages.error(request, "Choose attended or no-show.")
    else:
        try:
            appointment_attendance_set(user=request.user, appointment=appointment, status=status)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            said = "came to" if status == Appointment.Status.ATTENDED else "did not come to"
            messages.success(request, f"{appointment.attendee_name} {said} the viewing.")
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("calendars:home")


def _book_agent(request, form):
    """The agent whose free times the booking form shows: the one posted or asked for, else the first."""
    agents = form.fields["agent"].queryset
    wanted = request.POST.get("agent") or request.GET.get("agent")
    if wanted and str(wanted).isascii() and str(wanted).isdigit():
        agent = agents.filter(pk=int(wanted)).first()
        if agent is not None:
            return agent
    return agents.first()


def _suggestions(slots):
    """The next free slots after a taken one, as buttons in words (they may be on other days)."""
    zone = timezone.get_current_timezone()
    return [
        {
            "value": slot.start.isoformat(),
            "label": clock.moment_words(slot.start, tz=zone),
        }
        for slot in slots
    ]


def _book(request, data):
    """Books the chosen slot through the booking service (its lock and rules)."""
    return services.appointment_book(
        user=request.user,
        agent=data["agent"],
        start=data["start"],
        attendee_name=data["attendee_name"],
        attendee_phone=data["attendee_phone"],
        attendee_email=data["attendee_email"],
        rental=data["rental"],
        notes=data["notes"],
        source=Appointment.Source.WEB,
    )


@user_page
def appointment_book(request):
    form = AppointmentBookForm(request.POST or None, user=request.user)
    suggestions = []
    if request.method == "POST" and form.is_valid():
        try:
            appointment = _book(request, form.cleaned_data)
        except services.SlotUnavailable as exc:
            suggestions = _suggestions(exc.next_slots)
            form.add_error(
                "start",
                f"{exc.message} Someone may have just booked it."
                + (" Choose one of the next free times." if suggestions else " There are no free times left to offer."),
            )
        except services.CalendarUnavailable as exc:
            form.add_error(None, exc.reason)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            zone = timezone.get_current_timezone()
            when = appointment.start.astimezone(zone)
            messages.success(
                request,
                f"Booked {appointment.attendee_name} on {clock.moment_words(when, tz=zone, joiner=' at ')}.",
            )
            return redirect(f"{reverse('calendars:home')}?week={week_start_of(when.date()).isoformat()}")
    agent = _book_agent(request, form)
    zone = timezone.get_current_timezone()
    if agent is not None:
        form.fields["agent"].widget.attrs["hx-get"] = f"{reverse('calendars:slots')}?tz={zone.key}"
        if not form.is_bound:
            form.initial["agent"] = agent.pk
    day = parse_day(request.POST.get("start_day") or request.GET.get("day"))
    if agent is not None and day is None:
        day = agent_first_free_day(user=request.user, agent=agent, tz=zone)
    context = {
        "form": form,
        "picker_agent": agent,
        "picker_day": day,
        "picker_tz": zone.key,
        "picker_page_url": f"{reverse('calendars:book')}?agent={agent.pk}" if agent else "",
        "selected": "" if suggestions else request.POST.get("start", "")[:64],
        "suggestions": suggestions,
    }
    return render(request, "calendars/book.html", context)


NO_AGENT_PICKER = '<p class="slot-note">Create an agent first: its working hours decide the free times.</p>'


def _zone_or_none(value):
    try:
        return ZoneInfo(value) if value else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


@user_page
def slot_picker_day(request):
    """The slot picker for another day (htmx): the signed-in manager's own agent only (default: the first)."""
    agents = Appointment.agents_model().objects.order_by("agent_name", "id")
    if request.GET.get("agent"):
        agent = get_owned_or_404(agents, request.user, pk=request.GET["agent"])
    else:
        agent = agents.for_user(request.user).first()
        if agent is None:
            return HttpResponse(NO_AGENT_PICKER)
    name = picker_name(request.GET.get("name"))
    context = slot_picker_context(
        agent=agent,
        user=request.user,
        name=name,
        day=parse_day(request.GET.get("day") or request.GET.get(f"{name}_day")),
        selected=request.GET.get("selected", "")[:64],
        tz=_zone_or_none(request.GET.get("tz")),
    )
    return render(request, "calendars/_slot_picker.html", context)
