from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.ownership import get_owned_or_404
from agents.assistant import webhook_url
from agents.clients.vapi import VapiError, VapiNotConfigured, VapiTransientError
from calendars.selectors import appointment_list
from core.web import user_page

from . import services
from .forms import AgentForm, VapiKeyForm
from .models import Agent, PhoneNumber
from .phone_numbers import NotOwnMode, phone_number_attach, phone_numbers_refresh
from .reminders import reminders_words
from .selectors import agent_booking_problems
from .vapi_accounts import (
    MODE_NONE,
    MODE_OWN,
    VapiKeyRefused,
    vapi_account_connect,
    vapi_account_disconnect,
    vapi_is_configured_for,
    vapi_mode_for,
)


def _owned_agent(request, pk):
    return get_owned_or_404(Agent.objects.select_related("booking_calendar", "user", "phone"), request.user, pk=pk)


@user_page
def agent_list(request):
    agents = (
        Agent.objects.for_user(request.user)
        .select_related("booking_calendar", "phone")
        .annotate(
            call_count=Count("calls", distinct=True),
            booked_count=Count("appointments", filter=Q(appointments__status="booked"), distinct=True),
        )
        .order_by("agent_name", "id")
    )
    return render(
        request,
        "agents/list.html",
        {
            "agents": agents,
            "vapi_configured": vapi_is_configured_for(request.user),
            "unbookable": [
                (agent, problems) for agent in agents if agent.is_active and (problems := agent_booking_problems(agent))
            ],
        },
    )


def _save_agent(request, form, *, agent=None):
    """Create or update through the agents service; a service refusal lands on the form."""
    try:
        if agent is None:
            agent = services.agent_create(user=request.user, **form.agent_fields())
        else:
            agent = services.agent_update(user=request.user, agent=agent, **form.agent_fields())
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        return None
    except VapiTransientError as exc:
        form.add_error(None, f"{exc} Nothing was changed; try again shortly.")
        return None
    if agent.sync_status == Agent.SyncStatus.ERROR:
        messages.warning(request, f"Saved, but VAPI did not accept it: {agent.sync_error}")
    else:
        messages.success(request, f"{agent.agent_name} is saved.")
    return agent


@user_page
def agent_create(request):
    form = AgentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        agent = _save_agent(request, form)
        if agent is not None:
            return redirect("agents:detail", pk=agent.pk)
    return render(request, "agents/form.html", {"form": form, "agent": None})


@user_page
def agent_edit(request, pk):
    agent = _owned_agent(request, pk)
    form = AgentForm(request.POST or None, user=request.user, instance=agent)
    if request.method == "POST" and form.is_valid() and _save_agent(request, form, agent=agent) is not None:
        return redirect("agents:detail", pk=agent.pk)
    return render(request, "agents/form.html", {"form": form, "agent": agent})


def detail_context(request, agent):
    """What the agent page shows from the agent itself and its calendar (voice adds its panels)."""
    now = timezone.now()
    return {
        "agent": agent,
        "reminders": reminders_words(agent.reminder_minutes),
        "booking_problems": agent_booking_problems(agent) if agent.is_active else [],
        "webhook_url": webhook_url(),
        "vapi_configured": vapi_is_configured_for(request.user),
        "vapi_public_key": settings.VAPI_PUBLIC_KEY,
        "can_talk": bool(settings.VAPI_PUBLIC_KEY and agent.vapi_assistant_id),
        "upcoming": appointment_list(user=request.user, status="booked", start=now, agent_id=agent.pk).order_by(
            "start"
        )[:5],
    }


@user_page
def agent_detail(request, pk):
    agent = _owned_agent(request, pk)
    return render(request, "agents/detail.html", detail_context(request, agent))


@require_POST
@user_page
def agent_sync(request, pk):
    agent = _owned_agent(request, pk)
    try:
        services.agent_sync(user=request.user, agent=agent)
    except VapiNotConfigured as exc:
        messages.error(
            request,
            f"{exc} Connect your own VAPI account on the Account page, "
            "or ask whoever runs LeaseLine to set up the platform's VAPI key.",
        )
    else:
        if agent.sync_status == Agent.SyncStatus.SYNCED:
            messages.success(request, "Synced to VAPI.")
        else:
            messages.error(request, f"VAPI sync failed: {agent.sync_error}")
    return redirect("agents:detail", pk=agent.pk)


@require_POST
@user_page
def agent_rotate_secret(request, pk):
    agent = _owned_agent(request, pk)
    services.agent_rotate_secret(user=request.user, agent=agent)
    messages.success(request, "A new webhook secret is in place; the old one no longer works.")
    return redirect("agents:detail", pk=agent.pk)


@require_POST
@user_page
def agent_delete(request, pk):
    agent = _owned_agent(request, pk)
    name = agent.agent_name
    try:
        services.agent_delete(user=request.user, agent=agent)
    except VapiError as exc:
        messages.error(
            request, f"{name} was not deleted: VAPI could not delete its assistant ({exc}). Try again later."
        )
        return redirect("agents:detail", pk=agent.pk)
    messages.success(request, f"{name} is deleted.")
    return redirect("agents:list")


@user_page
def vapi_account(request):
    """Connect the manager's own VAPI organisation (the account page shows the same panel)."""
    form = VapiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vapi_account_connect(user=request.user, api_key=form.cleaned_data["api_key"])
        except VapiKeyRefused as exc:
            form.add_error("api_key", str(exc))
        except VapiTransientError:
            form.add_error(None, "VAPI could not be reached to check this key; nothing was saved. Try again shortly.")
        else:
            messages.success(request, "Your VAPI account is connected. Sync your agents to set them up in it.")
            return redirect("agents:vapi-account")
    return render(request, "agents/vapi_account.html", {"vapi_key_form": form})


@require_POST
@user_page
def vapi_account_disconnect_view(request):
    vapi_account_disconnect(user=request.user)
    messages.success(request, "Your VAPI account is disconnected; its key is erased.")
    return redirect("agents:vapi-account")


@user_page
def phone_number_list(request):
    numbers = PhoneNumber.objects.for_user(request.user).select_related("agent")
    agents = Agent.objects.for_user(request.user).order_by("agent_name", "id")
    mode = vapi_mode_for(request.user)
    context = {"numbers": numbers, "agents": agents, "own_mode": mode == MODE_OWN, "no_vapi": mode == MODE_NONE}
    return render(request, "agents/phone_numbers.html", context)


@require_POST
@user_page
def phone_numbers_refresh_view(request):
    try:
        count = phone_numbers_refresh(user=request.user).count()
    except (NotOwnMode, VapiError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{count} number(s) read from your VAPI account.")
    return redirect("agents:phone-numbers")


@require_POST
@user_page
def phone_number_attach_view(request, pk):
    phone = get_owned_or_404(PhoneNumber, request.user, pk=pk)
    agent_id = request.POST.get("agent_id") or ""
    agent = get_owned_or_404(Agent, request.user, pk=agent_id) if agent_id else None
    try:
        phone_number_attach(user=request.user, phone_number=phone, agent=agent)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except VapiTransientError as exc:
        messages.error(request, f"{exc} Nothing was changed; try again shortly.")
    else:
        messages.success(request, f"{phone} now rings {agent}." if agent else f"{phone} is detached.")
    return redirect("agents:phone-numbers")
