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
