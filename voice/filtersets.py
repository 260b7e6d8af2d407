"""Filters of `GET /api/calls`. A value of the wrong type is an error (400); ranges are inclusive."""

from django_filters import rest_framework as filters

from core.filtersets import UtcIsoDateTimeFilter
from rentals.filtersets import IntegerFilter

from .models import Call


class CallFilterSet(filters.FilterSet):
    agent_id = IntegerFilter(field_name="agent_id")
    start = UtcIsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    end = UtcIsoDateTimeFilter(field_name="started_at", lookup_expr="lte")

    class Meta:
        model = Call
        fields = ["agent_id", "start", "end"]
