"""The agent form: a ModelForm, so the model's rules judge it as they judge the API.

The page shows working hours as a week of time inputs, the voice as two text fields and the
AI model as a short list; `clean()` assembles them into the model's `working_hours`, `voice`
and `model` before the model's `full_clean()` runs.
"""

import copy

from django import forms

from calendars.models import CalendarConnection
from core.forms import PlainErrorsMixin, TimezoneField, plain_messages

from .models import WEEKDAYS, Agent, default_working_hours
from .reminders import reminder_choices
from .validators import DAY_NAMES

TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})


class AssembledInput(forms.HiddenInput):
    """For a value `clean()` assembles from other fields: never "left out of the form", so a
    cleared voice or model ({}) is saved rather than skipped for the field's default."""

    def value_omitted_from_data(self, data, files, name):
        return False


# A few common models VAPI runs ("provider/model"); "" is LeaseLine's default (assistant.py).
AI_MODELS = [
    ("", "LeaseLine's default (OpenAI GPT-4o)"),
    ("openai/gpt-4o-mini", "OpenAI GPT-4o mini: faster and cheaper"),
    ("openai/gpt-4.1", "OpenAI GPT-4.1"),
    ("anthropic/claude-sonnet-4-5-20250929", "Anthropic Claude Sonnet 4.5"),
    ("anthropic/claude-haiku-4-5-20251001", "Anthropic Claude Haiku 4.5: faster"),
]


