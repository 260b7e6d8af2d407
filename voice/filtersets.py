"""Filters of `GET /api/calls`. A value of the wrong type is an error (400); ranges are inclusive."""

from django import forms
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

from core.values import FILTER_YEARS, utc_instant
from rentals.filtersets import IntegerFilter

from .models import Call


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 instant, given to the database in UTC (a bound only compared with: any year)."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return utc_instant(moment, years=FILTER_YEARS)
        except ValueError:
            raise forms.ValidationError(
                f"Enter a date and time within the years {FILTER_YEARS[0]} to {FILTER_YEARS[1]}.", code="invalid"
            ) from None


class UtcIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class CallFilterSet(filters.FilterSet):
    agent_id = IntegerFilter(field_name="agent_id")
    start = UtcIsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    end = UtcIsoDateTimeFilter(field_name="started_at", lookup_expr="lte")

    class Meta:
        model = Call
        fields = ["agent_id", "start", "end"]
