"""Filters of `GET /api/leads` and the lead list page. A value of the wrong type is an error (400)."""

import re

from django.db.models import Q
from django_filters import rest_framework as filters

from core.filtersets import UtcIsoDateTimeFilter
from rentals.filtersets import IntegerFilter

from .models import Lead

DIGITS = re.compile(r"\D")


class LeadFilterSet(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Lead.Status.choices)
    q = filters.CharFilter(method="filter_q", max_length=200)
    agent_id = IntegerFilter(method="filter_agent")
    start = UtcIsoDateTimeFilter(field_name="last_contact_at", lookup_expr="gte")
    end = UtcIsoDateTimeFilter(field_name="last_contact_at", lookup_expr="lte")

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
