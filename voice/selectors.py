"""Reads of what happened during calls. Every selector takes the user."""

from calendars.models import Appointment


def call_appointments(*, user, call):
    """Appointments booked during the call (linked by VAPI's call id)."""
    return Appointment.objects.for_user(user).filter(vapi_call_id=call.vapi_call_id).order_by("start", "id")
