"""After a viewing has started, the manager marks whether the renter came."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leads.models import Lead
from leads.services import lead_advance

from .models import Appointment

ATTENDANCE = (Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW)


def appointment_attendance_set(*, user, appointment, status):
    """Marks a started viewing attended or no-show (either may be corrected later); an
    attended viewing moves its lead forward to viewed, a no-show leaves the lead where it is.

    Raises ValidationError for a viewing that has not started or was cancelled.
    """
    if status not in ATTENDANCE:
        raise ValueError(f"status must be one of {', '.join(ATTENDANCE)}.")
    with transaction.atomic():
        appointment = Appointment.objects.for_user(user).select_for_update().get(pk=appointment.pk)
        if appointment.status == Appointment.Status.CANCELLED:
            raise ValidationError({"status": "This viewing was cancelled."})
        if appointment.start > timezone.now():
            raise ValidationError({"status": "A viewing can be marked attended or no-show once it has started."})
        if appointment.status != status:
            appointment.status = status
            appointment.save(update_fields=["status", "updated_at"])
        if status == Appointment.Status.ATTENDED and appointment.lead_id is not None:
            lead_advance(user=user, lead=appointment.lead, status=Lead.Status.VIEWED)
    return appointment
