from django.urls import re_path

from .views import (
    AppointmentViewSet,
    AvailabilityView,
    CalendarAuthCallbackView,
    CalendarAuthCompleteView,
    CalendarAuthStartView,
    CalendarConnectionViewSet,
    CalendarEventsView,
)

routes = [
    ("calendar/connections", CalendarConnectionViewSet, "calendar-connection"),
    ("appointments", AppointmentViewSet, "appointment"),
]

urlpatterns = [
    re_path(r"^calendar/auth/start/?$", CalendarAuthStartView.as_view(), name="calendar-auth-start"),
    re_path(r"^calendar/auth/callback/?$", CalendarAuthCallbackView.as_view(), name="calendar-auth-callback"),
    re_path(r"^calendar/auth/complete/?$", CalendarAuthCompleteView.as_view(), name="calendar-auth-complete"),
    re_path(r"^calendar/events/?$", CalendarEventsView.as_view(), name="calendar-events"),
    re_path(r"^calendar/availability/?$", AvailabilityView.as_view(), name="calendar-availability"),
]
