"""Template filters for an agent's tools in words (see `agents.tool_words`).

`{% load tool_words %}`, then `{{ invocation.name|tool_label }}` and
`{{ invocation.arguments|tool_arguments:invocation.name }}`.
"""

from django import template

from agents import tool_words

register = template.Library()

register.filter("tool_label", tool_words.tool_label)
register.filter("tool_answer", tool_words.tool_answer_words)


@register.filter
def tool_arguments(arguments, tool_name):
    """ "Bedrooms: 2 or more · Budget: up to $1,800"."""
    return tool_words.tool_arguments_words(tool_name, arguments)


@register.filter
def tool_argument_items(arguments, tool_name):
    """[(label, value)] for a list of the arguments."""
    return tool_words.tool_argument_items(tool_name, arguments)


@register.filter
def tool_error(text, tool_name):
    return tool_words.tool_error_words(tool_name, text)
