"""Realistic data for the benchmarks, loaded with bulk inserts."""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

CITIES = [
    "Austin",
    "Chicago",
    "Denver",
    "Portland",
    "Seattle",
    "Boston",
    "Atlanta",
    "Phoenix",
    "Dallas",
    "Miami",
    "Nashville",
    "Raleigh",
    "Tampa",
    "Columbus",
    "Minneapolis",
    "Oakland",
    "Tucson",
    "Omaha",
    "Madison",
    "Richmond",
]
STREETS = ["Oak", "Maple", "Cedar", "Pine", "Elm", "Lake", "Hill", "Park", "Main", "River"]


def load(*, users=10, rentals=100_000, calls=10_000, seed=7):
    from accounts.models import User
    from agents.models import Agent
    from calendars.models import Appointment
    from rentals.models import Rental, RentalSource, ScrapeRun
    from voice.models import Call

    rng = random.Random(seed)
    now = timezone.now()
    people = []
    for i in range(users):
        user = User(email=f"bench{i}@leaseline.test", name=f"Bench Manager {i}", timezone="America/Chicago")
        user.set_unusable_password()
        user.save()
        people.append(user)

    agents, sources = {}, {}
    for user in people:
        agents[user.pk] = [
            Agent.objects.create(user=user, agent_name=f"Leasing desk {n}", timezone="America/Chicago")
            for n in range(2)
        ]
        sources[user.pk] = [
            RentalSource.objects.create(user=user, name=f"Site {n}", website_url=f"https://site{n}.example.com")
            for n in range(2)
        ]
        for source in sources[user.pk]:
            ScrapeRun.objects.create(
                user=user,
                source=source,
                status="succeeded",
                trigger="schedule",
                started_at=now,
                finished_at=now,
                pages_fetched=5,
                listings_found=100,
            )

    batch = []
    for n in range(rentals):
        user = people[n % users]
        source = sources[user.pk][n % 2]
        city = rng.choice(CITIES)
        batch.append(
            Rental(
                user=user,
                source=source,
                external_id=f"unit-{n}",
                url=f"https://{source.website_url[8:]}/units/{n}",
                title=f"{rng.randint(0, 4) or 'Studio'} bed near {rng.choice(STREETS)} Park",
                address=f"{rng.randint(100, 9999)} {rng.choice(STREETS)} St",
                city=city,
                state="TX",
                postal_code=f"{rng.randint(10000, 99999)}",
                price=Decimal(rng.randrange(900, 4500, 25)),
                bedrooms=rng.randint(0, 4),
                bathrooms=Decimal(rng.choice(["1", "1.5", "2", "2.5", "3"])),
                square_feet=rng.randint(350, 2400),
                available_from=(now + timedelta(days=rng.randint(-30, 90))).date(),
                pets_allowed=rng.choice([True, False, None]),
                description="Bright unit with in-unit laundry.",
                status="available" if rng.random() < 0.85 else "unavailable",
                first_seen_at=now,
                last_seen_at=now,
            )
        )
        if len(batch) == 5000:
            Rental.objects.bulk_create(batch)
            batch = []
    Rental.objects.bulk_create(batch)

    batch = []
    for n in range(calls):
        user = people[n % users]
        started = now - timedelta(minutes=rng.randint(1, 60 * 24 * 60))
        duration = rng.randint(20, 600)
        batch.append(
            Call(
                user=user,
                agent=agents[user.pk][n % 2],
                vapi_call_id=f"bench-call-{n}",
                status="ended",
                started_at=started,
                ended_at=started + timedelta(seconds=duration),
                duration_seconds=duration,
                ended_reason="customer-ended-call",
                customer_number=f"+1512555{n % 10000:04d}",
                summary="Caller asked about a two bedroom.",
            )
        )
    Call.objects.bulk_create(batch, batch_size=5000)

    batch = []
    for user in people:
        for n in range(30):
            start = (now + timedelta(days=n % 14, hours=1)).replace(minute=0, second=0, microsecond=0)
            batch.append(
                Appointment(
                    user=user,
                    agent=agents[user.pk][0],
                    start=start,
                    end=start + timedelta(minutes=30),
                    attendee_name=f"Renter {n}",
                    attendee_phone=f"+1512555{n:04d}",
                    source="voice",
                )
            )
    Appointment.objects.bulk_create(batch)
    return people, agents


def session_cookie(user):
    """A signed-in session for `user`, as a browser would hold it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.EmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key
