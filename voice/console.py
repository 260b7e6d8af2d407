"""The agent page's voice panels: try a tool as a caller would, and the agent's recent calls.

The agent page itself belongs to `agents`; these panels are voice's, shown on it through the
`voice_panels` template tags, and their form posts come here.
"""

from django.db.models import F
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts.ownership import get_owned_or_404
from agents.models import Agent
from agents.tools import TOOL_SPECS
from agents.views import detail_context
from calendars.selectors import agent_free_slots
from core.web import is_htmx, user_page

from .forms import ToolTryForm
from .models import Call
from .tools import tool_run

FREE_SLOT_SUGGESTIONS = 12
RECENT_CALLS = 5


def _free_slot_choices(agent):
    """The next free times, to pick a `start` from in the try panel (none when unreadable)."""
    availability = agent_free_slots(user=agent.user, agent=agent)
    return [slot.start.isoformat() for slot in availability.slots[:FREE_SLOT_SUGGESTIONS]]


def tool_form(agent, data=None, tool_name=None):
    selected = (data or {}).get("tool") or tool_name
    slots = _free_slot_choices(agent) if selected == "book_appointment" else ()
    return ToolTryForm(data, tools=TOOL_SPECS, tool_name=tool_name, slot_choices=slots)


def recent_calls(agent):
    return (
        Call.objects.for_user(agent.user)
        .filter(agent=agent)
        .order_by(F("started_at").desc(nulls_last=True), "-id")[:RECENT_CALLS]
    )


def _owned_agent(request, pk):
    return get_owned_or_404(Agent.objects.select_related("booking_calendar", "user"), request.user, pk=pk)


@user_page
def agent_tool_fields(request, pk):
    """The argument fields of the tool chosen in the try panel (htmx swaps them in)."""
    agent = _owned_agent(request, pk)
    form = tool_form(agent, tool_name=request.GET.get("tool"))
    return render(request, "voice/_tool_fields.html", {"agent": agent, "tool_form": form})


@require_POST
@user_page
def agent_tool_try(request, pk):
    """Run a voice tool for this agent and show what the caller would hear."""
    agent = _owned_agent(request, pk)
    form = tool_form(agent, data=request.POST)
    outcome = None
    if form.is_valid():
        outcome = tool_run(agent=agent, name=form.cleaned_data["tool"], arguments=form.arguments())
    context = {"agent": agent, "tool_form": form, "outcome": outcome}
    if is_htmx(request):
        return render(request, "voice/_tool_panel.html", context)
    return render(request, "agents/detail.html", {**detail_context(request, agent), **context})
