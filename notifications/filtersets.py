"""Filters of `GET /api/notifications`. A value of the wrong type is an error (400)."""

from django_filters import rest_framework as filters

from rentals.filtersets import IntegerFilter

from .models import Notification


class NotificationFilterSet(filters.FilterSet):
    appointment_id = IntegerFilter(field_name="appointment_id")
    lead_id = IntegerFilter(field_name="lead_id")

    class Meta:
        model = Notification
        fields = ["appointment_id", "lead_id"]
