"""Filters of `GET /api/calls`. A value of the wrong type is an error (400); ranges are inclusive."""
from datetime import UTC

from django import forms
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

from rentals.filtersets import IntegerFilter

from .models import Call


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 instant, given to the database in UTC.

    Python accepts offsets up to ±23:59, PostgreSQL only up to ±15:59; in UTC any instant
    Python can hold is one the database can compare.
    """

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError("Enter a date and time within the years 1 to 9999.", code="invalid") from None


class UtcIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class CallFilterSet(filters.FilterSet):
    agent_id = IntegerFilter(field_name="agent_id")
    start = UtcIsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    end = UtcIsoDateTimeFilter(field_name="started_at", lookup_expr="lte")

    class Meta:
        model = Call
        fields = ["agent_id", "start", "end"]
