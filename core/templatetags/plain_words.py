"""Template filters that put stored values in a manager's words (see `core.words`).

`{% load plain_words %}`, then `{{ call.customer_number|phone }}`, `{{ call.ended_reason|ended_reason }}`,
`{{ agent.working_hours|schedule }}`, `{{ call.started_at|when }}`, ...
"""

from django import template

from core import call_words, words

register = template.Library()

register.filter("phone", words.phone_words)
register.filter("duration_words", words.duration_words)
register.filter("minutes_words", words.minutes_words)
register.filter("interval_words", words.interval_words)
register.filter("milliseconds_words", words.milliseconds_words)
register.filter("provider", words.provider_words)
register.filter("when", words.when_words)
register.filter("day_words", words.day_words)
register.filter("timezone_words", words.timezone_words)
register.filter("schedule", words.schedule_words)
register.filter("schedule_lines", words.schedule_lines)
register.filter("ended_reason", call_words.ended_reason_words)
register.filter("call_status", call_words.call_status_words)