class ReminderField(forms.MultipleChoiceField):
    """The ticked reminders as minutes. Whether they may be stored (how many, which range) is
    the model's rule alone (`normalize_reminder_minutes`), so this field only reads numbers:
    a value that is no whole number is passed on as written, for the model to refuse."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        return [int(item) if str(item).isascii() and str(item).isdigit() else item for item in super().to_python(value)]

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


HOURS_PARTS = {"start": "from", "end": "to", "start2": "then from", "end2": "then to"}


class AgentForm(PlainErrorsMixin, forms.ModelForm):
    error_words = {"agent_name": {"required": "Give the agent a name."}}
    error_anchors = {
        "working_hours": "working-hours",
        "voice": "id_voice_provider",
        "model": "id_ai_model",
        "reminder_minutes": "reminders",
    }
    # The page's order, which the error summary follows.
    field_order = [
        "agent_name",
        "is_active",
        "first_message",
        "instructions",
        "voice_provider",
        "voice_id",
        "ai_model",
        "timezone",
        "booking_calendar",
        "slot_minutes",
        "buffer_minutes",
        "min_notice_minutes",
        "booking_horizon_days",
        "reminder_minutes",
        "vapi_assistant_id",
    ]

    voice_provider = forms.CharField(
        required=False,
        max_length=50,
        label="Voice provider",
        help_text="For example 11labs or vapi; blank uses VAPI's default voice.",
    )
    voice_id = forms.CharField(
        required=False,
        max_length=200,
        label="Voice (ID from your voice provider)",
        help_text="Copy it from the voice's page at your voice provider, such as ElevenLabs' voice library.",
    )
    ai_model = forms.ChoiceField(
        required=False,
        label="AI model",
        help_text="The AI that understands callers and answers them. The default suits most agents.",
    )
    timezone = TimezoneField(help_text="Viewings are offered and booked in this zone.")
    booking_calendar = forms.ModelChoiceField(
        queryset=CalendarConnection.objects.none(),
        required=False,
        empty_label="LeaseLine's built-in calendar",
        help_text="Where viewings are written. Every connected calendar still counts as busy time.",
    )
    reminder_minutes = ReminderField(
        required=False,
        label="Reminders to the renter",
        help_text="Sent before each booked viewing by email or text. Tick up to five, or none for no reminders.",
    )
    # Filled by clean() from the week editor and the voice fields; the week's own errors
    # (overlapping ranges) are shown beside the editor.
    working_hours = forms.Field(required=False, widget=forms.HiddenInput)
    voice = forms.Field(required=False, widget=AssembledInput)
    model = forms.Field(required=False, widget=AssembledInput)

    class Meta:
        model = Agent
        fields = [
            "agent_name",
            "is_active",
            "first_message",
            "instructions",
            "timezone",
            "slot_minutes",
            "buffer_minutes",
            "min_notice_minutes",
            "booking_horizon_days",
            "booking_calendar",
            "reminder_minutes",
            "vapi_assistant_id",
            "voice",
            "model",
            "working_hours",
        ]
        labels = {
            "agent_name": "Name",
            "is_active": "Active (answers calls)",
            "slot_minutes": "Viewing length (minutes)",
            "buffer_minutes": "Buffer between viewings (minutes)",
            "min_notice_minutes": "Minimum notice (minutes)",
            "booking_horizon_days": "Books up to (days ahead)",
            "vapi_assistant_id": "Link an assistant you already have in VAPI (its ID)",
        }
        help_texts = {
            "agent_name": "Renters hear this name; VAPI shows it too.",
            "first_message": "What the agent says when it picks up.",
            "instructions": "How it should talk about your rentals: tone, rules, what to ask.",
            "vapi_assistant_id": (
                "Find it in the VAPI dashboard under Assistants: open the assistant and copy its ID. "
                "Leave blank and LeaseLine creates an assistant for you when VAPI is connected."
            ),
        }
        widgets = {
            "first_message": forms.Textarea(attrs={"rows": 2}),
            "instructions": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user, instance=None, **kwargs):
        # The form works on a copy: the agents service compares the saved agent with the change.
        super().__init__(*args, instance=copy.copy(instance) if instance is not None else None, **kwargs)
        self.fields["booking_calendar"].queryset = CalendarConnection.objects.for_user(user)
        voice = self.instance.voice or {}
        self.initial.setdefault("voice_provider", voice.get("provider", ""))
        self.initial.setdefault("voice_id", voice.get("voice_id", ""))
        self._add_model_choices(self.instance.model or {})
        # A value set through the API (say 45 minutes) is offered too, ticked, so it stays.
        self.fields["reminder_minutes"].choices = reminder_choices(self.instance.reminder_minutes)
        self.initial.setdefault("reminder_minutes", self.instance.reminder_minutes)  # a new agent's default
        if instance is None:
            self.fields["timezone"].initial = user.timezone or "UTC"
            self.initial.pop("timezone", None)
            self._add_hours_fields(default_working_hours())
        else:
            self._add_hours_fields(instance.working_hours or {})

    def _add_model_choices(self, model):
        """The common models, and the agent's own when it was set elsewhere (the API)."""
        choices = list(AI_MODELS)
        current = f"{model['provider']}/{model['model']}" if model.get("provider") and model.get("model") else ""
        if current and current not in dict(choices):
            choices.append((current, f"{model['model']} ({model['provider']}), as set before"))
        self.fields["ai_model"].choices = choices
        self.initial.setdefault("ai_model", current)

    def _model(self, choice):
        """The chosen model; a temperature the agent had (set through the API) is kept."""
        if not choice:
            return {}
        provider, name = choice.split("/", 1)
        model = {"provider": provider, "model": name}
        temperature = (self.instance.model or {}).get("temperature")
        if temperature is not None:
            model["temperature"] = temperature
        return model

    def agent_fields(self):
        """The checked values, for the agents service to save."""
        return {name: getattr(self.instance, name) for name in self.Meta.fields}

    def _add_hours_fields(self, hours):
        """For each day: open or closed, a first range and an optional second (a lunch break)."""
        for day in WEEKDAYS:
            ranges = (hours.get(day) or [])[:2]
            first = ranges[0] if ranges else ["09:00", "17:00"]
            second = ranges[1] if len(ranges) > 1 else ["", ""]
            self.fields[f"{day}_open"] = forms.BooleanField(required=False, initial=bool(ranges), label=DAY_NAMES[day])
            for suffix, value in (("start", first[0]), ("end", first[1]), ("start2", second[0]), ("end2", second[1])):
                label = f"{DAY_NAMES[day]} {HOURS_PARTS[suffix]}"
                field = forms.TimeField(required=False, widget=TIME_WIDGET, initial=value or None, label=label)
                plain_messages(field, label, {"invalid": f"{label}: enter a time such as 09:30."})
                self.fields[f"{day}_{suffix}"] = field

    def hours_rows(self):
        """The working-hours editor, one row per weekday, for the template."""
        return [
            {
                "name": DAY_NAMES[day],
                "open": self[f"{day}_open"],
                "start": self[f"{day}_start"],
                "end": self[f"{day}_end"],
                "start2": self[f"{day}_start2"],
                "end2": self[f"{day}_end2"],
            }
            for day in WEEKDAYS
        ]

    def _working_hours(self, data):
        hours = {}
        for day in WEEKDAYS:
            ranges = []
            if data.get(f"{day}_open"):
                for start_key, end_key in ((f"{day}_start", f"{day}_end"), (f"{day}_start2", f"{day}_end2")):
                    start, end = data.get(start_key), data.get(end_key)
                    if start and end:
                        ranges.append([start.strftime("%H:%M"), end.strftime("%H:%M")])
                    elif (start or end) and not (start_key in self.errors or end_key in self.errors):
                        self.add_error(
                            end_key if start else start_key, f"{DAY_NAMES[day]}: give both a start and an end time."
                        )
                if not ranges and not any(key in self.errors for key in (f"{day}_start", f"{day}_end")):
                    self.add_error(f"{day}_start", f"{DAY_NAMES[day]} is open: give its hours, or untick it.")
            hours[day] = ranges
        return hours

    def clean(self):
        data = super().clean()
        provider, voice_id = data.get("voice_provider", "").strip(), data.get("voice_id", "").strip()
        data["voice"] = {"provider": provider, "voice_id": voice_id} if provider or voice_id else {}
        data["model"] = self._model(data.get("ai_model") or "")
        data["working_hours"] = self._working_hours(data)
        return data

    def _update_errors(self, errors):
        # The model's verdicts on the voice and the week belong beside the field or day they
        # are about (the validators name it in `params`).
        if hasattr(errors, "error_dict"):
            for error in errors.error_dict.pop("voice", []):
                part = (error.params or {}).get("part")
                moved = forms.ValidationError(error.message, code="voice", params=error.params)
                errors.error_dict.setdefault("voice_id" if part == "voice_id" else "voice_provider", []).append(moved)
            for error in errors.error_dict.pop("model", []):
                errors.error_dict.setdefault("ai_model", []).append(forms.ValidationError(error.message, code="model"))
            kept = []
            for error in errors.error_dict.pop("working_hours", []):
                day = (error.params or {}).get("day")
                if day in WEEKDAYS:
                    # Its own code, so the time field's "invalid" wording does not replace it.
                    moved = forms.ValidationError(error.message, code="hours", params=error.params)
                    errors.error_dict.setdefault(f"{day}_start", []).append(moved)
                else:
                    kept.append(error)
            if kept:
                errors.error_dict["working_hours"] = kept
        super()._update_errors(errors)


class VapiKeyForm(PlainErrorsMixin, forms.Form):
    error_words = {"api_key": {"required": "Paste your VAPI private key."}}

    api_key = forms.CharField(
        max_length=200,
        label="VAPI private key",
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="From the VAPI dashboard (API Keys, private). It is checked with VAPI, kept encrypted and "
        "never shown again.",
    )
