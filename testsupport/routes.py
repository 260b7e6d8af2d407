"""Every API endpoint and every HTML page, read from the URL configuration.

Tests that must cover every route (the security matrix, the secrets check) walk these, so a
route added tomorrow is covered tomorrow, or the walk fails and asks to classify it.
"""

import re
from dataclasses import dataclass

from django.urls import URLResolver, get_resolver, reverse

from agents.models import Agent, PhoneNumber
from calendars.models import Appointment, CalendarConnection
from config import api
from leads.models import Lead
from rentals.models import Rental, RentalSource, ScrapeRun
from voice.models import Call

API_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Endpoint:
    """One method of one API route."""

    name: str
    regex: str
    method: str
    view: type

    @property
    def on_object(self):
        return "(?P<pk>" in self.regex

    @property
    def model(self):
        queryset = getattr(self.view, "queryset", None)
        return queryset.model if queryset is not None else None

    def path(self, pk=None):
        path = re.sub(r"\(\?P<pk>[^)]*\)", str(pk), self.regex) if self.on_object else self.regex
        return "/api/" + path.removeprefix("^").removesuffix("$").removesuffix("/?")

    def path_for(self, objects):
        """The path on the first of `objects[model]` ({model: [objects]}) when the route names one."""
        return self.path(objects[self.model][0].pk) if self.on_object else self.path()

    def __str__(self):
        return f"{self.method.upper()} {self.regex}"


def api_endpoints():
    """Every method of every API route that needs credentials.

    The public views (webhooks, the OAuth callback) are those without DRF authentication;
    config/tests/test_api_contract.py pins which they are.
    """
    endpoints = []
    for pattern in api.urlpatterns:
        view = getattr(pattern.callback, "cls", None)
        if view is None or not view.authentication_classes:
            continue
        actions = getattr(pattern.callback, "actions", None) or {}
        endpoints += [
            Endpoint(pattern.name, pattern.pattern.regex.pattern, method, view)
            for method in API_METHODS
            if method in view.http_method_names and (method in actions if actions else hasattr(view, method))
        ]
    return endpoints


# Pages for everyone: signing in and out, and the sample listing site the demo scrapes.
PUBLIC_PAGES = {
    "login",
    "logout",
    "demo:index",
    "demo:jsonld",
    "demo:css",
    "demo:listing",
}
# Which object the ids in each page's URL name.
PAGE_OBJECTS = {
    **{f"agents:{name}": {"pk": Agent} for name in ("detail", "edit", "sync", "rotate-secret", "delete")},
    **{f"voice:{name}": {"pk": Agent} for name in ("agent-try", "agent-try-fields")},
    **{f"rentals:{name}": {"pk": Rental} for name in ("detail", "edit", "delete")},
    **{
        f"rentals:{name}": {"pk": RentalSource}
        for name in ("source-detail", "source-edit", "source-delete", "source-scrape")
    },
    "rentals:run-progress": {"pk": RentalSource, "run_pk": ScrapeRun},
    "calendars:disconnect": {"pk": CalendarConnection},
    "calendars:cancel": {"pk": Appointment},
    "calendars:attendance": {"pk": Appointment},
    "leads:detail": {"pk": Lead},
    "voice:call-detail": {"pk": Call},
    "agents:phone-number-attach": {"pk": PhoneNumber},
}
OTHER_ARGUMENTS = {"provider": "google", "slug": "maple-street-2br"}


@dataclass(frozen=True)
class Page:
    """One HTML page (or form target) by its namespaced URL name and URL arguments."""

    name: str
    arguments: tuple

    @property
    def on_object(self):
        return self.name in PAGE_OBJECTS

    def url(self, objects):
        """The page's URL on the first of `objects[model]` ({model: [objects]}) it names."""
        kwargs = {}
        for argument in self.arguments:
            model = PAGE_OBJECTS.get(self.name, {}).get(argument)
            if model is ScrapeRun:  # a run of the source the page is about
                kwargs[argument] = next(run.pk for run in objects[ScrapeRun] if run.source_id == kwargs["pk"])
            elif model is not None:
                kwargs[argument] = objects[model][0].pk
            else:
                kwargs[argument] = OTHER_ARGUMENTS[argument]
        return reverse(self.name, kwargs=kwargs)


def html_pages():
    """Every page outside /api/ and /admin/ (health checks and the API schema are not pages)."""
    pages = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern) not in ("admin/", "api/"):
                    walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name is not None and not str(pattern.pattern).startswith("^"):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                pages.append(Page(name, tuple(pattern.pattern.converters)))

    walk(get_resolver().url_patterns, None)
    unknown = [
        page.name
        for page in pages
        if any(name not in OTHER_ARGUMENTS and name not in PAGE_OBJECTS.get(page.name, {}) for name in page.arguments)
    ]
    assert not unknown, f"say in testsupport.routes.PAGE_OBJECTS which object these pages name: {unknown}"
    return pages
