from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Lead
from ..selectors import lead_timeline

LEAD_FIELDS = [
    "id",
    "user_id",
    "phone",
    "name",
    "email",
    "status",
    "budget_max",
    "bedrooms_min",
    "move_in_date",
    "pets",
    "rental_ids",
    "notes",
    "do_not_contact",
    "first_contact_at",
    "last_contact_at",
    "calls_count",
    "appointments_count",
    "created_at",
]
# What the manager may change (PATCH); everything else is LeaseLine's.
LEAD_WRITABLE = [
    "name",
    "email",
    "status",
    "notes",
    "do_not_contact",
    "budget_max",
    "bedrooms_min",
    "move_in_date",
    "pets",
]
# The fields each type of timeline entry carries besides type, at and id.
TIMELINE_FIELDS = {
    "call": ["agent_id", "status", "started_at", "ended_at", "duration_seconds", "ended_reason", "summary"],
    "appointment": ["agent_id", "rental_id", "start", "end", "status", "source", "attendee_name"],
    "message": ["appointment_id", "channel", "kind", "to", "status", "error", "sent_at"],
}


class LeadSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    budget_max = serializers.DecimalField(
        max_digits=10, decimal_places=2, coerce_to_string=False, allow_null=True, required=False, min_value=0
    )
    rental_ids = serializers.SerializerMethodField()

    class Meta:
        model = Lead
        fields = LEAD_FIELDS
        read_only_fields = [name for name in LEAD_FIELDS if name not in LEAD_WRITABLE]

    def get_rental_ids(self, lead) -> list[int]:
        return sorted(rental.pk for rental in lead.rentals.all())


def _timeline_value(value):
    if hasattr(value, "isoformat") and hasattr(value, "tzinfo"):
        return serializers.DateTimeField().to_representation(value)
    return value


class LeadDetailSerializer(LeadSerializer):
    timeline = serializers.SerializerMethodField()

    class Meta(LeadSerializer.Meta):
        fields = LEAD_FIELDS + ["timeline"]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "enum": list(TIMELINE_FIELDS)},
                    "at": {"type": "string", "format": "date-time"},
                    "id": {"type": "integer"},
                },
            },
        }
    )
    def get_timeline(self, lead):
        entries = []
        for entry in lead_timeline(user=self.context["request"].user, lead=lead):
            data = {"type": entry.kind, "at": _timeline_value(entry.at), "id": entry.item.pk}
            for name in TIMELINE_FIELDS[entry.kind]:
                data[name] = _timeline_value(getattr(entry.item, name, None))
            entries.append(data)
        return entries
