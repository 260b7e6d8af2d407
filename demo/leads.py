"""The demo's leads: the callers and renters of the demo data at different stages, made the
way a real manager's are (calls and bookings make them, the lead services fill them, the
manager's own edits set the last stages), plus two past viewings marked attended or no-show."""

from datetime import timedelta

from django.utils import timezone

from calendars.attendance import appointment_attendance_set
from calendars.models import Appointment
from leads.models import Lead
from leads.services import (
    lead_fill_from_structured_data,
    lead_for_booking,
    lead_for_call,
    lead_note_search,
    lead_update,
)
from voice.models import Call

# Number: what the caller said during the call, then what the end-of-call report added.
SEARCHES = {
    "+15125550142": {"max_price": 1500, "min_bedrooms": 1},
    "+15125550187": {"max_price": 2200, "min_bedrooms": 2},
    "+15125550199": {"min_bedrooms": 3},
    "+15125550123": {"max_price": 1800},
    "+15125550160": {"max_price": 1300, "min_bedrooms": 0},
    "+15125550175": {"max_price": 2600, "min_bedrooms": 3},
}
REPORTS = {
    "+15125550142": {"name": "Jordan Lee", "email": "jordan.lee@example.com", "pets": "one cat"},
    "+15125550187": {"name": "Sam Ortiz", "move_in_date": 30},
    "+15125550199": {"name": "Alex Kim", "move_in_date": 45},
    "+15125550123": {"name": "Priya Shah", "email": "priya@example.com", "pets": "a small dog"},
    "+15125550160": {"name": "Dana Brooks", "email": "dana.brooks@example.com"},
    "+15125550175": {"name": "Chris Patel"},
}
# Number, days ago, attended or no-show.
PAST_VIEWINGS = (
    ("+15125550123", 2, Appointment.Status.ATTENDED),
    ("+15125550160", 7, Appointment.Status.ATTENDED),
    ("+15125550175", 6, Appointment.Status.NO_SHOW),
)
# What the manager decided afterwards.
MANAGER_EDITS = {
    "+15125550160": {"status": Lead.Status.LEASED, "notes": "Signed a 12-month lease for the studio."},
    "+15125550111": {"status": Lead.Status.LOST, "notes": "Wrong number."},
}


def _calls_linked(user):
    for call in Call.objects.for_user(user).filter(lead__isnull=True).exclude(customer_number=""):
        lead = lead_for_call(user=user, phone=call.customer_number, started_at=call.started_at)
        if lead is not None:
            Call.objects.filter(pk=call.pk).update(lead=lead)


def _filled(user, today):
    for phone, said in SEARCHES.items():
        lead_note_search(user=user, phone=phone, **said)
    for phone, data in REPORTS.items():
        lead = Lead.objects.for_user(user).filter(phone=phone).first()
        data = dict(data)
        if "move_in_date" in data:
            data["move_in_date"] = (today + timedelta(days=data["move_in_date"])).isoformat()
        lead_fill_from_structured_data(user=user, lead=lead, data=data)


def _past_viewings(user, agent, now):
    """Viewings that already happened: booked days ago (no service books the past), then marked."""
    for phone, days_ago, status in PAST_VIEWINGS:
        key = f"demo-past-{phone[-4:]}"
        if Appointment.objects.for_user(user).filter(idempotency_key=key).exists():
            continue
        lead = Lead.objects.for_user(user).filter(phone=phone).first()
        start = (now - timedelta(days=days_ago)).replace(minute=0, second=0, microsecond=0)
        appointment = Appointment(
            user=user,
            agent=agent,
            lead=lead_for_booking(user=user, phone=phone, name=lead.name if lead else ""),
            source=Appointment.Source.VOICE,
            idempotency_key=key,
            start=start,
            end=start + timedelta(minutes=agent.slot_minutes),
            attendee_name=(lead.name if lead else "") or "Demo renter",
            attendee_phone=phone,
            notes="Demo viewing.",
        )
        appointment.full_clean()
        appointment.save()
        # Booked on the phone the day before it took place (after the demo call from that number).
        Appointment.objects.filter(pk=appointment.pk).update(created_at=start - timedelta(days=1))
        appointment_attendance_set(user=user, appointment=appointment, status=status)


def demo_leads(*, user, agent):
    now = timezone.now()
    _calls_linked(user)
    _filled(user, timezone.localdate(now))
    _past_viewings(user, agent, now)
    for phone, edit in MANAGER_EDITS.items():
        lead = Lead.objects.for_user(user).filter(phone=phone).first()
        if lead is not None and lead.status != edit["status"]:
            lead_update(user=user, lead=lead, data=edit)
