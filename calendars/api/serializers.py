from rest_framework import serializers

from accounts.ownership import OwnedRelatedField
from rentals.models import Rental

from ..models import (
    ATTENDEE_NAME_MAX_LENGTH,
    ATTENDEE_PHONE_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    Appointment,
    CalendarConnection,
)
from ..validators import OUT_OF_RANGE, utc_datetime

EVENTS_MAX_DAYS = 62


class CalendarDateTimeField(serializers.DateTimeField):
    def to_internal_value(self, value):
        moment = utc_datetime(super().to_internal_value(value))
        if moment is None:
            raise serializers.ValidationError(OUT_OF_RANGE)
        return moment


class CalendarConnectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarConnection
        fields = ["id", "provider", "account_email", "status", "last_error", "created_at"]
        read_only_fields = fields


class AppointmentSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    agent_id = serializers.IntegerField(read_only=True, allow_null=True)
    rental_id = serializers.IntegerField(read_only=True, allow_null=True)
    lead_id = serializers.IntegerField(read_only=True, allow_null=True)
    connection_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Appointment
        fields = [
            "id",
            "user_id",
            "agent_id",
            "rental_id",
            "lead_id",
            "connection_id",
            "provider_event_id",
            "source",
            "vapi_call_id",
            "start",
            "end",
            "status",
            "attendee_name",
            "attendee_phone",
            "attendee_email",
            "notes",
            "created_at",
        ]
        read_only_fields = fields


class AppointmentBookSerializer(serializers.Serializer):
    agent_id = OwnedRelatedField(queryset=Appointment.agents_model().objects.all())
    start = CalendarDateTimeField()
    attendee_name = serializers.CharField(max_length=ATTENDEE_NAME_MAX_LENGTH)
    attendee_phone = serializers.CharField(
        max_length=ATTENDEE_PHONE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    attendee_email = serializers.EmailField(required=False, allow_blank=True, default="")
    rental_id = OwnedRelatedField(queryset=Rental.objects.all(), required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTES_MAX_LENGTH)


class AppointmentStatusSerializer(serializers.Serializer):
    # attended and no_show only once the viewing has started (calendars/attendance.py).
    status = serializers.ChoiceField(
        choices=[Appointment.Status.CANCELLED, Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW]
    )


class AuthStartQuerySerializer(serializers.Serializer):
    provider = serializers.ChoiceField(choices=CalendarConnection.Provider.choices)
    redirect_url = serializers.CharField(required=False, allow_blank=True, max_length=2048)


class AuthCompleteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=128, help_text="The `pending` code the callback added to the redirect.")


class AuthStartSerializer(serializers.Serializer):
    provider = serializers.CharField()
    authorization_url = serializers.CharField()


class WindowQuerySerializer(serializers.Serializer):
    start = CalendarDateTimeField(required=False)
    end = CalendarDateTimeField(required=False)

    def validate(self, attrs):
        start, end = attrs.get("start"), attrs.get("end")
        if start and end and end <= start:
            raise serializers.ValidationError({"end": ["end must be after start."]})
        return attrs


class EventsQuerySerializer(WindowQuerySerializer):
    def validate(self, attrs):
        attrs = super().validate(attrs)
        start, end = attrs.get("start"), attrs.get("end")
        if start and end and (end - start).total_seconds() > EVENTS_MAX_DAYS * 86400:
            raise serializers.ValidationError({"end": [f"The window can be at most {EVENTS_MAX_DAYS} days."]})
        return attrs


class AvailabilityQuerySerializer(WindowQuerySerializer):
    agent_id = OwnedRelatedField(queryset=Appointment.agents_model().objects.all())
    duration_minutes = serializers.IntegerField(required=False, min_value=5, max_value=480)


class EventSerializer(serializers.Serializer):
    id = serializers.CharField()
    provider = serializers.ChoiceField(choices=["microsoft", "google", "builtin"])
    connection_id = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    all_day = serializers.BooleanField()
    location = serializers.CharField()
    show_as = serializers.ChoiceField(choices=["busy", "free", "tentative", "oof"])


class EventErrorSerializer(serializers.Serializer):
    connection_id = serializers.IntegerField()
    provider = serializers.CharField()
    error = serializers.CharField()


class EventsSerializer(serializers.Serializer):
    events = EventSerializer(many=True)
    errors = EventErrorSerializer(many=True)


class SlotSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class AvailabilitySerializer(serializers.Serializer):
    timezone = serializers.CharField()
    slots = SlotSerializer(many=True)
    error = serializers.CharField(required=False)
