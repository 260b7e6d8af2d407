"""The agent page's voice panels: try a tool as a caller would, and the agent's recent calls.

The agent page itself belongs to `agents`; these panels are voice's, shown on it through the
`voice_panels` template tags, and their form posts come here.
"""

from django.db.models import F
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts.ownership import get_owned_or_404
from agents.models import Agent
from agents.views import detail_context
from calendars.models import Appointment
from core.web import is_htmx, user_page

from .forms import ToolTryForm
from .models import Call
from .tool_answers import answer_read
from .tools import tool_run

RECENT_CALLS = 5
# Tools that change the agent's viewings, and the event their answer sends the page (htmx's
# HX-Trigger): the agent page's "Upcoming viewings" card reloads itself on it.
BOOKING_TOOLS = ("book_appointment", "cancel_appointment")
VIEWINGS_CHANGED = "viewings-changed"


def tool_form(agent, data=None, tool_name=None, initial=None):
    return ToolTryForm(data, agent=agent, tool_name=tool_name, initial=initial)


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
    """The fields of the tool chosen in the try panel (htmx swaps them in); with `panel`, the
    whole panel, so a free time the agent offered opens "Book a viewing" with it chosen."""
    agent = _owned_agent(request, pk)
    start = request.GET.get("start", "")[:64]
    form = tool_form(agent, tool_name=request.GET.get("tool"), initial={"arg_start": start} if start else None)
    template = "voice/_tool_panel.html" if request.GET.get("panel") else "voice/_tool_fields.html"
    return render(request, template, {"agent": agent, "tool_form": form})


@require_POST
@user_page
def agent_tool_try(request, pk):
    """Run one of the agent's tools as a caller would ask, and show what the agent says.

    A booking made here is real but tagged test: no call happened.
    """
    agent = _owned_agent(request, pk)
    form = tool_form(agent, data=request.POST)
    answer = None
    if form.is_valid():
        name, arguments = form.try_tool.name, form.arguments()
        outcome = tool_run(agent=agent, name=name, arguments=arguments, source=Appointment.Source.TEST)
        answer = answer_read(agent=agent, tool_name=name, outcome=outcome, arguments=arguments)
        if name == "book_appointment" and answer.appointment is not None:
            # A fresh form on the same day: the time just booked is no longer offered.
            form = tool_form(agent, tool_name=name, initial={"arg_start_day": form.slot_day()})
    context = {"agent": agent, "tool_form": form, "answer": answer}
    if is_htmx(request):
        response = render(request, "voice/_tool_panel.html", context)
        if answer is not None and answer.appointment is not None and form.try_tool.name in BOOKING_TOOLS:
            response["HX-Trigger"] = VIEWINGS_CHANGED
        return response
    return render(request, "agents/detail.html", {**detail_context(request, agent), **context})
