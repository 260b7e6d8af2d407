"""A caller's search and a booking for the same caller, at once, on real PostgreSQL.

The search makes the caller's lead; the booking, holding the manager's booking lock, waits for
that lead. When the search commits, PostgreSQL checks its new rows' foreign keys with a
key-share lock on the manager's row: the booking lock must not block that, or the two wait for
each other (a deadlock, which a 32-caller load test met).
"""

import threading

import pytest
from django.db import connection, transaction

from calendars.models import Appointment
from calendars.selectors import agent_free_slots
from calendars.services import appointment_book
from leads.models import Lead
from leads.services import lead_note_search

CALLER = "+15125550199"


@pytest.mark.django_db(transaction=True)
def test_a_search_making_the_lead_and_a_booking_for_it_do_not_deadlock(agent):
    user = agent.user
    start = agent_free_slots(user=user, agent=agent).slots[0].start
    lead_made = threading.Event()
    booking_waits = threading.Event()
    errors = []

    def search():
        try:
            with transaction.atomic():
                lead_note_search(user=user, phone=CALLER, max_price=1800)
                lead_made.set()
                # Commit only once the booking holds its lock and waits for this lead.
                booking_waits.wait(timeout=10)
                threading.Event().wait(0.5)
        except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
            errors.append(exc)
        finally:
            connection.close()

    def book():
        try:
            lead_made.wait(timeout=10)
            booking_waits.set()
            appointment_book(
                user=user, agent=agent, start=start, attendee_name="Sam Renter", source="voice", lead_phone=CALLER
            )
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=search), threading.Thread(target=book)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    lead = Lead.objects.get(user=user, phone=CALLER)
    assert lead.budget_max == 1800 and lead.status == "viewing_booked" and lead.appointments_count == 1
    assert Appointment.objects.get(user=user, start=start).lead_id == lead.pk
