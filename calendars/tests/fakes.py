"""Loopback stand-ins for Microsoft's identity platform + Graph and Google OAuth + Calendar.

Each fake is a small threaded HTTP server on 127.0.0.1 that answers like the real service,
from payloads shaped like the providers' documentation: OIDC discovery, the token endpoint
(authorization_code with PKCE, refresh_token, invalid_grant), Graph calendarView with
absolute @odata.nextLink paging, Google events.list with pageToken, freeBusy, insert with a
client-chosen id, delete. `fail_next(...)` injects 429 with Retry-After, 5xx, 401 or a slow
answer for the next matching requests.

msal accepts only an https authority. Tests configure MICROSOFT_AUTHORITY as
https://login.leaseline.test/<tenant> and mount `LoopbackAdapter` for that host on the
calendar client's requests Session (the one msal gets as its `http_client`), so the sign-in
traffic reaches the fake over plain HTTP on loopback. That is configuration of the outside
world's address, like any base-URL setting; nothing inside LeaseLine is replaced.
"""
import base64
import hashlib
import json
import secrets
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlencode, urlsplit, urlunsplit

from requests.adapters import HTTPAdapter

MICROSOFT_LOGIN_HOST = "login.leaseline.test"
MICROSOFT_TENANT = "tenant"
CLIENT_ID = "leaseline-test-client"
CLIENT_SECRET = "leaseline-test-client-secret"


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned_jwt(claims):
    # Neither msal nor LeaseLine checks an id_token signature from the token endpoint.
    header = _b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{_b64url(json.dumps(claims).encode())}.sig"


def pkce_challenge(verifier):
    return _b64url(hashlib.sha256(verifier.encode()).digest())


def parse_time(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


class LoopbackAdapter(HTTPAdapter):
    """Sends https://<fake host>/path to http://127.0.0.1:<port>/path."""

    def __init__(self, target_url):
        super().__init__()
        self.target = urlsplit(target_url)

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        request.url = urlunsplit((self.target.scheme, self.target.netloc, parts.path, parts.query, ""))
        return super().send(request, **kwargs)


class Response:
    def __init__(self, status=200, body=None, headers=None):
        self.status = status
        self.body = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        self.headers = {"Content-Type": "application/json", **(headers or {})}


class LoopbackFake:
    """A threaded HTTP server whose `handle(request)` subclasses implement."""

    def __init__(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                request = Request(
                    self.command, unquote(parts.path), parse_qs(parts.query), dict(self.headers.items()), body
                )
                response = fake.dispatch(request)
                self.send_response(response.status)
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(response.body)))
                self.end_headers()
                self.wfile.write(response.body)

            do_GET = do_POST = do_DELETE = do_PATCH = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.lock = threading.RLock()
        self.requests = []
        self.faults = []
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, path_contains, *, status=None, times=1, retry_after=None, delay=None, body=None, method=None):
        """The next `times` requests whose path contains `path_contains` fail (or answer late)."""
        with self.lock:
            self.faults.append({
                "path": path_contains, "method": method, "status": status, "times": times,
                "retry_after": retry_after, "delay": delay, "body": body,
            })

    def _take_fault(self, request):
        with self.lock:
            for fault in self.faults:
                if fault["path"] in request.path and fault["method"] in (None, request.method) and fault["times"] > 0:
                    fault["times"] -= 1
                    return fault
        return None

    def dispatch(self, request):
        with self.lock:
            self.requests.append(request)
        fault = self._take_fault(request)
        if fault:
            if fault["delay"]:
                time.sleep(fault["delay"])
            if fault["status"]:
                headers = {"Retry-After": str(fault["retry_after"])} if fault["retry_after"] is not None else {}
                body = fault["body"] or {"error": {"code": "fault", "message": f"injected {fault['status']}"}}
                return Response(fault["status"], body, headers)
        return self.handle(request)

    def handle(self, request):
        raise NotImplementedError

    def seen(self, path_contains, method=None):
        return [r for r in self.requests if path_contains in r.path and method in (None, r.method)]


class Request:
    def __init__(self, method, path, query, headers, body):
        self.method = method
        self.path = path
        self.query = {key: values[-1] for key, values in query.items()}
        self.headers = {key.lower(): value for key, value in headers.items()}
        self.body = body

    def form(self):
        return {key: values[-1] for key, values in parse_qs(self.body.decode()).items()}

    def json(self):
        return json.loads(self.body or b"{}")

    @property
    def bearer(self):
        value = self.headers.get("authorization", "")
        return value[7:] if value.startswith("Bearer ") else ""


