"""Filters the API's filter sets share."""

from django import forms
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

from .values import FILTER_YEARS, utc_instant


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
    """An inclusive bound on a date-time field, read by `UtcIsoDateTimeField`."""

    field_class = UtcIsoDateTimeField
