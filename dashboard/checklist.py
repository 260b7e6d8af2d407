"""The dashboard's first-run checklist: five steps that tick themselves off from the data.

No step is stored: each is read from what the manager has made, so deleting the thing
un-ticks the step. The rules:

- working hours: an agent with at least one open day;
- calendar: a connected calendar, or a viewing already booked into LeaseLine's built-in
  calendar (booking one is how a manager who wants no outside calendar says so);
- rentals: a scrape of one of their sources succeeded and found rentals;
- agent synced: an agent whose assistant is synced to VAPI (without VAPI the step says how
  to connect it);
- test call: a call was recorded, or a viewing was booked through an agent's tools (the
  agent page's try panel does that without VAPI).
"""

from dataclasses import dataclass

from django.urls import reverse

from agents.models import Agent
from agents.selectors import agent_booking_problems
from agents.vapi_accounts import vapi_is_configured_for
from calendars.models import Appointment
from rentals.models import RentalSource, ScrapeRun


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    done: bool
    hint: str
    url: str
    action: str


def _agent_url(agents, fallback_name):
    return reverse("agents:detail", args=[agents[0].pk]) if agents else reverse(fallback_name)


def first_run(*, user, stats):
    """{"steps", "done", "total", "complete", "unbookable", "unscraped_source"} for `user`.

    `stats` is `selectors.dashboard_stats(user=...)`, whose counts spare a query or two.
    """
    agents = list(Agent.objects.for_user(user).order_by("agent_name", "id"))
    with_hours = [agent for agent in agents if any((agent.working_hours or {}).values())]
    synced = any(agent.sync_status == Agent.SyncStatus.SYNCED for agent in agents)
    unbookable = [
        (agent, problems) for agent in agents if agent.is_active and (problems := agent_booking_problems(agent))
    ]
    calendar_done = bool(stats["calendar"]["connections"]) or (
        Appointment.objects.for_user(user).filter(connection__isnull=True).exists()
    )
    scraped = ScrapeRun.objects.for_user(user).filter(status=ScrapeRun.Status.SUCCEEDED, listings_found__gt=0).exists()
    # A source never scraped (no run at all) while there are no rentals: the dashboard offers
    # to scrape it rather than show "0 of 0".
    unscraped_source = None
    if not stats["rentals"]["total"] and stats["rentals"]["sources"]:
        unscraped_source = RentalSource.objects.for_user(user).filter(runs__isnull=True).order_by("id").first()
    called = bool(stats["calls"]["total"]) or (
        # A booking from a call, or from the agent page's try panel (tagged test).
        Appointment.objects.for_user(user)
        .filter(source__in=(Appointment.Source.VOICE, Appointment.Source.TEST))
        .exists()
    )
    vapi_ready = synced or vapi_is_configured_for(user)

    steps = [
        Step(
            "hours",
            "Set working hours",
            bool(with_hours),
            "Create an agent and choose the days and hours it may book viewings.",
            reverse("agents:edit", args=[agents[0].pk]) if agents else reverse("agents:new"),
            "Set hours" if agents else "Create an agent",
        ),
        Step(
            "calendar",
            "Connect a calendar, or use the built-in one",
            calendar_done,
            "Connect Google or Outlook so agents avoid your busy times, or book a viewing into "
            "LeaseLine's built-in calendar to use that one.",
            reverse("calendars:home"),
            "Open the calendar",
        ),
        Step(
            "source",
            "Add a rentals source and scrape it",
            scraped,
            "Add the website that lists your rentals, then scrape it so agents can answer about them.",
            reverse("rentals:source-detail", args=[unscraped_source.pk])
            if unscraped_source
            else reverse("rentals:source-list")
            if stats["rentals"]["sources"]
            else reverse("rentals:source-new"),
            "Scrape it" if stats["rentals"]["sources"] else "Add a source",
        ),
        Step(
            "sync",
            "Sync an agent to VAPI",
            synced,
            "Sync an agent from its page so it can answer the phone."
            if vapi_ready
            else "VAPI is not set up yet: connect your VAPI account on the account page, then sync an agent.",
            _agent_url(agents, "agents:new") if vapi_ready else reverse("account"),
            "Sync an agent" if vapi_ready else "Connect VAPI",
        ),
        Step(
            "call",
            "Make a test call",
            called,
            "Call your agent, or book a viewing from its “Try your agent” panel to hear what callers get.",
            _agent_url(agents, "agents:new") + ("#try-tool" if agents else ""),
            "Try your agent",
        ),
    ]
    done = sum(step.done for step in steps)
    return {
        "steps": steps,
        "done": done,
        "total": len(steps),
        "complete": done == len(steps),
        "unbookable": unbookable,
        "unscraped_source": unscraped_source,
    }
