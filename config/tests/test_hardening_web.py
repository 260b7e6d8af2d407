"""Hardening of the web tier: sign-in throttling, the Content-Security-Policy, no timing leak."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agents.tests.factories import AgentFactory
from calendars.tests.factories import AppointmentFactory, RentalFactory
from rentals.models import RentalSource

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # UserFactory's
WRONG = "not the password"


def _sign_in(client, url, email, password, address="203.0.113.7"):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=address)


# Sign-in throttling (django-axes) --------------------------------------------------------


@pytest.mark.parametrize("url", ["/login/", "/admin/login/"])
def test_repeated_wrong_passwords_lock_the_account_from_that_address_even_for_the_right_one(settings, url):
    user = UserFactory(email="manager@example.com", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _sign_in(Client(), url, user.email, WRONG)
        assert response.status_code == 200  # the form again, with its error
    assert _sign_in(Client(), url, user.email, WRONG).status_code == 429  # the last failure locks

    locked = _sign_in(Client(), url, user.email, PASSWORD)

    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    assert f"paused for {settings.AXES_COOLOFF_TIME.seconds // 60} minutes" in locked.content.decode()
    assert "_auth_user_id" not in Client().session


def test_a_lock_holds_only_for_that_account_and_address(settings):
    user = UserFactory(email="manager@example.com")
    neighbour = UserFactory(email="neighbour@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(), "/login/", user.email, WRONG)

    from_elsewhere = _sign_in(Client(), "/login/", user.email, PASSWORD, address="198.51.100.20")
    other_account = _sign_in(Client(), "/login/", neighbour.email, PASSWORD)

    assert from_elsewhere.status_code == 302
    assert other_account.status_code == 302


def test_a_right_password_before_the_limit_clears_the_failures(settings):
    user = UserFactory(email="manager@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(Client(), "/login/", user.email, WRONG)
    assert _sign_in(Client(), "/login/", user.email, PASSWORD).status_code == 302

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(Client(), "/login/", user.email, WRONG)
    assert _sign_in(Client(), "/login/", user.email, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "url, message",
    [
        # The manager's sign-in says it in words; the staff admin keeps Django's wording.
        ("/login/", "That email is longer than any account&#x27;s."),
        ("/admin/login/", "at most 254 characters"),
    ],
)
def test_an_email_longer_than_any_account_is_a_form_error_and_records_nothing(url, message):
    from axes.models import AccessAttempt

    response = _sign_in(Client(), url, "a" * 300 + "@example.com", WRONG)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "_auth_user_id" not in response.client.session
    assert not AccessAttempt.objects.exists()


# Content-Security-Policy ----------------------------------------------------------------

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def _pages(user):
    agent = AgentFactory(user=user)
    rental = RentalFactory(user=user)
    source = RentalSource.objects.create(user=user, name="Site", website_url="https://homes.example.com/")
    AppointmentFactory(user=user, agent=agent)
    return [
        "/",
        "/account/",
        reverse("agents:list"),
        reverse("agents:detail", args=[agent.pk]),
        reverse("rentals:list"),
        reverse("rentals:detail", args=[rental.pk]),
        reverse("rentals:source-detail", args=[source.pk]),
        "/calendar/",
        "/calls/",
        "/api/docs/",
    ]


def test_every_page_sends_a_policy_that_allows_no_inline_script_and_has_none(user):
    client = Client()
    client.force_login(user)
    for path in _pages(user):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'", path
        assert "frame-ancestors 'none'" in policy
        html = response.content.decode()
        assert not _INLINE_SCRIPT.search(html), f"inline script on {path}"
        assert not _EVENT_HANDLER.search(html), f"inline event handler on {path}"


def test_the_sign_in_page_and_the_admin_send_the_policy_too():
    for path in ("/login/", "/admin/login/"):
        response = Client().get(path)
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_api_docs_load_their_script_from_the_site():
    client = Client()
    client.force_login(UserFactory())
    page = client.get("/api/docs/").content.decode()
    script_url = re.search(r'<script src="([^"]*script=[^"]*)"', page).group(1).replace("&amp;", "&")
    script = client.get(script_url)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


# Server-Timing ---------------------------------------------------------------------------


def test_server_timing_is_sent_only_when_turned_on(settings, api_client):
    assert "Server-Timing" not in api_client.get("/api/agents")
    assert "Server-Timing" not in Client().get("/healthz")

    settings.SERVER_TIMING = True

    assert re.fullmatch(r"app;dur=[0-9.]+", api_client.get("/api/agents")["Server-Timing"])


# Input no view should ever see ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/agents", "/api/appointments", "/api/rentals", "/api/users/me"])
def test_json_nested_too_deeply_is_a_400_on_every_api(api_client, path):
    body = "[" * 100_000 + "]" * 100_000
    method = api_client.patch if path == "/api/users/me" else api_client.post
    response = method(path, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize(
    "path",
    [
        "/api/calls?start=%00",
        "/api/agents?ordering=%00",
        "/calls/?start=x%00",
        "/admin/accounts/user/?q=%00",
        "/admin/voice/call/?status__exact=%00",
    ],
)
def test_a_nul_in_any_query_is_a_400(path):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json() == {"error": "The query contains a NUL character.", "code": "invalid"}
    else:  # LeaseLine's own page, not a line of plain text
        assert response["Content-Type"].startswith("text/html")
        page = response.content.decode()
        assert 'data-error="400"' in page and "LeaseLine could not read this request" in page
        assert "NUL character" not in page


@pytest.mark.parametrize("debug", [False, True])
def test_a_nul_in_a_pages_query_is_the_branded_page_in_either_mode(settings, debug):
    settings.DEBUG = debug
    response = Client().get("/login/?next=%00")
    assert response.status_code == 400
    assert "LeaseLine could not read this request" in response.content.decode()
    assert not response["Content-Type"].startswith("text/plain")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    legacy = Client().get("/legacy/anything?x=%00")
    assert legacy.status_code == 400 and legacy.json()["code"] == "invalid"


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(settings):
    user = UserFactory(email="manager@example.com")
    for n in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            "/login/",
            {"username": user.email, "password": WRONG},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )

    again = Client().post(
        "/login/",
        {"username": user.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )

    assert again.status_code == 429


def test_behind_a_trusted_proxy_the_address_it_saw_is_the_one_locked(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory(email="manager@example.com")
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The client writes its own X-Forwarded-For; the proxy appends the address it saw.
        Client().post(
            "/login/",
            {"username": user.email, "password": WRONG},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.7",
        )

    locked = Client().post(
        "/login/",
        {"username": user.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    neighbour = Client().post(
        "/login/",
        {"username": user.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )

    assert (locked.status_code, neighbour.status_code) == (429, 302)


def test_changing_the_emails_case_does_not_reset_the_count(settings):
    user = UserFactory(email="manager@example.com")
    spellings = [
        "manager@example.com",
        "Manager@example.com",
        "MANAGER@EXAMPLE.COM",
        " manager@Example.com",
        "manager@EXAMPLE.com",
    ]
    for spelling in spellings[: settings.AXES_FAILURE_LIMIT]:
        _sign_in(Client(), "/login/", spelling, WRONG)

    assert _sign_in(Client(), "/login/", "mAnAgEr@example.com", PASSWORD).status_code == 429
    assert user.email == "manager@example.com"
