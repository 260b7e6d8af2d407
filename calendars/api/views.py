from datetime import timedelta

from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.ownership import OwnedModelViewSet, OwnedReadOnlyViewSet
from core.exceptions import error_response
from core.serializers import model_errors_as_api_errors

from ..attendance import ATTENDANCE, appointment_attendance_set
from ..connections import (
    InvalidRedirect,
    PendingConnectionNotFound,
    ProviderNotConfigured,
    connection_disconnect,
    oauth_complete,
    oauth_start,
    pending_connection_complete,
)
from ..filtersets import AppointmentFilterSet
from ..models import Appointment, CalendarConnection
from ..selectors import agent_free_slots, calendar_events
from ..services import CalendarUnavailable, SlotUnavailable, appointment_book, appointment_cancel
from .serializers import (
    AppointmentBookSerializer,
    AppointmentSerializer,
    AppointmentStatusSerializer,
    AuthCompleteSerializer,
    AuthStartQuerySerializer,
    AuthStartSerializer,
    AvailabilityQuerySerializer,
    AvailabilitySerializer,
    CalendarConnectionSerializer,
    EventsQuerySerializer,
    EventsSerializer,
)

EVENTS_DEFAULT_DAYS = 7


def calendar_unavailable_response(exc):
    return error_response(exc.reason, code="calendar_unavailable", status_code=status.HTTP_503_SERVICE_UNAVAILABLE)


def slot_unavailable_response(exc):
    return error_response(
        exc.message,
        code="slot_unavailable",
        status_code=status.HTTP_409_CONFLICT,
        next_slots=[slot.as_dict() for slot in exc.next_slots],
    )


class CalendarAuthStartView(APIView):
    """The authorization URL that connects a Microsoft 365 or Google calendar."""

    @extend_schema(
        parameters=[AuthStartQuerySerializer],
        responses={
            200: AuthStartSerializer,
            400: OpenApiResponse(description="Bad provider or redirect_url."),
            503: OpenApiResponse(description="The provider is not configured or unreachable."),
        },
    )
    def get(self, request):
        query = AuthStartQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        provider = query.validated_data["provider"]
        try:
            url = oauth_start(
                user=request.user, provider=provider, redirect_url=query.validated_data.get("redirect_url") or None
            )
        except InvalidRedirect as exc:
            return error_response(str(exc), code="invalid", fields={"redirect_url": [str(exc)]})
        except ProviderNotConfigured as exc:
            return error_response(str(exc), code="not_configured", status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
        except CalendarUnavailable as exc:
            return calendar_unavailable_response(exc)
        return Response({"provider": provider, "authorization_url": url})


class CalendarAuthCallbackView(APIView):
    """Where the provider sends the browser back. Public: the single-use state names the user.

    The connection lands at once only in the browser of the manager who started; anywhere
    else the tokens are parked for that manager (`?pending=<code>`, then POST auth/complete).
    """

    authentication_classes = []
    permission_classes = [AllowAny]

    def perform_authentication(self, request):
        # DRF authenticates no one here, and evaluating its user would put AnonymousUser over
        # the one the middleware found in the browser's session or Clerk cookie.
        pass

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str),
            OpenApiParameter("code", str),
            OpenApiParameter("error", str),
        ],
        responses={
            302: OpenApiResponse(
                description="To the redirect URL with ?connected=<provider>, ?pending=<code> (the browser does not "
                "carry the session of the manager who started: finish with POST /api/calendar/auth/complete) "
                "or ?error=<reason>."
            )
        },
    )
    def get(self, request):
        target = oauth_complete(
            user=request._request.user,
            state=request.query_params.get("state", ""),
            code=request.query_params.get("code") or None,
            error=request.query_params.get("error") or None,
        )
        return HttpResponseRedirect(target)


class CalendarAuthCompleteView(APIView):
    """Finishes a connect whose consent came back to a browser without the manager's session."""

    @extend_schema(
        request=AuthCompleteSerializer,
        responses={
            200: CalendarConnectionSerializer,
            400: OpenApiResponse(description="No code."),
            404: OpenApiResponse(
                description="Unknown, used or expired code (ten minutes), or another manager's; "
                "a code presented by anyone else erases the parked tokens."
            ),
        },
    )
    def post(self, request):
        data = AuthCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            connection = pending_connection_complete(user=request.user, code=data.validated_data["code"])
        except PendingConnectionNotFound:
            raise Http404("No calendar connect is waiting for this code.")
        return Response(CalendarConnectionSerializer(connection).data)


