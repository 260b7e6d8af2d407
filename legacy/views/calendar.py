"""Events, free slots and booking as the frontend calls them (C6-C8), through LeaseLine's
selectors and `appointment_book`. Slots and bookings use the user's first active agent's rules."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from agents.models import Agent
from calendars.api.serializers import EVENTS_MAX_DAYS, CalendarDateTimeField
from calendars.api.views import calendar_unavailable_response, slot_unavailable_response
from calendars.models import ATTENDEE_NAME_MAX_LENGTH, NOTES_MAX_LENGTH, Appointment
from calendars.selectors import agent_free_slots, calendar_events
from calendars.services import CalendarUnavailable, SlotUnavailable, appointment_book
from core.exceptions import error_response
from core.serializers import model_errors_as_api_errors
from rentals.models import Rental

from ..calendar_shapes import address_of, attendee_name_of, event_shape, slot_shape, slots_within_hours
from .base import LegacyAnswerMixin

NO_AGENT = "Add an active agent first: its working hours decide which times can be booked."


def first_active_agent(user):
    return Agent.objects.for_user(user).filter(is_active=True).order_by("created_at", "id").first()


class EventsQuerySerializer(serializers.Serializer):
    days_ahead = serializers.IntegerField(required=False, default=14, min_value=1, max_value=EVENTS_MAX_DAYS)


class AvailabilityQuerySerializer(serializers.Serializer):
    days_ahead = serializers.IntegerField(required=False, default=7, min_value=1, max_value=365)
    start_hour = serializers.IntegerField(required=False, default=0, min_value=0, max_value=23)
    end_hour = serializers.IntegerField(required=False, default=24, min_value=1, max_value=24)


class BookingQuerySerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=300)
    start_time = CalendarDateTimeField()
    end_time = CalendarDateTimeField(required=False)
    body = serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTES_MAX_LENGTH)
    attendee_email = serializers.EmailField(required=False, allow_blank=True, default="")


class CalendarEventsView(LegacyAnswerMixin, APIView):
    """GET `?days_ahead=` lists events; POST books from the query string (no JSON body)."""

    def get(self, request):
        query = EventsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start = timezone.now()
        end = start + timedelta(days=query.validated_data["days_ahead"])
        events, errors = calendar_events(user=request.user, start=start, end=end)
        return Response({"status": "success", "events": [event_shape(event) for event in events], "errors": errors})

    def post(self, request):
        query = BookingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        agent = first_active_agent(request.user)
        if agent is None:
            return error_response(NO_AGENT, code="no_agent")
        address = address_of(values["subject"])
        rental = Rental.objects.for_user(request.user).filter(address__iexact=address).first() if address else None
        name = attendee_name_of(body=values["body"], attendee_email=values["attendee_email"], subject=values["subject"])
        try:
            with model_errors_as_api_errors():
                appointment = appointment_book(
                    user=request.user,
                    agent=agent,
                    start=values["start_time"],
                    attendee_name=name[:ATTENDEE_NAME_MAX_LENGTH],
                    attendee_email=values["attendee_email"],
                    rental=rental,
                    notes=values["body"],
                    source=Appointment.Source.API,
                )
        except SlotUnavailable as exc:
            return slot_unavailable_response(exc)
        except CalendarUnavailable as exc:
            return calendar_unavailable_response(exc)
        except ValueError as exc:
            return error_response(str(exc), code="invalid")
        return Response(
            {
                "status": "success",
                "success": True,
                "message": "The viewing is booked.",
                "appointment_id": appointment.pk,
                "event": {
                    "id": appointment.provider_event_id or str(appointment.pk),
                    "subject": values["subject"],
                    "start_time": appointment.start.isoformat(),
                    "end_time": appointment.end.isoformat(),
                },
            },
            status=status.HTTP_201_CREATED,
        )


class AvailabilityView(LegacyAnswerMixin, APIView):
    """`?days_ahead&start_hour&end_hour`: the first active agent's free slots, narrowed to those hours."""

    def get(self, request):
        query = AvailabilityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        agent = first_active_agent(request.user)
        if agent is None:
            return Response({"status": "success", "available_slots": [], "message": NO_AGENT})
        start = timezone.now()
        result = agent_free_slots(
            user=request.user, agent=agent, start=start, end=start + timedelta(days=values["days_ahead"])
        )
        slots = slots_within_hours(
            result.slots, result.timezone, start_hour=values["start_hour"], end_hour=values["end_hour"]
        )
        zone = ZoneInfo(result.timezone)
        answer = {
            "status": "success",
            "timezone": result.timezone,
            "agent_id": agent.pk,
            "available_slots": [slot_shape(slot, zone) for slot in slots],
        }
        if result.error:
            answer["message"] = result.error
        return Response(answer)
