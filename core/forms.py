"""Page forms that speak a property manager's words.

Django's own messages ("This field is required.", "Ensure this value is greater than or
equal to 0.", "Select a valid choice. x is not one of the available choices.") name no field
and read like a programmer's. `PlainErrorsMixin` gives every field of a form messages that
say which field and what to do, so the summary at the top of a form reads on its own.

For a ModelForm the model's validators are the rules (and their messages, written on the
model, are the API's too): the form drops its own copies of the model's number bounds so a
bound is judged once, in the model's words.
"""

from datetime import timedelta

from django import forms
from django.core import validators
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from core import timezones
from core.time import local_day_bounds

# Larger limits than this are the database's own, never a rule a person meets.
_SAYABLE_LIMIT = 10**9


def _label(field, name):
    return str(field.label or name.replace("_", " ").capitalize())


def _number(value):
    return f"{value:,}" if isinstance(value, int) else str(value)


def _invalid_message(field, label):
    """What to say when the value cannot be read at all, by the kind of field."""
    if isinstance(field, (forms.DecimalField, forms.FloatField)):  # both are IntegerFields to Django
        return f"{label} must be a number."
    if isinstance(field, forms.IntegerField):
        return f"{label} must be a whole number."
    if isinstance(field, forms.DateTimeField):
        return f"{label} must be a date and time."
    if isinstance(field, forms.DateField):
        return f"{label} must be a date."
    if isinstance(field, forms.TimeField):
        return f"{label} must be a time of day, such as 09:30."
    if isinstance(field, forms.URLField):
        return f"{label} must be a web address starting with http:// or https://."
    if isinstance(field, forms.EmailField):
        return "Enter an email address such as name@example.com."
    return None


def _bound_messages(field, label):
    """Messages for a number field's own bounds (a plain form's; a ModelForm leaves them to the model)."""
    messages = {}
    low, high = getattr(field, "min_value", None), getattr(field, "max_value", None)
    if low is not None:
        messages["min_value"] = (
            f"{label} can't be negative." if low == 0 else f"{label} must be at least {_number(low)}."
        )
    if high is not None:
        messages["max_value"] = (
            f"{label} can't be that large." if high >= _SAYABLE_LIMIT else f"{label} can be at most {_number(high)}."
        )
    return messages


def plain_messages(field, name, overrides=None):
    """Set `field`'s error messages to sentences that name it; `overrides` wins by code."""
    label = _label(field, name)
    messages = {
        "required": f"{label} is required.",
        "null_characters_not_allowed": f"{label} holds a hidden character that can't be saved.",
    }
    invalid = _invalid_message(field, label)
    if invalid:  # an EmailField's "invalid" is its validator's, so it has no message of its own to replace
        messages["invalid"] = invalid
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        messages["invalid_choice"] = f"{label}: choose one of the options listed."
        messages["invalid_pk_value"] = messages["invalid_choice"]
    if getattr(field, "max_length", None) is not None:
        messages["max_length"] = f"{label} can be at most %(limit_value)d characters (this has %(show_value)d)."
    if getattr(field, "min_length", None) is not None:
        messages["min_length"] = f"{label} needs at least %(limit_value)d characters (this has %(show_value)d)."
    if isinstance(field, forms.DecimalField):
        messages["max_digits"] = f"{label} can't be that large."
        messages["max_whole_digits"] = f"{label} can't be that large."
        messages["max_decimal_places"] = f"{label} can have at most %(max)s digits after the decimal point."
    messages.update(_bound_messages(field, label))
    messages.update(overrides or {})
    field.error_messages.update(messages)


def _drop_bounds(field):
    """A ModelForm field's copy of the model's bounds: the model judges them, in its own words."""
    field.validators = [
        validator
        for validator in field.validators
        if not isinstance(validator, (validators.MinValueValidator, validators.MaxValueValidator))
    ]
    field.min_value = field.max_value = None