class CalendarConnectionViewSet(mixins.DestroyModelMixin, OwnedReadOnlyViewSet):
    """The user's connected calendars; DELETE disconnects and erases the tokens."""

    envelope_key = "connections"
    queryset = CalendarConnection.objects.all()
    serializer_class = CalendarConnectionSerializer

    def perform_destroy(self, instance):
        connection_disconnect(user=self.request.user, connection=instance)


class CalendarEventsView(APIView):
    """Events of every connected calendar and the built-in one, merged, in the user's timezone."""

    @extend_schema(parameters=[EventsQuerySerializer], responses={200: EventsSerializer})
    def get(self, request):
        query = EventsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start = query.validated_data.get("start")
        end = query.validated_data.get("end")
        start = start or (end - timedelta(days=EVENTS_DEFAULT_DAYS) if end else timezone.now())
        end = end or start + timedelta(days=EVENTS_DEFAULT_DAYS)
        events, errors = calendar_events(user=request.user, start=start, end=end)
        return Response({"events": [event.as_dict() for event in events], "errors": errors})


class AvailabilityView(APIView):
    """An agent's free slots; a calendar that cannot be read answers no slots and the reason."""

    @extend_schema(parameters=[AvailabilityQuerySerializer], responses={200: AvailabilitySerializer})
    def get(self, request):
        query = AvailabilityQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        result = agent_free_slots(
            user=request.user,
            agent=query.validated_data["agent_id"],
            start=query.validated_data.get("start"),
            end=query.validated_data.get("end"),
            duration_minutes=query.validated_data.get("duration_minutes"),
        )
        return Response(result.as_dict())


class AppointmentViewSet(OwnedModelViewSet):
    """Viewings. POST books through the same service as the voice tool; PATCH cancels, or marks a
    started viewing attended or no-show."""

    envelope_key = "appointments"
    queryset = Appointment.objects.select_related("agent", "rental", "connection")
    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilterSet
    ordering_fields = ["start", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(
        request=AppointmentBookSerializer,
        responses={
            201: AppointmentSerializer,
            409: OpenApiResponse(description="Not a free slot; next_slots."),
            503: OpenApiResponse(description="A calendar cannot be read or written."),
        },
    )
    def create(self, request, *args, **kwargs):
        data = AppointmentBookSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            with model_errors_as_api_errors():
                appointment = appointment_book(
                    user=request.user,
                    agent=values["agent_id"],
                    start=values["start"],
                    attendee_name=values["attendee_name"],
                    attendee_phone=values["attendee_phone"],
                    attendee_email=values["attendee_email"],
                    rental=values["rental_id"],
                    notes=values["notes"],
                    source=Appointment.Source.API,
                    idempotency_key=request.headers.get("Idempotency-Key") or None,
                )
        except SlotUnavailable as exc:
            return slot_unavailable_response(exc)
        except CalendarUnavailable as exc:
            return calendar_unavailable_response(exc)
        except ValueError as exc:
            return error_response(str(exc), code="invalid")
        return Response(AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AppointmentStatusSerializer, responses={200: AppointmentSerializer})
    def partial_update(self, request, *args, **kwargs):
        appointment = self.get_object()
        data = AppointmentStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            if data.validated_data["status"] == Appointment.Status.CANCELLED:
                if appointment.status in ATTENDANCE:
                    message = "This viewing has taken place; it can no longer be cancelled."
                    return error_response(message, code="invalid", fields={"status": [message]})
                appointment = appointment_cancel(user=request.user, appointment=appointment)
            else:
                with model_errors_as_api_errors():
                    appointment = appointment_attendance_set(
                        user=request.user, appointment=appointment, status=data.validated_data["status"]
                    )
        except CalendarUnavailable as exc:
            return calendar_unavailable_response(exc)
        return Response(AppointmentSerializer(appointment).data)
