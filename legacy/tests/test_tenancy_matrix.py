"""Every `/legacy/` route on another manager's objects, the way the frontend calls it (Clerk
bearer): 404 for each method, nothing of theirs in any list, and the database unchanged.
Read from legacy.urls, so a new route naming an object is checked (or must be named here)."""

import re

import pytest

from agents.models import Agent
from config.tests import security_world
from config.tests.security_world import MARK, database_state
from legacy import urls as legacy_urls
from rentals.models import Rental, RentalSource

pytestmark = pytest.mark.django_db

owned, rivals = security_world.owned, security_world.rivals

# Which object each route's id names.
OBJECT_ROUTES = {
    "agent-detail": Agent,
    "agent-variables": Agent,
    "agent-functions": Agent,
    "rental-detail": Rental,
    "database-source": RentalSource,
}
BODY = {"name": "taken", "agent_name": "Taken over", "title": "Taken over", "variable_id": "v1", "function_id": "f1"}


def _routes():
    routes = []
    for pattern in legacy_urls.urlpatterns:
        regex = pattern.pattern.regex.pattern
        if "(?P<" in regex:
            assert pattern.name in OBJECT_ROUTES, f"say which object /legacy/ route {pattern.name} names"
            routes.append((pattern.name, regex))
    return routes


def _path(regex, pk):
    path = re.sub(r"\(\?P<\w+>[^)]*\)", str(pk), regex)
    return "/legacy/" + path.removeprefix("^").removesuffix("$").removesuffix("/?")


def test_another_managers_objects_are_404_for_every_method_and_nothing_changes(rival_frontend, owned, rivals):
    before = database_state()
    checked = 0
    for name, regex in _routes():
        path = _path(regex, owned[OBJECT_ROUTES[name]][0].pk)
        for method in ("get", "post", "patch", "delete"):
            call = getattr(rival_frontend, method)
            response = call(path) if method in ("get", "delete") else call(path, BODY)
            if response.status_code == 405:
                continue
            assert response.status_code == 404, f"{method.upper()} {path}: {response.status_code}"
            assert MARK not in response.content.decode().lower()
            checked += 1
        assert database_state() == before, f"{path} changed something"
    assert checked >= 10


def test_lists_and_reads_show_only_the_managers_own(rival_frontend, owned, rivals):
    own_lists = ("/legacy/agents", "/legacy/rentals", "/legacy/database/sources", "/legacy/vapi/assistants")
    reads = ("/legacy/database/available", "/legacy/database/status", "/legacy/calendar/auth/status")
    for path in own_lists + reads + ("/legacy/calendar/google/auth/status",):
        response = rival_frontend.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        body = response.content.decode().lower()
        assert MARK not in body, f"{path} shows another manager's data"
        assert path not in own_lists or "rival" in body, f"{path} does not list the manager's own"
