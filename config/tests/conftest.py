"""Fixtures of the cross-app tests: scraping settings for a fake site on loopback, and the
manager's world the page fuzzing runs in."""

import re
import zoneinfo
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from agents.models import Agent, PhoneNumber
from agents.tests.factories import AgentFactory
from calendars.models import Appointment, CalendarConnection
from calendars.selectors import agent_free_slots
from calendars.tests.conftest import calendar_settings, google  # noqa: F401  (fixtures)
from calendars.tests.factories import AppointmentFactory
from calendars.tests.flows import connect
from leads.models import Lead
from leads.tests.factories import LeadFactory
from rentals.models import Rental, RentalSource, ScrapeRun
from rentals.tests.factories import RentalFactory, RentalSourceFactory, ScrapeRunFactory
from testsupport.clients import signed_in
from testsupport.routes import PUBLIC_PAGES
from voice.models import Call
from voice.tests.factories import CallFactory, ToolInvocationFactory


@pytest.fixture
def scraper_settings(settings):
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    settings.SCRAPER_POLITENESS_DELAY_SECONDS = 0
    settings.SCRAPER_RETRY_BACKOFF_SECONDS = 0
    return settings


# The manager's world -------------------------------------------------------------------------

LISTING_PAGE = """<html><body>
<div class="listing" data-id="fz-1"><h2>Fuzz flat</h2><span class="rent">$1,850/mo</span>
<span class="beds">2 bd</span><a href="/listings/fz-1">Details</a></div>
<div class="listing" data-id="fz-2"><h2>Fuzz loft</h2><span class="rent">$2,100/mo</span>
<span class="beds">Studio</span><a href="/listings/fz-2">Details</a></div>
</body></html>"""


@dataclass
class World:
    user: object
    objects: dict  # {model: [objects]}, as testsupport.routes.Page.url reads it
    fills: dict  # a valid value for each required field a page shows blank
    manager: Client
    visitor: Client

    def client_for(self, page_name):
        return self.visitor if page_name in PUBLIC_PAGES else self.manager


@pytest.fixture
def world(user, settings, httpserver, google):  # noqa: F811
    settings.VAPI_API_KEY = ""  # agents stay local: no request leaves for VAPI
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True  # sources read the listing site on loopback
    settings.SCRAPER_POLITENESS_DELAY_SECONDS = 0
    settings.SCRAPER_RETRY_BACKOFF_SECONDS = 0
    settings.AXES_FAILURE_LIMIT = 1  # every refused sign-in also meets the lockout answer
    httpserver.expect_request(re.compile(".*")).respond_with_data(LISTING_PAGE, content_type="text/html")
    agent = AgentFactory(user=user, agent_name="Fuzz line", vapi_assistant_id="asst-fuzz-pages")
    source = RentalSourceFactory(user=user, name="Fuzz site", website_url=httpserver.url_for("/listings"))
    rental = RentalFactory(user=user, source=source, title="Fuzz flat")
    run = ScrapeRunFactory(source=source, status=ScrapeRun.Status.FAILED, error="The site answered 500.")
    # Google's calendar on loopback: the pages read its events and busy times as they would Google's.
    connection = connect(signed_in(user), google, "google", email="fuzz@example.com")
    appointment = AppointmentFactory(user=user, agent=agent, rental=rental, start=timezone.now() + timedelta(days=1))
    lead = LeadFactory(user=user, name="Fuzz Renter", phone="+15125550188")
    appointment.lead = lead
    appointment.save(update_fields=["lead"])
    phone_call = CallFactory(agent=agent, lead=lead, summary="Asked about the Fuzz flat.")
    phone = PhoneNumber.objects.create(user=user, number="+15125550177", name="Fuzz number", agent=agent)
    ToolInvocationFactory(call=phone_call)
    slot = timezone.localtime(agent_free_slots(user=user, agent=agent).slots[0].start, zoneinfo.ZoneInfo(user.timezone))
    fills = {
        "agent_name": "Fuzz line two",
        "title": "Fuzz cottage",
        "price": "1850",
        "website_url": source.website_url,
        "agent": str(agent.pk),
        "start": slot.strftime("%Y-%m-%dT%H:%M"),
        "attendee_name": "Fuzz Renter",
        "username": user.email,
        "password": "not the password",
    }
    objects = {
        Agent: [agent],
        RentalSource: [source],
        Rental: [rental],
        ScrapeRun: [run],
        CalendarConnection: [connection],
        Appointment: [appointment],
        Call: [phone_call],
        PhoneNumber: [phone],
        Lead: [lead],
    }
    manager, visitor = signed_in(user, Client), Client()
    # A 5xx is answered and reported with its cause, not raised into the test.
    manager.raise_request_exception = visitor.raise_request_exception = False
    return World(user, objects, fills, manager, visitor)
