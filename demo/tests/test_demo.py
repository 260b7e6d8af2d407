"""The demo data `make run` loads and the sample listing site the demo source scrapes."""

import pytest
from django.core.management import call_command

from accounts.models import User
from agents.models import Agent
from calendars.models import Appointment
from demo.services import DEMO_EMAIL, DEMO_PASSWORD, DEMO_STAFF_EMAIL
from rentals.models import RentalSource
from voice.models import Call

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent(capsys):
    call_command("demo")
    call_command("demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out and DEMO_EMAIL in out
    user = User.objects.get(email=DEMO_EMAIL)
    assert user.check_password(DEMO_PASSWORD)
    assert Agent.objects.for_user(user).count() == 1
    assert RentalSource.objects.for_user(user).count() == 1
    assert "/demo/" in RentalSource.objects.for_user(user).get().website_url
    assert Call.objects.for_user(user).count() == 7
    booked = Appointment.objects.for_user(user).filter(status="booked")
    assert 1 <= booked.count() <= 3
    assert booked.filter(source="voice").exists()


def test_demo_prints_a_staff_login_that_opens_the_admin(capsys, client):
    call_command("demo")
    call_command("demo")
    out = capsys.readouterr().out
    assert out.count(DEMO_STAFF_EMAIL) == 2 and "/admin/" in out
    password = out.strip().splitlines()[-1].rsplit(" / ", 1)[1]  # each run sets a new one
    staff = User.objects.get(email=DEMO_STAFF_EMAIL)
    assert staff.is_staff and staff.is_superuser and staff.check_password(password)

    response = client.post("/admin/login/?next=/admin/", {"username": DEMO_STAFF_EMAIL, "password": password})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # The manager's demo login is still refused there: the admin is for staff.
    client.logout()
    refused = client.post("/admin/login/?next=/admin/", {"username": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert refused.status_code == 200 and "/admin/login/" in refused.wsgi_request.path


def test_demo_site_pages_serve_listings_with_pagination(client):
    page_one = client.get("/demo/css/").content.decode()
    assert page_one.count('class="listing"') == 4 and 'class="next"' in page_one
    last = client.get("/demo/css/", {"page": 3}).content.decode()
    assert last.count('class="listing"') == 1 and 'class="next"' not in last
    jsonld = client.get("/demo/jsonld/").content.decode()
    assert '"@graph"' in jsonld and "application/ld+json" in jsonld
    assert client.get("/demo/listings/maple-101/").status_code == 200
    assert client.get("/demo/listings/nope/").status_code == 404
