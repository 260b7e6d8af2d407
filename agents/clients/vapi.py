"""VAPI's REST API (assistants, phone numbers), the one place LeaseLine talks to api.vapi.ai.

Bearer a private key against VAPI_API_URL: the key is the client's own (`VapiClient(api_key=…)`,
a manager's own organisation) or, by default, the platform's VAPI_API_KEY. Every key reaches one
organisation only; another's assistants and numbers are 404 to it.

A timeout on every request, bounded retries for throttling and server errors, and failures
turned into a few named exceptions: whatever requests raises and every 5xx or timeout is a
VapiTransientError; a 4xx, or an answer that is not the JSON VAPI documents (HTML, a list
where an object belongs, nesting too deep to read, an assistant without an id), is a
VapiPermanentError. Nothing else escapes. Messages carry VAPI's status
code and its own error text, never the key.
"""

import logging
from urllib.parse import quote

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError

from core.retries import RetryPolicy

logger = logging.getLogger(__name__)

# (connect, read) seconds. Sync runs inside an API request, so both stay short.
TIMEOUT = (3.05, 15)
MAX_ATTEMPTS = 3
BACKOFF_SECONDS = 0.25
RETRY_AFTER_CAP_SECONDS = 2.0
# A POST that reached VAPI may have created the assistant, so only answers that say it did
# not (throttled, unavailable) are retried for POST; idempotent methods retry every 5xx.
_RETRY_STATUSES_POST = {429, 503}
_RETRY_STATUSES_IDEMPOTENT = {429, 500, 502, 503, 504}


# A POST that timed out waiting for its answer may have created the assistant: not retried.
# A POST that never connected, or whose connection dropped, is retried like the others.
def _retry_error(method, error):
    return method != "POST" or not isinstance(error, ReadTimeoutError)


RETRY_POLICY = RetryPolicy(
    attempts=MAX_ATTEMPTS,
    statuses=_RETRY_STATUSES_IDEMPOTENT,
    statuses_by_method={"POST": _RETRY_STATUSES_POST},
    retry_error=_retry_error,
    backoff=lambda attempt, response, error: BACKOFF_SECONDS * 2 ** (attempt - 1),
    retry_after_cap=RETRY_AFTER_CAP_SECONDS,
)
# VAPI's ids are UUIDs; an agent's `vapi_assistant_id` column holds 64 characters.
ASSISTANT_ID_MAX_LENGTH = 64


class VapiError(Exception):
    """A VAPI call failed; `str(error)` is safe to store and show to the agent's owner."""

    def __init__(self, message, *, status_code=None):
        super().__init__(message)
        self.status_code = status_code


class VapiNotConfigured(VapiError):
    """No key for the organisation asked for (VAPI_API_KEY unset, or no own account): agents stay local."""


class VapiTransientError(VapiError):
    """Timeouts, connection failures, 429 and 5xx that outlasted the retries: try later."""


class VapiPermanentError(VapiError):
    """VAPI refused the request (4xx); repeating it unchanged will not help."""


class VapiNotFound(VapiPermanentError):
    """404: no such assistant (deleted in the VAPI dashboard, or another organisation's)."""


def _error_text(response):
    """VAPI's own explanation: `{"message": str | [str], "error": str}` on its 4xx answers."""
    try:
        body = response.json()
    except (ValueError, RecursionError):
        return ""
    if not isinstance(body, dict):
        return ""
    message = body.get("message") or body.get("error") or ""
    if isinstance(message, list):
        message = "; ".join(str(item) for item in message[:5])
    return " ".join(str(message).split())[:400]


class VapiClient:
    def __init__(self, *, api_key=None, base_url=None, session=None):
        self.api_key = api_key if api_key is not None else settings.VAPI_API_KEY
        self.base_url = (base_url or settings.VAPI_API_URL).rstrip("/")
        self.session = session or requests.Session()
        # Retries for VAPI's own address only, whoever else shares the session.
        self.session.mount(self.base_url + "/", HTTPAdapter(max_retries=RETRY_POLICY))
        if not self.api_key:
            raise VapiNotConfigured("VAPI isn't connected yet.")

    # Assistants

    def assistant_create(self, payload):
        return self._assistant(self._request("POST", "/assistant", json=payload))

    def assistant_get(self, assistant_id):
        return self._assistant(self._request("GET", f"/assistant/{quote(assistant_id, safe='')}"))

    def assistant_list(self, *, limit=100):
        return self._list(self._request("GET", "/assistant", params={"limit": limit}, many=True))

    def assistant_update(self, assistant_id, payload):
        return self._request("PATCH", f"/assistant/{quote(assistant_id, safe='')}", json=payload)

    def assistant_delete(self, assistant_id):
        return self._request("DELETE", f"/assistant/{quote(assistant_id, safe='')}")

    # Phone numbers

    def phone_number_list(self):
        return self._list(self._request("GET", "/phone-number", many=True))

    def phone_number_get(self, phone_number_id):
        return self._request("GET", f"/phone-number/{quote(phone_number_id, safe='')}")

    def phone_number_update(self, phone_number_id, payload):
        return self._request("PATCH", f"/phone-number/{quote(phone_number_id, safe='')}", json=payload)

    # Transport

    def _request(self, method, path, *, many=False, **kwargs):
        """One VAPI call; RETRY_POLICY has retried what may be. Returns VAPI's JSON object
        (its JSON array when `many`)."""
        headers = {"Authorization": f"Bearer {self.api_key}", "Accept": "application/json"}
        try:
            response = self.session.request(method, self.base_url + path, headers=headers, timeout=TIMEOUT, **kwargs)
        except requests.ConnectTimeout:
            problem = VapiTransientError("VAPI could not be reached (connection timed out).")
        except requests.Timeout:
            problem = VapiTransientError("VAPI did not answer in time.")
        except requests.RequestException as exc:
            problem = VapiTransientError(f"VAPI could not be reached ({exc.__class__.__name__}).")
        else:
            status = response.status_code
            if status < 400:
                return self._json(response, many=many)
            detail = _error_text(response)
            message = f"VAPI answered {status}" + (f": {detail}" if detail else ".")
            if status == 404:
                raise VapiNotFound(message, status_code=status)
            if status < 500 and status != 429:
                raise VapiPermanentError(message, status_code=status)
            problem = VapiTransientError(message, status_code=status)
        logger.warning("VAPI %s %s failed: %s", method, path, problem)
        raise problem

    @staticmethod
    def _json(response, *, many=False):
        """The JSON object (array when `many`) VAPI answered ({} for an empty body); raises
        VapiPermanentError."""
        if not response.content and not many:
            return {}
        try:
            body = response.json()
        except (ValueError, RecursionError):
            body = None
        if not isinstance(body, list if many else dict):
            raise VapiPermanentError(
                f"VAPI answered {response.status_code} with a body that is not a JSON object.",
                status_code=response.status_code,
            )
        return body

    @staticmethod
    def _list(body):
        """The objects of a VAPI list; anything else in it is skipped."""
        return [item for item in body if isinstance(item, dict)]

    @staticmethod
    def _assistant(body):
        """`body` when it is an assistant LeaseLine can keep the id of; raises VapiPermanentError."""
        assistant_id = body.get("id")
        if not isinstance(assistant_id, str) or not 0 < len(assistant_id) <= ASSISTANT_ID_MAX_LENGTH:
            raise VapiPermanentError("VAPI answered with an assistant that has no usable id.")
        return body
