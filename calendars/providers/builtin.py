"""The built-in calendar: for managers with no external calendar (and the demo).

Availability comes from the agent's working hours and LeaseLine's own appointments, which
the selectors add for every calendar; this provider therefore has no busy time of its own,
and its events are the appointments booked into it.
"""

from ..models import Appointment
from .base import CalendarEvent, CalendarProvider


class BuiltinProvider(CalendarProvider):
    name = "builtin"

    def __init__(self, *, user):
        self.user = user

    def events(self, *, start, end, tz):
        appointments = Appointment.objects.for_user(self.user).filter(
            connection__isnull=True, status=Appointment.Status.BOOKED, start__lt=end, end__gt=start
        )
        return [
            CalendarEvent(
                id=f"appointment-{appointment.pk}",
                provider="builtin",
                connection_id=None,
                title=f"Viewing: {appointment.attendee_name}",
                start=appointment.start.astimezone(tz),
                end=appointment.end.astimezone(tz),
                location=appointment.rental.address if appointment.rental_id and appointment.rental else "",
            )
            for appointment in appointments.select_related("rental")
        ]

    def busy(self, *, start, end, tz):
        return []

    def create_event(self, *, event_id, start, end, title, description, location=""):
        # The Appointment row is the built-in calendar's event.
        return ""

    def delete_event(self, *, event_id):
        return None
