from rest_framework import serializers

from ..models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    appointment_id = serializers.IntegerField(read_only=True)
    lead_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "appointment_id", "lead_id", "channel", "kind", "to", "status", "error", "due_at", "sent_at"]
        read_only_fields = fields
