"""`/legacy/`: the existing Next.js frontend's calls (DESIGN.md, "Compatibility prefix for the
existing frontend"; every call in reference/nextjs-frontend.md). Every path answers with and
without a trailing slash."""

from django.urls import re_path

from calendars.models import CalendarConnection

from .views import agents, calendar, calendar_auth, database, health, rentals, sources, users, vapi

app_name = "legacy"

MICROSOFT, GOOGLE = CalendarConnection.Provider.MICROSOFT, CalendarConnection.Provider.GOOGLE
AGENT_LIST = agents.LegacyAgentViewSet.as_view({"get": "list", "post": "create"})
AGENT_DETAIL = agents.LegacyAgentViewSet.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"})
RENTAL_LIST = rentals.LegacyRentalViewSet.as_view({"get": "list", "post": "create"})
SOURCE_LIST = sources.LegacySourceViewSet.as_view({"get": "list", "post": "create"})
SOURCE_DETAIL = sources.LegacySourceViewSet.as_view({"delete": "destroy"})
RENTAL_DETAIL = rentals.LegacyRentalViewSet.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"})


def calendar_paths(prefix, provider, name):
    return [
        re_path(
            rf"^{prefix}auth/status/?$",
            calendar_auth.CalendarStatusView.as_view(provider=provider),
            name=f"{name}-status",
        ),
        re_path(
            rf"^{prefix}auth/start/?$",
            calendar_auth.CalendarAuthStartView.as_view(provider=provider),
            name=f"{name}-start",
        ),
        re_path(
            rf"^{prefix}auth/disconnect/?$",
            calendar_auth.CalendarDisconnectView.as_view(provider=provider),
            name=f"{name}-disconnect",
        ),
    ]


urlpatterns = [
    re_path(r"^$", health.root, name="root"),
    re_path(r"^health/?$", health.health, name="health"),
    # Users
    re_path(r"^users/me/?$", users.LegacyMeView.as_view(), name="user-me"),
    re_path(r"^users/create-from-clerk/?$", users.ClerkRelayRefusedView.as_view(), name="clerk-relay-create"),
    re_path(r"^users/by-clerk-id/[^/]+/?$", users.ClerkRelayRefusedView.as_view(), name="clerk-relay-user"),
    re_path(r"^users/[^/]+/calendar-status/?$", users.ClerkRelayRefusedView.as_view(), name="clerk-relay-calendar"),
    # Agents
    re_path(r"^agents/?$", AGENT_LIST, name="agent-list"),
    re_path(r"^agents/(?P<pk>\d+)/?$", AGENT_DETAIL, name="agent-detail"),
    re_path(r"^agents/(?P<agent_id>\d+)/variables/?$", agents.AgentVariablesView.as_view(), name="agent-variables"),
    re_path(r"^agents/(?P<agent_id>\d+)/functions/?$", agents.AgentFunctionsView.as_view(), name="agent-functions"),
    # Calendar: Microsoft without a provider in the path, Google with one
    *calendar_paths("calendar/", MICROSOFT, "calendar-microsoft"),
    *calendar_paths("calendar/google/", GOOGLE, "calendar-google"),
    re_path(r"^calendar/auth/finish/?$", calendar_auth.calendar_auth_finish, name="calendar-auth-finish"),
    re_path(r"^calendar/events/?$", calendar.CalendarEventsView.as_view(), name="calendar-events"),
    re_path(r"^calendar/availability/?$", calendar.AvailabilityView.as_view(), name="calendar-availability"),
    # Rentals
    re_path(r"^rentals/?$", RENTAL_LIST, name="rental-list"),
    re_path(r"^rentals/(?P<pk>\d+)/?$", RENTAL_DETAIL, name="rental-detail"),
    re_path(r"^database/available/?$", database.AvailableRentalsView.as_view(), name="database-available"),
    re_path(r"^database/status/?$", database.DatabaseStatusView.as_view(), name="database-status"),
    re_path(r"^database/sources/?$", SOURCE_LIST, name="database-sources"),
    re_path(r"^database/sources/(?P<pk>\d+)/?$", SOURCE_DETAIL, name="database-source"),
    # VAPI
    re_path(r"^vapi/assistants/?$", vapi.AssistantsView.as_view(), name="vapi-assistants"),
    re_path(r"^vapi/webhook/?$", vapi.webhook, name="vapi-webhook"),
]
