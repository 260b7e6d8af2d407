"""Filters of `GET /api/appointments`. A value of the wrong type is an error (400); ranges are inclusive."""

import django_filters
from django_filters.fields import IsoDateTimeField

from .forms import CalendarDateTimeMixin
from .models import Appointment
from .selectors import appointment_filter


class CalendarIsoDateTimeField(CalendarDateTimeMixin, IsoDateTimeField):
    pass


class CalendarDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = CalendarIsoDateTimeField


class AppointmentFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Appointment.Status.choices)
    start = CalendarDateTimeFilter()
    end = CalendarDateTimeFilter()
    agent_id = django_filters.NumberFilter()

    class Meta:
        model = Appointment
        fields = []

    def filter_queryset(self, queryset):
        # The same filters as selectors.appointment_list, in one place.
        data = self.form.cleaned_data
        return appointment_filter(
            queryset,
            status=data.get("status") or None,
            start=data.get("start"),
            end=data.get("end"),
            agent_id=data.get("agent_id"),
        )
