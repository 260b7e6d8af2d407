from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from calendars.models import Appointment

from ..models import Call, ToolInvocation
from ..selectors import call_appointments


class CallSerializer(serializers.ModelSerializer):
    agent_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Call
        fields = [
            "id",
            "agent_id",
            "vapi_call_id",
            "status",
            "started_at",
            "ended_at",
            "duration_seconds",
            "ended_reason",
            "customer_number",
            "summary",
            "cost",
            "recording_url",
        ]
        read_only_fields = fields


class ToolInvocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ToolInvocation
        fields = ["id", "tool_call_id", "name", "arguments", "result", "error", "duration_ms", "created_at"]
        read_only_fields = fields


class CallAppointmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appointment
        fields = ["id", "start", "end", "status", "attendee_name", "rental_id"]
        read_only_fields = fields


class CallDetailSerializer(CallSerializer):
    tool_invocations = ToolInvocationSerializer(many=True, read_only=True)
    appointments = serializers.SerializerMethodField()

    class Meta(CallSerializer.Meta):
        fields = CallSerializer.Meta.fields + ["transcript", "messages", "tool_invocations", "appointments"]
        read_only_fields = fields

    @extend_schema_field(CallAppointmentSerializer(many=True))
    def get_appointments(self, call):
        appointments = call_appointments(user=self.context["request"].user, call=call)
        return CallAppointmentSerializer(appointments, many=True).data
