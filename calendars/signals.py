"""What calendars tells the apps above it about appointments.

calendars sits below notifications (and leads, dashboards…) in LeaseLine's layers, so the
booking service cannot call them: it sends `appointment_changed` once a booking, a cancel or
a move has been committed, and each app that cares connects a receiver in its `ready()`
(notifications sends the renter's and the manager's messages). A receiver must never fail
the booking: the appointment is already saved when the signal goes out.
"""

from django.dispatch import Signal

# Sent with `appointment` (the saved Appointment), `change` (one of CHANGES) and `by`
# ("voice", "renter", "manager", "api", "web", "test" or ""): who made the change.
appointment_changed = Signal()

BOOKED = "booked"
CANCELLED = "cancelled"
RESCHEDULED = "rescheduled"
CHANGES = (BOOKED, CANCELLED, RESCHEDULED)
