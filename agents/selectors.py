"""Reads about agents that other pages reuse: why an agent can never be booked.

The rule lives here once; the agents pages and the dashboard both ask it.
"""

from .models import Agent
from .validators import WEEKDAYS


def _minutes(clock):
    hours, minutes = str(clock).split(":")[:2]
    return int(hours) * 60 + int(minutes)


def _longest_window_minutes(agent):
    longest = 0
    for day in WEEKDAYS:
        for window in (agent.working_hours or {}).get(day) or []:
            try:
                start, end = window
                longest = max(longest, _minutes(end) - _minutes(start))
            except (TypeError, ValueError):
                continue
    return longest


def agent_booking_problems(agent):
    """Sentences saying why `agent` can never offer a viewing time; empty when it can.

    Checked from the agent's own settings only (no calendar reads): every day closed, a
    slot longer than every opening window, or a notice that reaches past the horizon.
    """
    if not any((agent.working_hours or {}).get(day) for day in WEEKDAYS):
        return ["every day is closed. Set working hours."]
    problems = []
    if agent.slot_minutes > _longest_window_minutes(agent):
        problems.append(
            f"a viewing lasts {agent.slot_minutes} minutes, longer than any opening window. "
            "Shorten the viewing length or widen the working hours."
        )
    if agent.min_notice_minutes >= agent.booking_horizon_days * 24 * 60:
        problems.append(
            "the notice it needs reaches past how far ahead it books. Lower the notice or book further ahead."
        )
    return problems


def unbookable_agents(*, user):
    """[(agent, problems)] for the user's active agents that can never be booked, in one query."""
    agents = Agent.objects.for_user(user).filter(is_active=True).order_by("agent_name", "id")
    return [(agent, problems) for agent in agents if (problems := agent_booking_problems(agent))]
