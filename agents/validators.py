"""An agent's rules, on the model: every way in (API, page, admin, demo) is judged by these.

Each `normalize_*` takes what a person or client sent and returns the value to store, or
raises ValidationError with a reason they can act on.
"""

import re

from django.core.exceptions import ValidationError

from core import values
from core.words import minutes_words

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = dict(
    zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)
# VAPI assistant ids are UUIDs; the id goes into a URL path, so only safe characters pass.
ASSISTANT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
VOICE_PROVIDER = re.compile(r"^[a-z0-9][a-z0-9._-]{0,49}$")
RANGE_SHAPE = '{day}: each range is ["HH:MM", "HH:MM"], for example ["09:00", "17:00"].'


def normalize_phone_number(value):
    """+15550101234 from "+1 (555) 010-1234", read by phonenumbers; blank stays blank.

    The agent's own (VAPI) number: written with its country code, of a possible length.
    """
    if not (value or "").strip():
        return ""
    try:
        return values.phone_e164(value, region=None, possible=True)
    except ValueError:
        raise ValidationError(
            "Give the number with its country code, for example +1 555 010 1234.", code="invalid"
        ) from None


def normalize_assistant_id(value):
    value = (value or "").strip()
    if value and not ASSISTANT_ID.match(value):
        raise ValidationError(
            "This isn't a VAPI assistant ID; copy it from Assistants in the VAPI dashboard.", code="invalid"
        )
    return value


def normalize_voice(value):
    """`{"provider": "11labs", "voice_id": "burt"}`, or `{}` for LeaseLine's default voice."""
    if value in (None, {}):
        return {}
    if not isinstance(value, dict) or set(value) - {"provider", "voice_id"}:
        raise ValidationError('Use {"provider": "...", "voice_id": "..."} or {}.', code="invalid")
    provider, voice_id = value.get("provider"), value.get("voice_id")
    if not isinstance(provider, str) or not VOICE_PROVIDER.match(provider):
        raise ValidationError(
            "The voice provider is a name such as 11labs or vapi.", code="invalid", params={"part": "provider"}
        )
    if not isinstance(voice_id, str) or not voice_id.strip() or len(voice_id) > 200:
        raise ValidationError(
            "Give the voice id your voice provider uses (at most 200 characters).",
            code="invalid",
            params={"part": "voice_id"},
        )
    return {"provider": provider, "voice_id": voice_id.strip()}


# The `model.provider` values of VAPI's CreateAssistantDTO that need nothing beyond a model
# name (custom-llm needs a URL of its own, anthropic-bedrock AWS credentials: not offered).
MODEL_PROVIDERS = (
    "openai",
    "azure-openai",
    "anthropic",
    "google",
    "groq",
    "cerebras",
    "deep-seek",
    "xai",
    "together-ai",
    "openrouter",
    "perplexity-ai",
    "deepinfra",
    "anyscale",
    "inflection-ai",
)
MODEL_NAME_MAX_CHARS = 100
MODEL_TEMPERATURE_RANGE = (0, 2)


def _model_problem(value):
    """What is wrong with a `{"provider", "model", "temperature"?}` object, as (message, part)."""
    if not isinstance(value, dict) or set(value) - {"provider", "model", "temperature"}:
        return 'Use {"provider": "...", "model": "...", "temperature": 0.3} or {}.', None
    if value.get("provider") not in MODEL_PROVIDERS:
        return f"The AI provider is one VAPI offers: {', '.join(MODEL_PROVIDERS)}.", "provider"
    name = value.get("model")
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > MODEL_NAME_MAX_CHARS:
        return f"Give the AI model's name, for example gpt-4o (at most {MODEL_NAME_MAX_CHARS} characters).", "model"
    temperature = value.get("temperature")
    low, high = MODEL_TEMPERATURE_RANGE
    if temperature is not None and (
        isinstance(temperature, bool) or not isinstance(temperature, (int, float)) or not low <= temperature <= high
    ):
        return f"The temperature is a number from {low} to {high}.", "temperature"
    return None, None


def normalize_model(value):
    """`{"provider": "openai", "model": "gpt-4o-mini", "temperature": 0.5}` (temperature
    optional), or `{}` for LeaseLine's default model."""
    if value in (None, {}):
        return {}
    message, part = _model_problem(value)
    if message:
        raise ValidationError(message, code="invalid", params={"part": part})
    model = {"provider": value["provider"], "model": value["model"].strip()}
    if value.get("temperature") is not None:
        model["temperature"] = value["temperature"]
    return model


def _day_ranges(day, ranges):
    if not isinstance(ranges, list):
        raise ValidationError(f"{day}: use a list of [start, end] pairs.", code="invalid")
    pairs = []
    for item in ranges:
        if (
            not isinstance(item, (list, tuple))
            or len(item) != 2
            or not all(isinstance(clock, str) and CLOCK.match(clock) for clock in item)
        ):
            raise ValidationError(RANGE_SHAPE.format(day=day), code="invalid")
        if item[0] >= item[1] or item[0] == "24:00":
            raise ValidationError(
                f"{DAY_NAMES[day]}: {item[0]}–{item[1]} must end after it starts.", code="invalid", params={"day": day}
            )
        pairs.append([item[0], item[1]])
    pairs.sort()
    for earlier, later in zip(pairs, pairs[1:], strict=False):
        if later[0] < earlier[1]:
            raise ValidationError(
                f"{DAY_NAMES[day]}: {earlier[0]}–{earlier[1]} and {later[0]}–{later[1]} overlap.",
                code="invalid",
                params={"day": day},
            )
    return pairs


def normalize_working_hours(value):
    """`{"mon": [["09:00", "12:00"], ["13:00", "17:00"]], ...}`: known days, HH:MM ranges that
    end after they start and do not overlap. Missing days are closed; the result lists all seven."""
    if not isinstance(value, dict):
        raise ValidationError('Use an object such as {"mon": [["09:00", "17:00"]]}.', code="invalid")
    unknown = sorted(set(map(str, value)) - set(WEEKDAYS))
    if unknown:
        raise ValidationError(f"Unknown day {unknown[0]!r}; days are {', '.join(WEEKDAYS)}.", code="invalid")
    return {day: _day_ranges(day, value.get(day) or []) for day in WEEKDAYS}


REMINDERS_MAX = 5
REMINDER_MINUTES_RANGE = (5, 60 * 24 * 7)


def default_reminder_minutes():
    return [1440, 120]


def normalize_reminder_minutes(value):
    """Minutes before a viewing at which the renter is reminded: at most five whole numbers,
    each 5..10080 (a week), stored largest first without repeats. `[]`: no reminders."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise ValidationError("Use a list of minutes, for example [1440, 120].", code="invalid")
    low, high = REMINDER_MINUTES_RANGE
    minutes = set()
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int) or not low <= item <= high:
            raise ValidationError(
                f"Each reminder is from {minutes_words(low)} to {minutes_words(high)} before the viewing "
                f"(a whole number of minutes from {low} to {high}).",
                code="invalid",
            )
        minutes.add(item)
    if len(value) > REMINDERS_MAX:
        raise ValidationError(f"An agent sends at most {REMINDERS_MAX} reminders; choose fewer.", code="invalid")
    return sorted(minutes, reverse=True)


NORMALIZERS = {
    "model": normalize_model,
    "reminder_minutes": normalize_reminder_minutes,
    "vapi_assistant_id": normalize_assistant_id,
    "voice": normalize_voice,
    "working_hours": normalize_working_hours,
}
