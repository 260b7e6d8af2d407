"""The security matrix of the HTML pages, read from the URL configuration: every page x
{anonymous: sent to sign in; another user: 404; a POST without the CSRF token: 403}, and every
form on every page carries the token. After every refused request the database is exactly as
before. The API's matrix is in test_security_matrix.py.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import resolve

from testsupport.clients import signed_in
from testsupport.routes import PUBLIC_PAGES, html_pages

from . import security_world
from .security_world import assert_nothing_leaks, database_state

# The two managers' worlds, as this module's fixtures.
owned, rivals = security_world.owned, security_world.rivals

pytestmark = pytest.mark.django_db


def test_pages_send_anonymous_visitors_to_sign_in_and_change_nothing(client, owned):
    before = database_state()
    for page in html_pages():
        if page.name in PUBLIC_PAGES:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(page.url(owned))
            refused = response.status_code == 405 or (
                response.status_code == 302 and response["Location"].startswith("/login/")
            )
            assert refused, f"{method.upper()} {page.name}: {response.status_code}"
            assert database_state() == before, f"{method.upper()} {page.name} changed something"


def test_another_users_pages_are_404_and_lists_show_only_their_own(other_user, owned, rivals):
    rival = signed_in(other_user, Client)
    before = database_state()
    for page in html_pages():
        if page.name in PUBLIC_PAGES:
            continue
        methods = ("get", "post") if page.on_object else ("get",)
        for method in methods:
            response = getattr(rival, method)(page.url(owned), {"tool": "search_rentals"} if method == "post" else {})
            expected = (404, 405) if page.on_object else (200, 405)
            assert response.status_code in expected, f"{method.upper()} {page.name}: {response.status_code}"
            assert_nothing_leaks(response, page.name)
            assert database_state() == before, f"{method.upper()} {page.name} changed something"


def test_every_post_without_the_csrf_token_is_403_and_changes_nothing(user, owned):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    before = database_state()
    for page in html_pages():
        response = browser.post(page.url(owned), {"agent_name": "Forged", "tool": "search_rentals"})
        assert response.status_code == 403, f"POST {page.name}: {response.status_code}"
        assert database_state() == before, f"POST {page.name} changed something"
    assert Client(enforce_csrf_checks=True).post("/admin/login/", {"username": user.email}).status_code == 403


class FormScanner(HTMLParser):
    """The POST forms of a page (action, carries the CSRF token) and its htmx write targets."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.htmx_targets = []
        self.htmx_headers = ""
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.htmx_headers = attrs.get("hx-headers") or ""
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "token": False}
            self.forms.append(self._form)
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken" and self._form is not None:
            self._form["token"] = bool(attrs.get("value"))
        self.htmx_targets += [attrs[name] for name in ("hx-post", "hx-put", "hx-patch", "hx-delete") if attrs.get(name)]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def test_every_form_on_every_page_carries_the_csrf_token_and_is_refused_without_it(user, owned, settings):
    settings.VAPI_API_KEY = "shows-the-sync-form"  # no request reaches VAPI: the pages are only read
    manager = signed_in(user, Client)
    visits = [(manager, page.url(owned)) for page in html_pages() if page.name not in PUBLIC_PAGES]
    visits += [(Client(), "/login/"), (Client(), "/admin/login/")]
    targets = set()
    for client, url in visits:
        response = client.get(url)
        if response.status_code != 200:
            continue  # POST-only endpoints, redirects
        scanner = FormScanner()
        scanner.feed(response.content.decode())
        for form in scanner.forms:
            assert form["token"], f"a form on {url} has no CSRF token"
            targets.add(form["action"] or url)
        if scanner.htmx_targets:
            assert '"X-CSRFToken"' in scanner.htmx_headers, f"htmx on {url} sends no CSRF token"
            targets.update(scanner.htmx_targets)

    forms = {resolve(target.split("?")[0]).view_name for target in targets}
    assert forms >= {
        "login",
        "logout",
        "account",
        "agents:new",
        "agents:edit",
        "agents:sync",
        "agents:rotate-secret",
        "agents:delete",
        "voice:agent-try",
        "rentals:new",
        "rentals:edit",
        "rentals:delete",
        "rentals:source-new",
        "rentals:source-edit",
        "rentals:source-delete",
        "rentals:source-scrape",
        "rentals:source-preview",
        "calendars:connect",
        "calendars:disconnect",
        "calendars:cancel",
        "calendars:book",
    }, forms
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    before = database_state()
    for target in sorted(targets):
        assert browser.post(target, {"agent_name": "Forged"}).status_code == 403, target
    assert database_state() == before
