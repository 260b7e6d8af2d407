"""An agent's reminders to the renter in a manager's words: the offsets the agent form
offers, and how a list of them reads ("1 day and 2 hours before").

The rule for what may be stored (how many, which range) is the model's, in
agents/validators.py `normalize_reminder_minutes`; this module only names the values.
"""

from core.words import minutes_words

# The offsets the agent form offers, largest first: 1 week, 2 days, 1 day, 3 hours, 2 hours,
# 1 hour, 30 minutes, 15 minutes (in minutes).
COMMON_REMINDER_MINUTES = (10080, 2880, 1440, 180, 120, 60, 30, 15)


def reminder_label(minutes):
    """One reminder: 1440 → "1 day before", 45 → "45 minutes before"."""
    return f"{minutes_words(minutes)} before"


def reminder_choices(current=()):
    """The form's choices: the common offsets and any other value the agent has (set through
    the API), each once, largest first."""
    values = set(COMMON_REMINDER_MINUTES)
    values.update(value for value in current or () if isinstance(value, int) and not isinstance(value, bool))
    return [(value, reminder_label(value)) for value in sorted(values, reverse=True)]


def reminders_words(minutes_list):
    """All of an agent's reminders on one line: [1440, 120] → "1 day and 2 hours before",
    [10080, 1440, 60] → "1 week, 1 day and 1 hour before", [] → "none"."""
    values = sorted(
        (value for value in minutes_list or () if isinstance(value, int) and not isinstance(value, bool)),
        reverse=True,
    )
    if not values:
        return "none"
    names = [minutes_words(value) for value in values]
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{joined} before"
