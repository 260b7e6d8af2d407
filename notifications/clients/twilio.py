"""Twilio's Programmable Messaging REST API: the one place LeaseLine sends a text.

`POST {TWILIO_API_URL}/2010-04-01/Accounts/{TWILIO_ACCOUNT_SID}/Messages.json`, form-encoded
`To`, `From` and `Body`, HTTP basic auth with the account SID and auth token. Twilio answers
201 with the Message resource (`sid`, `status` "queued"/"accepted", …) or an error object
`{"code", "message", "more_info", "status"}`.

Failures become two named exceptions, so the Celery task retries only what may succeed later:
a timeout, a connection failure, 429 and 5xx are TwilioTransientError; any other 4xx (a bad
number, a refused sender, wrong credentials) or an answer that is not Twilio's JSON is
TwilioPermanentError. Messages carry Twilio's status, code and text, never the token.

Only a POST that never reached Twilio (no connection) is retried here: one that did may have
sent the text, and the task's own backoff takes over from there.
"""

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from requests.auth import HTTPBasicAuth
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from core.retries import RetryPolicy

# (connect, read) seconds: a worker never waits long on Twilio; the task retries later.
TIMEOUT = (3.05, 10)
MAX_ATTEMPTS = 2
BODY_MAX_LENGTH = 1600
API_VERSION = "2010-04-01"


def _never_connected(method, error):
    return isinstance(error, (ConnectTimeoutError, NewConnectionError))


RETRY_POLICY = RetryPolicy(
    attempts=MAX_ATTEMPTS,
    retry_error=_never_connected,
    backoff=lambda attempt, response, error: 0.25 * 2 ** (attempt - 1),
)


class TwilioError(Exception):
    """A text could not be sent; `str(error)` is safe to store and show."""

    def __init__(self, message, *, status_code=None, code=None):
        super().__init__(message)
        self.status_code = status_code
        self.code = code


class TwilioNotConfigured(TwilioError):
    """TWILIO_ACCOUNT_SID (or its token or sender) is not set: no texts."""


class TwilioTransientError(TwilioError):
    """Timeouts, connection failures, 429 and 5xx: try again later."""


class TwilioPermanentError(TwilioError):
    """Twilio refused the message (4xx); sending it again unchanged will not help."""


def twilio_configured():
    return bool(settings.TWILIO_ACCOUNT_SID and settings.TWILIO_AUTH_TOKEN and settings.TWILIO_FROM_NUMBER)


def _error_of(response):
    """Twilio's own explanation from its error object: (code, text)."""
    try:
        body = response.json()
    except ValueError:
        return None, ""
    if not isinstance(body, dict):
        return None, ""
    code = body.get("code")
    return code, " ".join(str(body.get("message") or "").split())[:300]


class TwilioClient:
    def __init__(self, *, account_sid=None, auth_token=None, from_number=None, base_url=None, session=None):
        self.account_sid = account_sid or settings.TWILIO_ACCOUNT_SID
        self.auth_token = auth_token or settings.TWILIO_AUTH_TOKEN
        self.from_number = from_number or settings.TWILIO_FROM_NUMBER
        self.base_url = (base_url or settings.TWILIO_API_URL).rstrip("/")
        if not (self.account_sid and self.auth_token and self.from_number):
            raise TwilioNotConfigured("Texts are not configured on this server (TWILIO_ACCOUNT_SID).")
        self.session = session or requests.Session()
        self.session.mount(self.base_url + "/", HTTPAdapter(max_retries=RETRY_POLICY))

    def message_create(self, *, to, body):
        """Sends one text; returns Twilio's Message resource (a dict with its `sid`)."""
        url = f"{self.base_url}/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"
        data = {"To": to, "From": self.from_number, "Body": body[:BODY_MAX_LENGTH]}
        try:
            response = self.session.post(
                url,
                data=data,
                auth=HTTPBasicAuth(self.account_sid, self.auth_token),
                headers={"Accept": "application/json"},
                timeout=TIMEOUT,
            )
        except requests.RequestException as exc:
            raise TwilioTransientError(f"Twilio could not be reached ({type(exc).__name__}).") from exc
        return self._answer(response)

    @staticmethod
    def _answer(response):
        if response.status_code == 429 or response.status_code >= 500:
            code, text = _error_of(response)
            raise TwilioTransientError(
                f"Twilio answered {response.status_code}" + (f": {text}" if text else "") + ".",
                status_code=response.status_code,
                code=code,
            )
        if response.status_code >= 400:
            code, text = _error_of(response)
            label = f"Twilio refused the text ({response.status_code}" + (f", error {code}" if code else "") + ")"
            raise TwilioPermanentError(
                label + (f": {text}" if text else "."), status_code=response.status_code, code=code
            )
        try:
            message = response.json()
        except ValueError as exc:
            raise TwilioPermanentError("Twilio's answer was not JSON.", status_code=response.status_code) from exc
        if not isinstance(message, dict) or not message.get("sid"):
            raise TwilioPermanentError("Twilio's answer named no message.", status_code=response.status_code)
        return message
