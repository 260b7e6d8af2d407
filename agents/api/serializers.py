from rest_framework import serializers

from accounts.ownership import OwnedRelatedField
from calendars.models import CalendarConnection
from core import timezones
from core.serializers import ValidatedModelSerializer

from ..models import Agent, PhoneNumber


class AgentSerializer(ValidatedModelSerializer):
    """The agent's rules are the model's (agents/validators.py); this reads the JSON."""

    user_id = serializers.IntegerField(read_only=True)
    # The number attached to the agent (PATCH /api/phone-numbers/{id} attaches one), or null.
    phone_number = serializers.SerializerMethodField()
    timezone = serializers.ChoiceField(choices=sorted(timezones.accepted_names()), required=False)
    booking_calendar = OwnedRelatedField(queryset=CalendarConnection.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Agent
        fields = [
            "id",
            "user_id",
            "agent_name",
            "vapi_assistant_id",
            "phone_number",
            "is_active",
            "first_message",
            "instructions",
            "voice",
            "model",
            "timezone",
            "working_hours",
            "slot_minutes",
            "buffer_minutes",
            "min_notice_minutes",
            "booking_horizon_days",
            "reminder_minutes",
            "booking_calendar",
            "webhook_secret",
            "sync_status",
            "sync_error",
            "last_synced_at",
            "created_at",
            "updated_at",
        ]
        # One assistant, one agent: the model says so, in the same words as every other refusal.
        extra_kwargs = {"vapi_assistant_id": {"validators": []}}
        read_only_fields = [
            "id",
            "user_id",
            "phone_number",
            "webhook_secret",
            "sync_status",
            "sync_error",
            "last_synced_at",
            "created_at",
            "updated_at",
        ]

    def get_phone_number(self, agent) -> str | None:
        return agent.phone_number or None


class VapiKeySerializer(serializers.Serializer):
    api_key = serializers.CharField(max_length=200, trim_whitespace=True)


class VapiAccountSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=["platform", "own", "none"])
    key_last4 = serializers.CharField(allow_null=True)
    connected_at = serializers.DateTimeField(allow_null=True)


class PhoneNumberSerializer(ValidatedModelSerializer):
    agent_id = OwnedRelatedField(source="agent", queryset=Agent.objects.all(), allow_null=True)

    class Meta:
        model = PhoneNumber
        fields = ["id", "number", "vapi_phone_number_id", "name", "agent_id"]
        read_only_fields = ["id", "number", "vapi_phone_number_id", "name"]
