"""What the Microsoft and Google fakes share: a threaded loopback HTTP server and an OAuth server.

Each fake is a small threaded HTTP server on 127.0.0.1 that answers like the real service,
from payloads shaped like the providers' documentation: OIDC discovery, the token endpoint
(authorization_code with PKCE, refresh_token, invalid_grant), Graph calendarView with
absolute @odata.nextLink paging, Google events.list with pageToken, freeBusy, insert with a
client-chosen id, delete. `fail_next(...)` injects 429 with Retry-After, 5xx, 401 or a slow
answer for the next matching requests.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

CLIENT_ID = "leaseline-test-client"
CLIENT_SECRET = "leaseline-test-client-secret"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned_jwt(claims):
    # Neither msal nor LeaseLine checks an id_token signature from the token endpoint.
    header = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{b64url(json.dumps(claims).encode())}.sig"


def pkce_challenge(verifier):
    return b64url(hashlib.sha256(verifier.encode()).digest())


def parse_time(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


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
            self.faults.append(
                {
                    "path": path_contains,
                    "method": method,
                    "status": status,
                    "times": times,
                    "retry_after": retry_after,
                    "delay": delay,
                    "body": body,
                }
            )

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
            "challenge": query["code_challenge"],
            "redirect_uri": query["redirect_uri"],
            "nonce": query.get("nonce"),
            "email": email,
            "scope": query["scope"],
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
            return Response(
                200,
                {
                    "access_token": access,
                    "refresh_token": refresh,
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    **extra(record["email"], record),
                },
            )
        if grant == "refresh_token":
            email = self.refresh_tokens.get(form.get("refresh_token", ""))
            if email is None:
                return Response(
                    400,
                    {
                        "error": "invalid_grant",
                        "error_description": "Token has been expired or revoked.",
                    },
                )
            access, refresh = self._issue(email)
            answer = {"access_token": access, "token_type": "Bearer", "expires_in": 3600, **extra(email, None)}
            if self.rotate_refresh_tokens:
                del self.refresh_tokens[form["refresh_token"]]
                answer["refresh_token"] = refresh
            return Response(200, answer)
        return Response(400, {"error": "unsupported_grant_type"})
