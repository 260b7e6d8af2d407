from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.db.models import Model
from django.utils import timezone

from agents.models import Agent
from calendars.selectors import appointment_list
from calendars.slots import parse_day
from core import values
from core.forms import DateRangeFilterMixin, PlainErrorsMixin, plain_messages
from rentals.models import Rental

from .try_tools import TRY_TOOLS, local, time_words


class CallFilterForm(PlainErrorsMixin, DateRangeFilterMixin, forms.Form):
    """The filters of the calls page; every choice is one of the user's own agents."""

    agent = forms.ModelChoiceField(queryset=Agent.objects.none(), required=False, empty_label="All agents")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    number = forms.CharField(required=False, label="Caller number", max_length=32)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = Agent.objects.for_user(user).order_by("agent_name")


# The try panel: one of the agent's tools, asked for in plain words (see voice.try_tools).

VIEWINGS_OFFERED = 50
BOOKABLE_DAYS_MAX = 366


class RentalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        place = ", ".join(part for part in (obj.address, obj.city) if part and part not in (obj.title or ""))
        return f"{obj.title} — {place}" if obj.title and place else str(obj)


def _viewing_choices(agent):
    upcoming = appointment_list(user=agent.user, status="booked", start=timezone.now()).order_by("start")
    choices = [
        (item.start.isoformat(), f"{time_words(item.start, agent.timezone)} — {item.attendee_name}")
        for item in upcoming[:VIEWINGS_OFFERED]
    ]
    return [("", "The only one booked for that number")] + choices


def _field(ask, param, agent):
    """The form field that asks for `param` the way `ask` says."""
    kind = ask.kind
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    if kind == "count":
        return forms.IntegerField(min_value=param.minimum, max_value=param.maximum)
    if kind == "money":
        return forms.DecimalField(
            min_value=0, max_digits=10, decimal_places=2, widget=forms.NumberInput({"step": "any"})
        )
    if kind == "pets":
        return forms.BooleanField()
    if kind == "rental":
        rentals = Rental.objects.for_user(agent.user).order_by("title", "address", "id")
        return RentalChoiceField(
            queryset=rentals, empty_label="Pick a rental" if param.required else "None in particular"
        )
    if kind == "email":
        return forms.EmailField(max_length=param.max_length)
    if kind == "slot":
        return forms.CharField()  # shown as the slot picker (voice/_tool_fields.html)
    if kind == "viewing":
        return forms.CharField(widget=forms.Select(choices=_viewing_choices(agent)))
    widget = forms.Textarea({"rows": 2}) if kind == "notes" else None
    if kind == "phone":
        widget = forms.TextInput({"type": "tel", "autocomplete": "off"})
    return forms.CharField(max_length=param.max_length, widget=widget)


def _json_value(value):
    """A cleaned value as the assistant would write it in its JSON arguments."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value.strip() if isinstance(value, str) else value


# The words for a field kind's own mistakes, beside plain_messages' (which name the field).
KIND_WORDS = {"slot": {"required": "Pick one of the free times."}}


class ToolTryForm(PlainErrorsMixin, forms.Form):
    """What the caller asks: one tool and its arguments, as plain fields.

    A field is required exactly when the tool's declaration requires the argument. The values
    are handed to the tool as the assistant writes them (`arguments`), so the answer shown is
    the one a caller would get.
    """

    tool = forms.ChoiceField(label="Request")

    def __init__(self, *args, agent, tool_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agent = agent
        self.fields["tool"].choices = [(name, tool.title) for name, tool in TRY_TOOLS.items()]
        selected = self.data.get("tool") or tool_name
        self.try_tool = TRY_TOOLS.get(selected) or next(iter(TRY_TOOLS.values()))
        self.fields["tool"].initial = self.try_tool.name
        for param in self.try_tool.spec.params:
            ask = self.try_tool.asks[param.name]
            field = _field(ask, param, agent)
            field.label = ask.label
            field.help_text = ask.help.format(agent=agent)
            field.required = param.required
            field.kind = ask.kind
            plain_messages(field, param.name, KIND_WORDS.get(ask.kind))
            self.fields[f"arg_{param.name}"] = field

    def argument_fields(self):
        return [self[name] for name in self.fields if name.startswith("arg_")]

    def slot_day(self):
        """The day the slot picker opens on: the one it showed last, or the chosen time's."""
        chosen = parse_day(self.data.get("arg_start_day") or self.initial.get("arg_start_day"))
        if chosen is None and self["arg_start"].value():
            try:
                moment = values.parse_instant(self["arg_start"].value(), tz=self.agent.timezone)
            except (ValueError, OverflowError):
                return None
            chosen = local(moment, self.agent.timezone).date()
        # Only days a booking could be on (a day at the ends of the calendar cannot be read).
        today = local(timezone.now(), self.agent.timezone).date()
        if chosen is None or not today - timedelta(days=1) <= chosen <= today + timedelta(days=BOOKABLE_DAYS_MAX):
            return None
        return chosen

    def clean_arg_attendee_phone(self):
        phone = self.cleaned_data["arg_attendee_phone"].strip()
        if phone:
            try:
                values.phone_e164(phone, region=values.phone_region(self.agent.phone_number))
            except ValueError:
                raise forms.ValidationError("Enter a phone number, such as (512) 555-0142.") from None
        return phone

    def clean_arg_start(self):
        start = self.cleaned_data["arg_start"].strip()
        if start:
            try:
                values.parse_instant(start, tz=self.agent.timezone)
            except (ValueError, OverflowError):
                raise forms.ValidationError("Pick one of the times offered.") from None
        return start

    def arguments(self):
        """The arguments the assistant would send: the filled-in fields, by parameter name."""
        arguments = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("arg_") and value not in (None, "", False):
                arguments[name.removeprefix("arg_")] = _json_value(value)
        return arguments