class OAuthServerMixin:
    """Authorization codes with PKCE, access and refresh tokens, revocation."""

    def _init_oauth(self):
        self.codes = {}
        self.refresh_tokens = {}
        self.access_tokens = {}
        self.issued_refresh_tokens = []
        self.issued_access_tokens = []
        self.rotate_refresh_tokens = False

    def consent(self, authorization_url, *, email):
        """The user signs in and consents: returns the callback's query (code and state)."""
        query = {key: values[-1] for key, values in parse_qs(urlsplit(authorization_url).query).items()}
        assert query["client_id"] == CLIENT_ID
        assert query["code_challenge_method"] == "S256" and query["code_challenge"]
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "challenge": query["code_challenge"], "redirect_uri": query["redirect_uri"],
            "nonce": query.get("nonce"), "email": email, "scope": query["scope"],
        }
        return {"code": code, "state": query["state"]}

    def revoke(self, email=None):
        """Every refresh token (of one account) stops working, as after the user revoked access."""
        for token, account in list(self.refresh_tokens.items()):
            if email is None or account == email:
                del self.refresh_tokens[token]

    def expire_access_tokens(self):
        self.access_tokens.clear()

    def _issue(self, email):
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.access_tokens[access] = email
        self.refresh_tokens[refresh] = email
        self.issued_access_tokens.append(access)
        self.issued_refresh_tokens.append(refresh)
        return access, refresh

    def _token_endpoint(self, request, extra):
        form = request.form()
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return Response(401, {"error": "invalid_client"})
        grant = form.get("grant_type")
        if grant == "authorization_code":
            record = self.codes.pop(form.get("code", ""), None)
            if (
                record is None
                or record["redirect_uri"] != form.get("redirect_uri")
                or pkce_challenge(form.get("code_verifier", "")) != record["challenge"]
            ):
                return Response(400, {"error": "invalid_grant", "error_description": "Bad code or verifier."})
            access, refresh = self._issue(record["email"])
            return Response(200, {
                "access_token": access, "refresh_token": refresh, "token_type": "Bearer", "expires_in": 3600,
                **extra(record["email"], record),
            })
        if grant == "refresh_token":
            email = self.refresh_tokens.get(form.get("refresh_token", ""))
            if email is None:
                return Response(400, {
                    "error": "invalid_grant", "error_description": "Token has been expired or revoked.",
                })
            access, refresh = self._issue(email)
            answer = {"access_token": access, "token_type": "Bearer", "expires_in": 3600, **extra(email, None)}
            if self.rotate_refresh_tokens:
                del self.refresh_tokens[form["refresh_token"]]
                answer["refresh_token"] = refresh
            return Response(200, answer)
        return Response(400, {"error": "unsupported_grant_type"})


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
            "aud": CLIENT_ID, "iss": f"{self.authority}/v2.0", "tid": MICROSOFT_TENANT, "oid": uid,
            "preferred_username": email, "name": email.split("@")[0], "iat": int(time.time()),
            "exp": int(time.time()) + 3600,
        }
        if record and record.get("nonce"):
            claims["nonce"] = record["nonce"]
        return {
            "scope": "Calendars.ReadWrite User.Read openid profile offline_access",
            "id_token": unsigned_jwt(claims),
            "client_info": _b64url(json.dumps({"uid": uid, "utid": MICROSOFT_TENANT}).encode()),
        }

    # --- Graph ---
    def add_event(self, email, *, start, end, subject="Busy", show_as="busy", all_day=False, cancelled=False):
        event_id = f"AAMkAD{secrets.token_hex(8)}="
        self.events[email][event_id] = {
            "id": event_id, "subject": subject, "isAllDay": all_day, "isCancelled": cancelled, "showAs": show_as,
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
            return Response(200, {
                "authorization_endpoint": f"{base}/authorize", "token_endpoint": f"{base}/token",
                "issuer": f"{self.authority}/v2.0", "jwks_uri": f"{self.authority}/discovery/v2.0/keys",
                "response_modes_supported": ["query", "fragment", "form_post"],
            })
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
                event for event in self.events[email].values()
                if parse_time(event["start"]["dateTime"][:19] + "Z") < end
                and parse_time(event["end"]["dateTime"][:19] + "Z") > start
            ),
            key=lambda event: event["start"]["dateTime"],
        )
        skip = int(request.query.get("$skiptoken", 0))
        size = min(int(request.query.get("$top", 10)), self.page_size)
        answer = {"value": matching[skip:skip + size]}
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


