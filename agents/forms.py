"""The agent form: the API's rules (AgentSerializer) behind friendly HTML fields.

The page shows working hours as a week of time inputs and the booking calendar as a choice
of the user's own connections; `clean()` assembles the API payload and lets the agents
API's serializer judge it, so the page and the API accept exactly the same agents.
"""

import zoneinfo

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from calendars.models import CalendarConnection

from .api.serializers import AgentSerializer
from .models import WEEKDAYS, default_working_hours

DAY_NAMES = dict(
    zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)
TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})


class ZoneSelect(forms.Select):
    """The ~600 IANA time zones as one <select>, its options written in one pass.

    The same HTML as Django's Select, whose option-by-option templates cost about 80 ms on
    every render of the agent form (a refused submit included).
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = next(iter(self.format_value(value)), None)
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((option, " selected" if str(option) == chosen else "", label) for option, label in self.choices),
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attributes, options)

# Fields whose API errors belong to one visible field of the form.
PAYLOAD_FIELDS = (
    "agent_name",
    "is_active",
    "phone_number",
    "first_message",
    "instructions",
    "timezone",
    "slot_minutes",
    "buffer_minutes",
    "min_notice_minutes",
    "booking_horizon_days",
    "booking_calendar",
    "vapi_assistant_id",
)


class AgentForm(forms.Form):
    agent_name = forms.CharField(label="Name", max_length=100, help_text="Renters hear this name; VAPI shows it too.")
    is_active = forms.BooleanField(label="Active (answers calls)", required=False, initial=True)
    phone_number = forms.CharField(
        required=False, max_length=32, help_text="The VAPI phone number that rings this agent, as +15550101234."
    )
    first_message = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the agent says when it picks up.",
    )
    instructions = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="How it should talk about your rentals: tone, rules, what to ask.",
    )
    voice_provider = forms.CharField(
        required=False,
        max_length=50,
        label="Voice provider",
        help_text="For example 11labs or vapi; blank uses VAPI's default voice.",
    )
    voice_id = forms.CharField(required=False, max_length=200, label="Voice id")
    timezone = forms.ChoiceField(
        choices=[(name, name) for name in sorted(zoneinfo.available_timezones())], widget=ZoneSelect
    )
    slot_minutes = forms.IntegerField(label="Viewing length (minutes)", initial=30)
    buffer_minutes = forms.IntegerField(label="Buffer between viewings (minutes)", initial=0)
    min_notice_minutes = forms.IntegerField(label="Minimum notice (minutes)", initial=60)
    booking_horizon_days = forms.IntegerField(label="Books up to (days ahead)", initial=14)
    booking_calendar = forms.ModelChoiceField(
        queryset=CalendarConnection.objects.none(),
        required=False,
        empty_label="LeaseLine's built-in calendar",
        help_text="Where viewings are written. Every connected calendar still counts as busy time.",
    )
    vapi_assistant_id = forms.CharField(
        required=False,
        max_length=64,
        label="Existing VAPI assistant id",
        help_text="Leave blank and LeaseLine creates the assistant when VAPI is configured.",
    )
    # Carries the errors of the week as a whole (overlapping ranges), shown beside the editor.
    working_hours = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, request, instance=None, **kwargs):
        self.instance = instance
        self.request = request
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, **kwargs)
        self.fields["booking_calendar"].queryset = CalendarConnection.objects.for_user(user)
        if instance is None:
            self.fields["timezone"].initial = user.timezone or "UTC"
            self._add_hours_fields(default_working_hours())
        else:
            self._add_hours_fields(instance.working_hours or {})
        self.validated_data = None

    @staticmethod
    def initial_from(agent):
        initial = {name: getattr(agent, name) for name in PAYLOAD_FIELDS}
        initial["booking_calendar"] = agent.booking_calendar_id
        initial["voice_provider"] = (agent.voice or {}).get("provider", "")
        initial["voice_id"] = (agent.voice or {}).get("voice_id", "")
        return initial

    def _add_hours_fields(self, hours):
        """For each day: open or closed, a first range and an optional second (a lunch break)."""
        for day in WEEKDAYS:
            ranges = (hours.get(day) or [])[:2]
            first = ranges[0] if ranges else ["09:00", "17:00"]
            second = ranges[1] if len(ranges) > 1 else ["", ""]
            self.fields[f"{day}_open"] = forms.BooleanField(required=False, initial=bool(ranges), label=DAY_NAMES[day])
            for suffix, value in (("start", first[0]), ("end", first[1]), ("start2", second[0]), ("end2", second[1])):
                self.fields[f"{day}_{suffix}"] = forms.TimeField(
                    required=False,
                    widget=TIME_WIDGET,
                    initial=value or None,
                    label=f"{DAY_NAMES[day]} {suffix.replace('2', ' (second range)')}",
                )

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
                    elif start or end:
                        self.add_error(end_key if start else start_key, "Give both a start and an end time.")
                if not ranges:
                    self.add_error(f"{day}_start", f"{DAY_NAMES[day]} is open: give its hours, or untick it.")
            hours[day] = ranges
        return hours

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        payload = {name: data.get(name) for name in PAYLOAD_FIELDS}
        payload["booking_calendar"] = data["booking_calendar"].pk if data.get("booking_calendar") else None
        provider, voice_id = data.get("voice_provider", "").strip(), data.get("voice_id", "").strip()
        payload["voice"] = {"provider": provider, "voice_id": voice_id} if provider or voice_id else {}
        payload["working_hours"] = self._working_hours(data)
        if self.errors:
            return data
        serializer = AgentSerializer(instance=self.instance, data=payload, context={"request": self.request})
        if serializer.is_valid():
            self.validated_data = serializer.validated_data
        else:
            for name, messages in serializer.errors.items():
                field = {"voice": "voice_provider"}.get(name, name)
                for message in messages if isinstance(messages, list) else [messages]:
                    self.add_error(field if field in self.fields else None, str(message))
        return data
