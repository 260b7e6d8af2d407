"""Demo data for `make run`: a manager, an agent, a few viewings and calls, a sample source.

Everything goes through the owning apps' services where one exists, so the demo is made
the way a real manager's data is. Running it again refreshes it and duplicates nothing.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from agents.models import Agent
from agents.services import agent_create
from calendars.models import Appointment
from calendars.selectors import agent_free_slots
from calendars.services import CalendarUnavailable, SlotUnavailable, appointment_book
from rentals.models import RentalSource
from voice.models import Call, ToolInvocation

from . import site as demo_site
from .leads import demo_leads

DEMO_EMAIL = "demo@leaseline.local"
DEMO_PASSWORD = "leaseline-demo"
DEMO_STAFF_EMAIL = "staff@leaseline.local"
DEMO_AGENT_NAME = "Riley (demo leasing line)"
DEMO_SOURCE_NAME = "Prairie Street Rentals (demo site)"
DEMO_TIMEZONE = "America/Chicago"
DEMO_VIEWINGS = (
    ("Jordan Lee", "+15125550142", "voice"),
    ("Sam Ortiz", "+15125550187", "voice"),
    ("Priya Shah", "+15125550123", "web"),
)
# (hours ago, seconds, number, summary, ended reason)
DEMO_CALLS = (
    (
        3,
        184,
        "+15125550142",
        "Caller asked for a one bedroom under $1,500 that allows cats; booked a viewing.",
        "customer-ended-call",
    ),
    (27, 96, "+15125550187", "Asked about parking at the Lamar two bedroom; booked a viewing.", "customer-ended-call"),
    (
        50,
        45,
        "+15125550199",
        "Wanted a three bedroom in Round Rock; none available, took no booking.",
        "customer-ended-call",
    ),
    (75, 230, "+15125550123", "Long questions about pet deposits and move-in dates.", "assistant-ended-call"),
    (130, 61, "+15125550111", "Wrong number.", "customer-ended-call"),
    (200, 140, "+15125550160", "Asked for studios available next month.", "customer-ended-call"),
    (290, 75, "+15125550175", "Checked whether the Cedar townhouse was still available.", "customer-ended-call"),
)


def _demo_user():
    user = User.objects.filter(email__iexact=DEMO_EMAIL).first() or User(email=DEMO_EMAIL)
    user.name = "Dana Demo"
    user.timezone = DEMO_TIMEZONE
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _demo_staff():
    """The admin's login (/admin/). Its password is new on every run and only printed: a
    superuser must not keep a password written in the source."""
    password = secrets.token_urlsafe(12)
    user = User.objects.filter(email__iexact=DEMO_STAFF_EMAIL).first() or User(email=DEMO_STAFF_EMAIL)
    user.name = "Sam Staff"
    user.is_active = user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.full_clean()
    user.save()
    return user, password


def _demo_agent(user):
    agent = Agent.objects.for_user(user).filter(agent_name=DEMO_AGENT_NAME).first()
    if agent is not None:
        return agent
    return agent_create(
        user=user,
        agent_name=DEMO_AGENT_NAME,
        timezone=DEMO_TIMEZONE,
        first_message="Hi, thanks for calling Prairie Street Rentals! Are you looking for a place to rent?",
        instructions="You answer calls for Prairie Street Rentals in Austin. Be warm and brief.",
        working_hours={
            "mon": [["09:00", "12:00"], ["13:00", "18:00"]],
            "tue": [["09:00", "18:00"]],
            "wed": [["09:00", "18:00"]],
            "thu": [["09:00", "18:00"]],
            "fri": [["09:00", "17:00"]],
            "sat": [["10:00", "14:00"]],
            "sun": [],
        },
        slot_minutes=30,
        min_notice_minutes=60,
        booking_horizon_days=21,
    )


def _demo_viewings(user, agent):
    """A few viewings in the agent's first free slots, booked once (the calendar keeps them)."""
    if Appointment.objects.for_user(user).exists():
        return
    slots = agent_free_slots(user=user, agent=agent).slots
    # Spread out: one of every four free slots, so the calendar does not look packed.
    for (name, phone, source), slot in zip(DEMO_VIEWINGS, slots[3::4], strict=False):
        try:
            appointment_book(
                user=user,
                agent=agent,
                start=slot.start,
                attendee_name=name,
                attendee_phone=phone,
                source=source,
                vapi_call_id=f"demo-call-{phone[-4:]}" if source == "voice" else "",
                notes="Demo viewing.",
            )
        except (SlotUnavailable, CalendarUnavailable):
            continue


def _demo_calls(user, agent):
    """Calls over the last two weeks, refreshed relative to now so the chart stays alive."""
    now = timezone.now()
    for hours_ago, seconds, number, summary, reason in DEMO_CALLS:
        started = now - timedelta(hours=hours_ago)
        call, _ = Call.objects.update_or_create(
            user=user,
            vapi_call_id=f"demo-call-{number[-4:]}",
            defaults={
                "agent": agent,
                "status": "ended",
                "started_at": started,
                "ended_at": started + timedelta(seconds=seconds),
                "duration_seconds": seconds,
                "ended_reason": reason,
                "customer_number": number,
                "summary": summary,
                "cost": round(seconds * 0.0015, 4),
                "messages": [
                    {"role": "bot", "message": agent.first_message},
                    {"role": "user", "message": "Hi, I'm looking for a place to rent."},
                    {"role": "bot", "message": "Happy to help. What area and budget do you have in mind?"},
                ],
                "transcript": f"AI: {agent.first_message}\nUser: Hi, I'm looking for a place to rent.",
            },
        )
        ToolInvocation.objects.update_or_create(
            user=user,
            tool_call_id=f"demo-tool-{number[-4:]}",
            defaults={
                "agent": agent,
                "call": call,
                "name": "search_rentals",
                "arguments": {"max_price": 1500, "city": "Austin"},
                "result": "2 rentals found, best matches first: see the rentals page after the demo source is scraped.",
                "duration_ms": 12.0,
            },
        )


def _demo_source(user):
    """The sample site LeaseLine serves at /demo/, read through its JSON-LD."""
    start_url = f"{settings.PUBLIC_BASE_URL}/demo/jsonld/"
    source, _ = RentalSource.objects.update_or_create(
        user=user,
        name=DEMO_SOURCE_NAME,
        defaults={
            "website_url": start_url,
            "scraping_config": demo_site.jsonld_scraping_config(start_url),
            "is_active": True,
            "scrape_interval_minutes": 1440,
        },
    )
    return source


@transaction.atomic
def demo_load():
    """Create (or refresh) the demo manager and their data, and a staff login for the admin;
    safe to run again. Returns ((manager, password), (staff, password))."""
    user = _demo_user()
    agent = _demo_agent(user)
    _demo_source(user)
    _demo_calls(user, agent)
    _demo_viewings(user, agent)
    demo_leads(user=user, agent=agent)
    return (user, DEMO_PASSWORD), _demo_staff()