class FakeGoogle(OAuthServerMixin, LoopbackFake):
    """oauth2.googleapis.com/token and www.googleapis.com/calendar/v3."""

    def __init__(self, page_size=2):
        super().__init__()
        self._init_oauth()
        self.page_size = page_size
        self.events = defaultdict(dict)  # email -> id -> Google event
        self.deleted = set()
        self.token_uri = f"{self.url}/token"
        self.calendar_api_url = f"{self.url}/calendar/v3"
        self.auth_uri = "https://accounts.leaseline.test/o/oauth2/v2/auth"
        # Inserts that store the event and then answer too late (the answer is "lost").
        self.slow_inserts = 0
        self.slow_insert_seconds = 1.0

    def _token_extra(self, email, record):
        extra = {"scope": (record or {}).get("scope") or "openid email https://www.googleapis.com/auth/calendar.events"}
        extra["id_token"] = unsigned_jwt({"email": email, "email_verified": True, "aud": CLIENT_ID})
        return extra

    def add_event(self, email, *, start=None, end=None, date=None, end_date=None, summary="Busy",
                  status="confirmed", transparency="opaque", event_type="default"):
        event_id = secrets.token_hex(10)
        if date:
            times = {"start": {"date": date}, "end": {"date": end_date}}
        else:
            times = {"start": {"dateTime": start.isoformat()}, "end": {"dateTime": end.isoformat()}}
        self.events[email][event_id] = {
            "id": event_id, "status": status, "summary": summary, "transparency": transparency,
            "eventType": event_type, **times,
        }
        return event_id

    def all_events(self):
        return [event for events in self.events.values() for event in events.values()]

    @staticmethod
    def _bounds(event):
        if "date" in event["start"]:
            return (
                datetime.fromisoformat(event["start"]["date"]).replace(tzinfo=UTC),
                datetime.fromisoformat(event["end"]["date"]).replace(tzinfo=UTC),
            )
        return parse_time(event["start"]["dateTime"]), parse_time(event["end"]["dateTime"])

    def _error(self, status, reason, message=""):
        return Response(status, {"error": {"errors": [{"domain": "global", "reason": reason, "message": message}],
                                           "code": status, "message": message or reason}})

    def handle(self, request):
        path = request.path
        if path == "/token" and request.method == "POST":
            return self._token_endpoint(request, self._token_extra)
        if not path.startswith("/calendar/v3/"):
            return Response(404, {"error": "not found"})
        email = self.access_tokens.get(request.bearer)
        if email is None:
            return self._error(401, "authError", "Invalid Credentials")
        rest = path[len("/calendar/v3"):]
        if rest == "/freeBusy" and request.method == "POST":
            return self._free_busy(request, email)
        parts = rest.split("/")  # ['', 'calendars', '<id>', 'events', ('<event id>')]
        if len(parts) >= 4 and parts[1] == "calendars" and parts[3] == "events":
            if len(parts) == 4 and request.method == "GET":
                return self._list(request, email)
            if len(parts) == 4 and request.method == "POST":
                return self._insert(request, email)
            if len(parts) == 5:
                return self._one(request, email, parts[4])
        return self._error(404, "notFound")

    def _overlapping(self, email, start, end):
        with self.lock:
            events = list(self.events[email].values())
        return sorted(
            (event for event in events if self._bounds(event)[0] < end and self._bounds(event)[1] > start),
            key=lambda event: self._bounds(event)[0],
        )

    def _list(self, request, email):
        query = request.query
        assert query.get("singleEvents") == "true"
        matching = self._overlapping(email, parse_time(query["timeMin"]), parse_time(query["timeMax"]))
        offset = int(query.get("pageToken") or 0)
        answer = {"kind": "calendar#events", "summary": email, "timeZone": "UTC",
                  "items": matching[offset:offset + self.page_size]}
        if offset + self.page_size < len(matching):
            answer["nextPageToken"] = str(offset + self.page_size)
        else:
            answer["nextSyncToken"] = "sync"
        return Response(200, answer)

    def _free_busy(self, request, email):
        body = request.json()
        start, end = parse_time(body["timeMin"]), parse_time(body["timeMax"])
        busy = [
            {"start": self._bounds(event)[0].isoformat().replace("+00:00", "Z"),
             "end": self._bounds(event)[1].isoformat().replace("+00:00", "Z")}
            for event in self._overlapping(email, start, end)
            if event["status"] != "cancelled" and event.get("transparency") != "transparent"
        ]
        calendars = {item["id"]: {"busy": busy} for item in body["items"]}
        return Response(200, {"kind": "calendar#freeBusy", "timeMin": body["timeMin"], "timeMax": body["timeMax"],
                              "calendars": calendars})

    def _insert(self, request, email):
        body = request.json()
        event_id = body.get("id", "")
        if not (5 <= len(event_id) <= 1024 and all(c in "abcdefghijklmnopqrstuv0123456789" for c in event_id)):
            return self._error(400, "invalid", "Invalid resource id value.")
        with self.lock:
            if event_id in self.events[email] or event_id in self.deleted:
                return self._error(409, "duplicate", "The requested identifier already exists.")
            self.events[email][event_id] = {"status": "confirmed", "eventType": "default", **body}
            slow, self.slow_inserts = self.slow_inserts > 0, max(0, self.slow_inserts - 1)
        if slow:
            time.sleep(self.slow_insert_seconds)
        return Response(200, self.events[email][event_id])

    def _one(self, request, email, event_id):
        with self.lock:
            if request.method == "GET":
                event = self.events[email].get(event_id)
                return Response(200, event) if event else self._error(404, "notFound")
            if request.method == "DELETE":
                if self.events[email].pop(event_id, None) is None:
                    return self._error(410 if event_id in self.deleted else 404, "deleted")
                self.deleted.add(event_id)
                return Response(204)
        return self._error(405, "methodNotAllowed")

