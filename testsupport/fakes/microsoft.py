"""Microsoft's identity platform and Graph on loopback.

msal accepts only an https authority. Tests configure MICROSOFT_AUTHORITY as
https://login.leaseline.test/<tenant> and mount `LoopbackAdapter` for that host on the
calendar client's requests Session (the one msal gets as its `http_client`), so the sign-in
traffic reaches the fake over plain HTTP on loopback. That is configuration of the outside
world's address, like any base-URL setting; nothing inside LeaseLine is replaced.
"""

import hashlib
import json
import secrets
import time
from collections import defaultdict
from datetime import UTC
from urllib.parse import urlencode, urlsplit, urlunsplit

from requests.adapters import HTTPAdapter

from .calendar_provider import CLIENT_ID, LoopbackFake, OAuthServerMixin, Response, b64url, parse_time, unsigned_jwt

MICROSOFT_LOGIN_HOST = "login.leaseline.test"
MICROSOFT_TENANT = "tenant"


class LoopbackAdapter(HTTPAdapter):
    """Sends https://<fake host>/path to http://127.0.0.1:<port>/path."""

    def __init__(self, target_url):
        super().__init__()
        self.target = urlsplit(target_url)

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        request.url = urlunsplit((self.target.scheme, self.target.netloc, parts.path, parts.query, ""))
        return super().send(request, **kwargs)


class FakeMicrosoft(OAuthServerMixin, LoopbackFake):
    """login.microsoftonline.com (OIDC discovery, token) and graph.microsoft.com/v1.0."""

    def __init__(self, page_size=2):
        super().__init__()
        self._init_oauth()
        self.rotate_refresh_tokens = True
        self.page_size = page_size
        self.events = defaultdict(dict)  # email -> id -> Graph event
        self.transaction_ids = {}
        self.authority = f"https://{MICROSOFT_LOGIN_HOST}/{MICROSOFT_TENANT}"
        self.graph_url = f"{self.url}/v1.0"

    # --- identity platform ---
    def _token_extra(self, email, record):
        uid = hashlib.sha256(email.encode()).hexdigest()[:16]
        claims = {
            "aud": CLIENT_ID,
            "iss": f"{self.authority}/v2.0",
            "tid": MICROSOFT_TENANT,
            "oid": uid,
            "preferred_username": email,
            "name": email.split("@")[0],
            "iat": int(time.time()),
            "exp": int(time.time()) + 3600,
        }
        if record and record.get("nonce"):
            claims["nonce"] = record["nonce"]
        return {
            "scope": "Calendars.ReadWrite User.Read openid profile offline_access",
            "id_token": unsigned_jwt(claims),
            "client_info": b64url(json.dumps({"uid": uid, "utid": MICROSOFT_TENANT}).encode()),
        }

    # --- Graph ---
    def add_event(self, email, *, start, end, subject="Busy", show_as="busy", all_day=False, cancelled=False):
        event_id = f"AAMkAD{secrets.token_hex(8)}="
        self.events[email][event_id] = {
            "id": event_id,
            "subject": subject,
            "isAllDay": all_day,
            "isCancelled": cancelled,
            "showAs": show_as,
            "start": {"dateTime": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": "UTC"},
            "end": {"dateTime": end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": "UTC"},
            "location": {"displayName": ""},
        }
        return event_id

    def all_events(self):
        return [event for events in self.events.values() for event in events.values()]

    def _graph_error(self, status, code):
        return Response(status, {"error": {"code": code, "message": code, "innerError": {"request-id": "x"}}})

    def handle(self, request):
        path = request.path
        if path == f"/{MICROSOFT_TENANT}/v2.0/.well-known/openid-configuration":
            base = f"{self.authority}/oauth2/v2.0"
            return Response(
                200,
                {
                    "authorization_endpoint": f"{base}/authorize",
                    "token_endpoint": f"{base}/token",
                    "issuer": f"{self.authority}/v2.0",
                    "jwks_uri": f"{self.authority}/discovery/v2.0/keys",
                    "response_modes_supported": ["query", "fragment", "form_post"],
                },
            )
        if path == f"/{MICROSOFT_TENANT}/oauth2/v2.0/token" and request.method == "POST":
            return self._token_endpoint(request, self._token_extra)
        if not path.startswith("/v1.0/"):
            return Response(404, {"error": "not found"})
        email = self.access_tokens.get(request.bearer)
        if email is None:
            return self._graph_error(401, "InvalidAuthenticationToken")
        prefer = request.headers.get("prefer", "")
        if 'IdType="ImmutableId"' not in prefer or 'outlook.timezone="UTC"' not in prefer:
            return self._graph_error(400, "MissingPreferHeader")
        with self.lock:
            if path == "/v1.0/me/calendar/calendarView" and request.method == "GET":
                return self._calendar_view(request, email)
            if path == "/v1.0/me/calendar/events" and request.method == "POST":
                return self._create(request, email)
            if path.startswith("/v1.0/me/events/") and request.method == "DELETE":
                event_id = path.rsplit("/", 1)[1]
                if self.events[email].pop(event_id, None) is None:
                    return self._graph_error(404, "ErrorItemNotFound")
                return Response(204)
        return self._graph_error(404, "ResourceNotFound")

    def _calendar_view(self, request, email):
        start, end = parse_time(request.query["startDateTime"]), parse_time(request.query["endDateTime"])
        matching = sorted(
            (
                event
                for event in self.events[email].values()
                if parse_time(event["start"]["dateTime"][:19] + "Z") < end
                and parse_time(event["end"]["dateTime"][:19] + "Z") > start
            ),
            key=lambda event: event["start"]["dateTime"],
        )
        skip = int(request.query.get("$skiptoken", 0))
        size = min(int(request.query.get("$top", 10)), self.page_size)
        answer = {"value": matching[skip : skip + size]}
        if skip + size < len(matching):
            query = {key: value for key, value in request.query.items() if key != "$skiptoken"}
            answer["@odata.nextLink"] = (
                f"{self.graph_url}/me/calendar/calendarView?{urlencode({**query, '$skiptoken': skip + size})}"
            )
        return Response(200, answer)

    def _create(self, request, email):
        body = request.json()
        transaction_id = body.get("transactionId")
        if transaction_id and transaction_id in self.transaction_ids:
            return Response(201, self.events[email][self.transaction_ids[transaction_id]])
        start = parse_time(body["start"]["dateTime"] + "Z")
        end = parse_time(body["end"]["dateTime"] + "Z")
        event_id = self.add_event(email, start=start, end=end, subject=body.get("subject", ""))
        if transaction_id:
            self.transaction_ids[transaction_id] = event_id
        return Response(201, self.events[email][event_id])
