"""`agent_booking_problems`: the one rule for an agent that can never offer a viewing time."""

import pytest

from agents.selectors import agent_booking_problems, unbookable_agents
from agents.tests.factories import AgentFactory

pytestmark = pytest.mark.django_db

CLOSED = {day: [] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def test_an_ordinary_agent_can_be_booked(user):
    assert agent_booking_problems(AgentFactory(user=user)) == []


def test_every_day_closed(user):
    agent = AgentFactory(user=user, working_hours=CLOSED)
    assert agent_booking_problems(agent) == ["every day is closed. Set working hours."]


def test_notice_past_the_horizon(user):
    agent = AgentFactory(user=user, min_notice_minutes=3 * 24 * 60, booking_horizon_days=2)
    (problem,) = agent_booking_problems(agent)
    assert "notice" in problem and "further ahead" in problem


def test_notice_just_inside_the_horizon_is_fine(user):
    agent = AgentFactory(user=user, min_notice_minutes=24 * 60, booking_horizon_days=2)
    assert agent_booking_problems(agent) == []


def test_a_viewing_longer_than_every_window(user):
    hours = {**CLOSED, "mon": [["09:00", "10:00"]]}
    agent = AgentFactory(user=user, working_hours=hours, slot_minutes=90)
    (problem,) = agent_booking_problems(agent)
    assert "90 minutes" in problem


def test_unbookable_agents_lists_only_the_users_active_ones(user, other_user):
    riley = AgentFactory(user=user, agent_name="Riley", working_hours=CLOSED)
    AgentFactory(user=user, agent_name="Paused", working_hours=CLOSED, is_active=False)
    AgentFactory(user=user, agent_name="Fine")
    AgentFactory(user=other_user, working_hours=CLOSED)
    assert [agent for agent, _ in unbookable_agents(user=user)] == [riley]
