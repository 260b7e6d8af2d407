"""Twilio's Messages API on loopback (pytest-httpserver), answering like api.twilio.com.

It checks each request as Twilio documents it: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
HTTP basic auth with that account's SID and auth token (else 401 with Twilio's error object),
a form-encoded body with `To` (E.164), `From` (the account's number) and `Body` (at most 1600
characters). A good request gets 201 and the Message resource; a `To` that is not E.164 gets
400 with error 21211, as Twilio sends it. `fail_next` makes the next requests answer 429 or
5xx. Every request is recorded, parsed.
"""

import base64
import json
import re
import uuid
from dataclasses import dataclass, field
from email.utils import format_datetime
from urllib.parse import parse_qs

import pytest
from django.utils import timezone
from werkzeug.wrappers import Response

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "twilio-test-auth-token"
FROM_NUMBER = "+15005550006"
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>[^/]+)/Messages\.json$")


def _error(status, code, message):
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


@dataclass
class SentText:
    to: str
    from_: str
    body: str
    sid: str


@dataclass
class FakeTwilio:
    server: object
    texts: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    faults: list = field(default_factory=list)

    def __post_init__(self):
        self.url = self.server.url_for("").rstrip("/")
        self.server.expect_request(re.compile(r"^/2010-04-01/.*")).respond_with_handler(self.handle)

    def fail_next(self, status, *, times=1):
        """The next `times` requests answer `status` (429 or 5xx) with Twilio's error object."""
        self.faults += [status] * times

    def handle(self, request):
        form = {key: values[-1] for key, values in parse_qs(request.get_data(as_text=True)).items()}
        self.requests.append(
            {"method": request.method, "path": request.path, "headers": dict(request.headers), "form": form}
        )
        match = PATH.match(request.path)
        if match is None:
            return self._json(404, _error(404, 20404, "The requested resource was not found"))
        if request.method != "POST":
            return self._json(405, _error(405, 20004, "Method not allowed"))
        if not self._authorised(request, match["sid"]):
            return self._json(401, _error(401, 20003, "Authenticate"))
        if self.faults:
            status = self.faults.pop(0)
            return self._json(
                status,
                _error(
                    status,
                    20429 if status == 429 else 20500,
                    "Too Many Requests" if status == 429 else "Internal Server Error",
                ),
            )
        if request.mimetype != "application/x-www-form-urlencoded":
            return self._json(400, _error(400, 21609, "Invalid content type"))
        return self._message(form)

    def _authorised(self, request, sid):
        header = request.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return (user, password) == (ACCOUNT_SID, AUTH_TOKEN) and sid == ACCOUNT_SID

    def _message(self, form):
        to, sender, body = form.get("To", ""), form.get("From", ""), form.get("Body", "")
        if not to:
            return self._json(400, _error(400, 21604, "A 'To' phone number is required."))
        if not E164.match(to):
            return self._json(400, _error(400, 21211, f"Invalid 'To' Phone Number: {to}"))
        if sender != FROM_NUMBER:
            return self._json(
                400,
                _error(
                    400,
                    21606,
                    f"The 'From' phone number provided ({sender}) is not a valid message-capable Twilio phone number "
                    "for this destination/account.",
                ),
            )
        if not body:
            return self._json(400, _error(400, 21602, "Message body is required."))
        if len(body) > 1600:
            return self._json(
                400, _error(400, 21617, "The concatenated message body exceeds the 1600 character limit.")
            )
        sid = "SM" + uuid.uuid4().hex
        self.texts.append(SentText(to=to, from_=sender, body=body, sid=sid))
        now = format_datetime(timezone.now())
        return self._json(
            201,
            {
                "account_sid": ACCOUNT_SID,
                "api_version": "2010-04-01",
                "body": body,
                "date_created": now,
                "date_sent": None,
                "date_updated": now,
                "direction": "outbound-api",
                "error_code": None,
                "error_message": None,
                "from": sender,
                "messaging_service_sid": None,
                "num_media": "0",
                "num_segments": "1",
                "price": None,
                "price_unit": "USD",
                "sid": sid,
                "status": "queued",
                "subresource_uris": {"media": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}/Media.json"},
                "to": to,
                "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
            },
        )

    @staticmethod
    def _json(status, body):
        return Response(json.dumps(body), status=status, content_type="application/json")


def twilio_env(fake):
    """The settings a worker process needs (as environment variables) to text through `fake`."""
    return {
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": FROM_NUMBER,
        "TWILIO_API_URL": fake.url,
    }


@pytest.fixture
def fake_twilio(httpserver, settings):
    """Twilio configured against the fake."""
    fake = FakeTwilio(httpserver)
    for name, value in twilio_env(fake).items():
        setattr(settings, name, value)
    return fake
