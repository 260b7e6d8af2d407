"""The shape of `GET /api/dashboard/stats` (documents the answer in the OpenAPI schema)."""

from rest_framework import serializers


class AgentStatsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    active = serializers.IntegerField()
    inactive = serializers.IntegerField()


class RentalStatsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    available = serializers.IntegerField()
    sources = serializers.IntegerField()
    sources_failing = serializers.IntegerField()


class CalendarStatsSerializer(serializers.Serializer):
    connections = serializers.IntegerField()
    needs_reauth = serializers.IntegerField()
    upcoming_appointments = serializers.IntegerField()
    appointments_next_7_days = serializers.IntegerField()


class CallStatsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    today = serializers.IntegerField()
    last_7_days = serializers.IntegerField()
    avg_duration_seconds = serializers.FloatField(allow_null=True)
    bookings_last_7_days = serializers.IntegerField()


class DashboardStatsSerializer(serializers.Serializer):
    agents = AgentStatsSerializer()
    rentals = RentalStatsSerializer()
    calendar = CalendarStatsSerializer()
    calls = CallStatsSerializer()


class FunnelQuerySerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=365, default=30, required=False)


class FunnelSerializer(serializers.Serializer):
    """`GET /api/dashboard/funnel`: the last `days` days, from first call to lease."""

    calls = serializers.IntegerField()
    leads = serializers.IntegerField()
    viewings_booked = serializers.IntegerField()
    attended = serializers.IntegerField()
    no_shows = serializers.IntegerField()
    leased = serializers.IntegerField()