class PlainErrorsMixin:
    """Every field's messages in plain words (see the module). `error_words` overrides them
    per field and code: {"agent_name": {"required": "Give the agent a name."}}."""

    error_words = {}
    # Where the summary's link for a hidden field's error goes (an element id on the page).
    error_anchors = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_fields = set()
        if isinstance(self, forms.BaseModelForm):
            model_fields = {field.name for field in self._meta.model._meta.get_fields()}
        for name, field in self.fields.items():
            if name in model_fields and isinstance(field, (forms.IntegerField, forms.DecimalField)):
                _drop_bounds(field)
            plain_messages(field, name, self.error_words.get(name))

    def error_summary(self):
        """Every error once, in the order of the page: (the id to jump to, the message)."""
        summary = [(None, str(error)) for error in self.non_field_errors()]
        for bound in self:
            anchor = self.error_anchors.get(bound.name) or (None if bound.is_hidden else bound.auto_id)
            summary.extend((anchor, str(error)) for error in bound.errors)
        return summary


class TimezoneSelect(forms.Select):
    """A plain <select> of time zones in groups (common first), with a search box that
    static/js/leaseline.js shows and wires up (without script: the select alone).

    Its ~950 options are written once per set of labels (they change with the offsets, each
    quarter hour) and reused: escaping them option by option costs about 60 ms a render.
    """

    _written = (None, "")  # (the groups written, their HTML)

    @classmethod
    def _options_html(cls):
        groups = timezones.picker_groups()
        if cls._written[0] is not groups:
            html = format_html_join(
                "",
                '<optgroup label="{}">{}</optgroup>',
                ((group, format_html_join("", '<option value="{}">{}</option>', options)) for group, options in groups),
            )
            cls._written = (groups, html)
        return cls._written[1]

    def render(self, name, value, attrs=None, renderer=None):
        chosen = next(iter(self.format_value(value)), None)
        attributes = self.build_attrs(self.attrs, attrs)
        options = self._options_html()
        marker = f'<option value="{escape(chosen)}">' if timezones.is_accepted(chosen) else None
        if marker and marker in options:
            # A common zone is listed twice; its first (friendly) entry is the one shown chosen.
            options = options.replace(marker, marker[:-1] + " selected>", 1)
        else:
            # A stored zone no longer accepted (or none): ask, rather than show the first as chosen.
            options = '<option value="" selected>Choose a time zone</option>' + options
        return format_html(
            '<div class="tz-picker" data-tz-picker>'
            '<input type="search" class="tz-search" placeholder="Search: a city, a country or “Eastern”" '
            'aria-label="Search time zones" aria-controls="{}" autocomplete="off" hidden>'
            '<select name="{}"{}>{}</select>'
            '<p class="help tz-count" aria-live="polite" hidden></p>'
            "</div>",
            attributes.get("id", f"id_{name}"),
            name,
            flatatt(attributes),
            mark_safe(options),  # written above from escaped parts
        )


class TimezoneField(forms.ChoiceField):
    """A time zone from the picker; it accepts exactly the names the model's rule accepts."""

    widget = TimezoneSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Time zone")
        super().__init__(choices=timezones.picker_groups, **kwargs)

    def valid_value(self, value):
        return timezones.is_accepted(value)


class DateRangeFilterMixin:
    """A list filter's From and To days (`date_from`, `date_to`): To may not come before From."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "From must be on or before To.")
        return cleaned


def date_range_filters(data):
    """The API's inclusive `start` and `end` instants for a filter's local From and To days."""
    zone = timezone.get_current_timezone()
    bounds = {}
    if data.get("date_from"):
        bounds["start"] = local_day_bounds(day=data["date_from"], zone=zone)[0]
    if data.get("date_to"):
        bounds["end"] = local_day_bounds(day=data["date_to"], zone=zone)[1] - timedelta(microseconds=1)
    return bounds
