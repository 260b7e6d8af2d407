import re
import zoneinfo

from rest_framework import serializers

from accounts.ownership import OwnedRelatedField
from calendars.models import CalendarConnection

from ..models import WEEKDAYS, Agent

E164 = re.compile(r"^\+[1-9]\d{1,14}$")
# VAPI assistant ids are UUIDs; the id goes into a URL path, so only safe characters pass.
ASSISTANT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
VOICE_PROVIDER = re.compile(r"^[a-z0-9][a-z0-9._-]{0,49}$")


def validate_working_hours(value):
    """`{"mon": [["09:00", "12:00"], ["13:00", "17:00"]], ...}`: known days, HH:MM ranges that
    end after they start and do not overlap. Missing days are closed; the result lists all seven."""
    if not isinstance(value, dict):
        raise serializers.ValidationError('Use an object such as {"mon": [["09:00", "17:00"]]}.')
    unknown = sorted(set(map(str, value)) - set(WEEKDAYS))
    if unknown:
        raise serializers.ValidationError(
            f"Unknown day {unknown[0]!r}; days are {', '.join(WEEKDAYS)}."
        )
    cleaned = {}
    for day in WEEKDAYS:
        ranges = value.get(day) or []
        if not isinstance(ranges, list):
            raise serializers.ValidationError(f"{day}: use a list of [start, end] pairs.")
        pairs = []
        for item in ranges:
            if (
                not isinstance(item, (list, tuple))
                or len(item) != 2
                or not all(isinstance(clock, str) and CLOCK.match(clock) for clock in item)
            ):
                raise serializers.ValidationError(
                    f'{day}: each range is ["HH:MM", "HH:MM"], for example ["09:00", "17:00"].'
                )
            if item[0] >= item[1] or item[0] == "24:00":
                raise serializers.ValidationError(f"{day}: {item[0]}-{item[1]} must end after it starts.")
            pairs.append([item[0], item[1]])
        pairs.sort()
        for earlier, later in zip(pairs, pairs[1:], strict=False):
            if later[0] < earlier[1]:
                raise serializers.ValidationError(
                    f"{day}: {earlier[0]}-{earlier[1]} and {later[0]}-{later[1]} overlap."
                )
        cleaned[day] = pairs
    return cleaned


class VoiceField(serializers.JSONField):
    """`{"provider": "11labs", "voice_id": "burt"}`, or `{}` for LeaseLine's default voice."""

    def to_internal_value(self, data):
        data = super().to_internal_value(data)
        if data in (None, {}):
            return {}
        if not isinstance(data, dict) or set(data) - {"provider", "voice_id"}:
            raise serializers.ValidationError('Use {"provider": "...", "voice_id": "..."} or {}.')
        provider, voice_id = data.get("provider"), data.get("voice_id")
        if not isinstance(provider, str) or not VOICE_PROVIDER.match(provider):
            raise serializers.ValidationError("provider is a VAPI voice provider such as 11labs or vapi.")
        if not isinstance(voice_id, str) or not voice_id.strip() or len(voice_id) > 200:
            raise serializers.ValidationError("voice_id is the provider's voice id.")
        return {"provider": provider, "voice_id": voice_id.strip()}


class AgentSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    agent_name = serializers.CharField(max_length=100, trim_whitespace=True)
    vapi_assistant_id = serializers.CharField(max_length=64, required=False, allow_blank=True)
    phone_number = serializers.CharField(max_length=32, required=False, allow_blank=True)
    first_message = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    instructions = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    timezone = serializers.ChoiceField(choices=sorted(zoneinfo.available_timezones()), required=False)
    voice = VoiceField(required=False)
    working_hours = serializers.JSONField(required=False, validators=[])
    slot_minutes = serializers.IntegerField(min_value=5, max_value=480, required=False)
    buffer_minutes = serializers.IntegerField(min_value=0, max_value=240, required=False)
    min_notice_minutes = serializers.IntegerField(min_value=0, max_value=60 * 24 * 30, required=False)
    booking_horizon_days = serializers.IntegerField(min_value=1, max_value=365, required=False)
    booking_calendar = OwnedRelatedField(
        queryset=CalendarConnection.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Agent
        fields = [
            "id", "user_id", "agent_name", "vapi_assistant_id", "phone_number", "is_active",
            "first_message", "instructions", "voice", "timezone", "working_hours",
            "slot_minutes", "buffer_minutes", "min_notice_minutes", "booking_horizon_days",
            "booking_calendar", "webhook_secret", "sync_status", "sync_error", "last_synced_at",
            "created_at", "updated_at",
        ]
        read_only_fields = [
            "id", "user_id", "webhook_secret", "sync_status", "sync_error", "last_synced_at",
            "created_at", "updated_at",
        ]

    def validate_working_hours(self, value):
        return validate_working_hours(value)

    def validate_phone_number(self, value):
        number = re.sub(r"[\s().-]", "", value)
        if number and not E164.match(number):
            raise serializers.ValidationError("Use E.164, for example +15550101234.")
        return number

    def validate_vapi_assistant_id(self, value):
        value = value.strip()
        if value and not ASSISTANT_ID.match(value):
            raise serializers.ValidationError("This is not a VAPI assistant id.")
        # The webhook finds the agent by this id, so one assistant serves one agent.
        taken = Agent.objects.filter(vapi_assistant_id=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if value and taken.exists():
            raise serializers.ValidationError("This assistant is already linked to another agent.")
        return value
