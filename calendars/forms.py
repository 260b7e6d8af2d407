from django import forms
from django.urls import reverse_lazy

from core.forms import PlainErrorsMixin
from rentals.models import Rental

from .models import ATTENDEE_NAME_MAX_LENGTH, ATTENDEE_PHONE_MAX_LENGTH, NOTES_MAX_LENGTH, Appointment
from .validators import OUT_OF_RANGE, utc_datetime


class CalendarDateTimeMixin:
    """For a date-time form field: the instant in UTC, refused (a form error) outside the years calendars handle."""

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        moment = utc_datetime(value)
        if moment is None:
            raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")
        return moment


class CalendarDateTimeField(CalendarDateTimeMixin, forms.DateTimeField):
    pass


class AppointmentBookForm(PlainErrorsMixin, forms.Form):
    """Book a viewing by hand (a walk-in, an email enquiry) through the same service as calls."""

    error_words = {"start": {"required": "Choose one of the free times."}}
    error_anchors = {"start": "when"}  # the slot picker's block (calendars/book.html)

    agent = forms.ModelChoiceField(
        queryset=Appointment.agents_model().objects.none(),
        help_text="Its working hours and calendar decide which times are free.",
        # Choosing another agent shows that agent's free times (the slot picker, by htmx).
        widget=forms.Select(
            attrs={
                "hx-get": reverse_lazy("calendars:slots"),
                "hx-trigger": "change",
                "hx-target": "#slot-picker-start",
                "hx-swap": "outerHTML",
                "hx-include": "[name='start_day']",
            }
        ),
    )
    # Shown as the slot picker's buttons (calendars/templatetags/slot_picker.py); each sends
    # the slot's start as ISO 8601 with its offset. A time without an offset is read in the
    # manager's timezone.
    start = CalendarDateTimeField(
        label="Time",
        widget=forms.HiddenInput,
    )
    attendee_name = forms.CharField(label="Name", max_length=ATTENDEE_NAME_MAX_LENGTH)
    attendee_phone = forms.CharField(label="Phone", max_length=ATTENDEE_PHONE_MAX_LENGTH, required=False)
    attendee_email = forms.EmailField(label="Email", required=False, max_length=254)
    rental = forms.ModelChoiceField(queryset=Rental.objects.none(), required=False, empty_label="No particular rental")
    notes = forms.CharField(required=False, max_length=NOTES_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = Appointment.agents_model().objects.for_user(user).order_by("agent_name")
        self.fields["rental"].queryset = (
            Rental.objects.for_user(user).filter(status=Rental.Status.AVAILABLE).order_by("title", "id")
        )


class PendingConnectionForm(forms.Form):
    """Finishes a connect whose consent came back to a browser without the manager's session."""

    code = forms.CharField(max_length=128, widget=forms.HiddenInput)
