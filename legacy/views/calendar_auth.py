"""Connecting a calendar as the frontend does it (C1-C5): status and disconnect per provider,
the start answering 307 to the provider, and the way back to the frontend's /users page.

The connect itself is LeaseLine's (`calendars.connections`): the same single-use state, the
same provider callback at /api/calendar/auth/callback and the same allow-list for redirect_url.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_safe
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from calendars.api.views import calendar_unavailable_response
from calendars.connections import (
    InvalidRedirect,
    ProviderNotConfigured,
    connection_disconnect,
    oauth_start,
    redirect_url_allowed,
)
from calendars.models import CalendarConnection
from calendars.selectors import connection_list
from calendars.services import CalendarUnavailable
from core.exceptions import error_response

from ..calendar_shapes import connect_outcome, connection_status, provider_name
from .base import LegacyAnswerMixin

REDIRECT_URL_MAX_LENGTH = 1024


def _connection(user, provider):
    """The user's connection to `provider`, a working one first."""
    connections = connection_list(user=user).filter(provider=provider)
    return connections.filter(status=CalendarConnection.Status.ACTIVE).first() or connections.first()


class CalendarStatusView(LegacyAnswerMixin, APIView):
    provider = ""

    def get(self, request):
        connection = _connection(request.user, self.provider)
        return Response(connection_status(user=request.user, provider=self.provider, connection=connection))


class CalendarAuthStartView(LegacyAnswerMixin, APIView):
    """307 with `Location` at the provider's consent page: the frontend fetches this with
    redirect:'manual' and accepts only a 2xx or a 307 (FE:src/actions/calendar-actions.ts:L108)."""

    provider = ""

    def get(self, request):
        redirect_url = request.query_params.get("redirect_url", "")
        if len(redirect_url) > REDIRECT_URL_MAX_LENGTH or (redirect_url and not redirect_url_allowed(redirect_url)):
            message = "redirect_url must be this site or an allowed frontend origin."
            return error_response(message, code="invalid", fields={"redirect_url": [message]})
        back = reverse("legacy:calendar-auth-finish")
        if redirect_url:
            back += "?" + urlencode({"to": redirect_url})
        try:
            url = oauth_start(user=request.user, provider=self.provider, redirect_url=back)
        except InvalidRedirect as exc:
            return error_response(str(exc), code="invalid")
        except ProviderNotConfigured as exc:
            return error_response(str(exc), code="not_configured", status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
        except CalendarUnavailable as exc:
            return calendar_unavailable_response(exc)
        response = HttpResponse(status=307)
        response["Location"] = url
        return response


@require_safe
def calendar_auth_finish(request):
    """Where LeaseLine's callback sends the browser: on to `<redirect_url>/users?auth=…&message=…`.

    Public, like the callback: it only words the outcome. The target is checked against the
    same allow-list again, so this address is no open redirect.
    """
    to = request.GET.get("to", "")
    outcome = {key: request.GET.get(key, "") for key in ("connected", "pending", "error")}
    if not to or len(to) > REDIRECT_URL_MAX_LENGTH or not redirect_url_allowed(to):
        # No frontend to return to: LeaseLine's own calendar page handles every outcome.
        query = urlencode({key: value for key, value in outcome.items() if value})
        separator = "&" if "?" in settings.CALENDAR_REDIRECT_URL else "?"
        return HttpResponseRedirect(f"{settings.CALENDAR_REDIRECT_URL}{separator}{query}")
    auth, message = connect_outcome(outcome)
    return HttpResponseRedirect(f"{to.rstrip('/')}/users?{urlencode({'auth': auth, 'message': message})}")


class CalendarDisconnectView(LegacyAnswerMixin, APIView):
    """DELETE answers 200 JSON: the frontend parses the body (C5)."""

    provider = ""
    http_method_names = ["delete", "options"]

    def delete(self, request):
        connections = list(connection_list(user=request.user).filter(provider=self.provider))
        for connection in connections:
            connection_disconnect(user=request.user, connection=connection)
        name = provider_name(self.provider)
        message = f"Your {name} calendar is disconnected." if connections else f"No {name} calendar was connected."
        return Response({"success": True, "message": message})
