"""The server-rendered pages: they ask for sign-in, render empty and with data, stay owner-scoped
and check CSRF."""

import pytest
from django.test import Client

from agents.models import Agent
from calendars.models import Appointment

pytestmark = pytest.mark.django_db


def _detail_urls(owned):
    return [
        f"/agents/{owned['agent'].pk}/",
        f"/agents/{owned['agent'].pk}/edit/",
        f"/rentals/{owned['rental'].pk}/",
        f"/rentals/{owned['rental'].pk}/edit/",
        f"/sources/{owned['source'].pk}/",
        f"/sources/{owned['source'].pk}/edit/",
        f"/calls/{owned['call'].pk}/",
    ]


LIST_URLS = [
    "/",
    "/agents/",
    "/agents/new/",
    "/rentals/",
    "/rentals/new/",
    "/sources/",
    "/sources/new/",
    "/calendar/",
    "/calendar/appointments/new/",
    "/calls/",
    "/account/",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_pages_ask_for_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("url", LIST_URLS)
def test_pages_render_empty_with_a_next_step(web, url):
    response = web.get(url)
    assert response.status_code == 200
    assert b"<nav" in response.content


def test_pages_render_with_data(web, owned):
    for url in LIST_URLS + _detail_urls(owned):
        response = web.get(url)
        assert response.status_code == 200, url
    home = web.get("/").content.decode()
    assert "Maple site" in home and "needs to be reconnected" in home
    assert "Avery Renter" in home
    call_page = web.get(f"/calls/{owned['call'].pk}/").content.decode()
    assert "Is Maple free?" in call_page and "Find rentals" in call_page and "Avery Renter" not in call_page


def test_another_users_objects_are_404_and_invisible(other_web, owned):
    for url in _detail_urls(owned):
        assert other_web.get(url).status_code == 404, url
    for url in ["/agents/", "/rentals/", "/sources/", "/calendar/", "/calls/", "/"]:
        page = other_web.get(url).content.decode()
        for name in ("Maple line", "Maple flat", "Maple site", "Avery Renter", "+15125550100"):
            assert name not in page, (url, name)
    posts = [
        f"/agents/{owned['agent'].pk}/rotate-secret/",
        f"/agents/{owned['agent'].pk}/delete/",
        f"/agents/{owned['agent'].pk}/try/",
        f"/rentals/{owned['rental'].pk}/delete/",
        f"/sources/{owned['source'].pk}/delete/",
        f"/calendar/appointments/{owned['appointment'].pk}/cancel/",
        f"/calendar/connections/{owned['connection'].pk}/disconnect/",
    ]
    secret = owned["agent"].webhook_secret
    for url in posts:
        assert other_web.post(url, {"tool": "search_rentals"}).status_code == 404, url
    owned["agent"].refresh_from_db()
    assert owned["agent"].webhook_secret == secret
    assert Appointment.objects.get(pk=owned["appointment"].pk).status == "booked"


def test_forms_refuse_a_post_without_the_csrf_token(user, owned):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post("/agents/new/", {"agent_name": "X"}).status_code == 403
    assert client.post(f"/calendar/appointments/{owned['appointment'].pk}/cancel/").status_code == 403
    assert Agent.objects.filter(agent_name="X").count() == 0
