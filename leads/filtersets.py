"""Filters of `GET /api/leads` and the lead list page. A value of the wrong type is an error (400)."""

import re

from django import forms
from django.db.models import Q
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

from core.values import FILTER_YEARS, utc_instant
from rentals.filtersets import IntegerFilter

from .models import Lead

DIGITS = re.compile(r"\D")


class ContactTimeField(IsoDateTimeField):
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


class ContactTimeFilter(filters.IsoDateTimeFilter):
    field_class = ContactTimeField


class LeadFilterSet(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Lead.Status.choices)
    q = filters.CharFilter(method="filter_q", max_length=200)
    agent_id = IntegerFilter(method="filter_agent")
    start = ContactTimeFilter(field_name="last_contact_at", lookup_expr="gte")
    end = ContactTimeFilter(field_name="last_contact_at", lookup_expr="lte")

    class Meta:
        model = Lead
        fields = ["status", "q", "agent_id", "start", "end"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q(name__icontains=value) | Q(email__icontains=value) | Q(phone__icontains=value)
        digits = DIGITS.sub("", value)
        if len(digits) >= 3:
            match |= Q(phone__contains=digits)
        return queryset.filter(match)

    def filter_agent(self, queryset, name, value):
        """Leads who called that agent or booked through it."""
        return queryset.filter(Q(calls__agent_id=value) | Q(appointments__agent_id=value)).distinct()
