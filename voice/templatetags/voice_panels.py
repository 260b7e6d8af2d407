"""The voice panels of the agent page (see `voice.console`)."""

from django import template

from voice import console

register = template.Library()


@register.inclusion_tag("voice/_tool_panel.html", takes_context=True)
def agent_tool_panel(context, agent):
    """What the caller asks and what the agent says; after a post without htmx, the submitted
    form and its answer."""
    return {
        "agent": agent,
        "tool_form": context.get("tool_form") or console.tool_form(agent),
        "answer": context.get("answer"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("voice/_agent_calls.html")
def agent_recent_calls(agent):
    return {"agent": agent, "recent_calls": console.recent_calls(agent)}
