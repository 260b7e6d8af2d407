from django.db.models import F
from django.shortcuts import render

from accounts.ownership import get_owned_or_404
from core.forms import date_range_filters
from core.web import paginate, user_page

from .filtersets import CallFilterSet
from .forms import CallFilterForm
from .models import Call
from .selectors import call_appointments

# Roles VAPI uses for the two sides of a conversation in `messages`.
SPEAKERS = {"bot": "Agent", "assistant": "Agent", "user": "Caller", "customer": "Caller"}


def _api_filters(data):
    """The calls API's filters (agent_id, start, end: inclusive) for the page's local dates."""
    filters = date_range_filters(data)
    if data["agent"]:
        filters["agent_id"] = data["agent"].pk
    return filters


@user_page
def call_list(request):
    form = CallFilterForm(request.GET or None, user=request.user)
    calls = Call.objects.for_user(request.user).select_related("agent")
    if form.is_valid():
        calls = CallFilterSet(data=_api_filters(form.cleaned_data), queryset=calls).qs
        if form.cleaned_data["number"]:
            calls = calls.filter(customer_number__icontains=form.cleaned_data["number"].strip())
    elif form.is_bound:
        calls = calls.none()
    page, query = paginate(request, calls.order_by(F("started_at").desc(nulls_last=True), "-id"))
    has_any = page.paginator.count > 0 or Call.objects.for_user(request.user).exists()
    return render(request, "voice/call_list.html", {"form": form, "page": page, "query": query, "has_any": has_any})


def conversation(call):
    """The spoken turns of a call as (speaker, text), from VAPI's messages."""
    turns = []
    for message in call.messages or []:
        if not isinstance(message, dict):
            continue
        speaker = SPEAKERS.get(message.get("role"))
        text = message.get("message") or message.get("content")
        if speaker and isinstance(text, str) and text.strip():
            turns.append((speaker, text.strip()))
    return turns


@user_page
def call_detail(request, pk):
    call = get_owned_or_404(Call.objects.select_related("agent"), request.user, pk=pk)
    appointments = call_appointments(user=request.user, call=call).select_related("rental")
    context = {
        "call": call,
        "turns": conversation(call),
        "invocations": call.tool_invocations.for_user(request.user).order_by("created_at", "id"),
        "appointments": appointments,
    }
    return render(request, "voice/call_detail.html", context)
