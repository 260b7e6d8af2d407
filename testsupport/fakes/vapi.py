"""VAPI's assistant and phone-number API on loopback (pytest-httpserver), answering like api.vapi.ai.

Every private key belongs to one organisation (the platform key `API_KEY` to "org-test";
`add_org` adds a manager's own). An assistant or number belongs to the organisation whose
key made it (or `seed`ed it); another organisation's is 404 and lists show only the
caller's own, as on VAPI; an unknown key is 401. It records every request and refuses an
assistant that breaks the shape in the VAPI reference notes (§6) with VAPI's 400 body
(`{"message": [...], "error": "Bad Request", "statusCode": 400}`). `fail_next` injects
throttling, server errors, a 404 or garbage bodies for the next requests.
"""

import json
import re
import uuid
from dataclasses import dataclass, field

import pytest
from werkzeug.wrappers import Response

API_KEY = "test-vapi-private-key"
FUNCTION_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
SERVER_MESSAGE_TYPES = {
    "assistant.started",
    "assistant.speechStarted",
    "conversation-update",
    "end-of-call-report",
    "function-call",
    "hang",
    "language-changed",
    "language-change-detected",
    "model-output",
    "phone-call-control",
    "speech-update",
    "status-update",
    "transcript",
    "tool-calls",
    "transfer-destination-request",
    "handoff-destination-request",
    "transfer-update",
    "user-interrupted",
    "voice-input",
}
ASSISTANT_FIELDS = {
    "name",
    "firstMessage",
    "firstMessageMode",
    "model",
    "voice",
    "transcriber",
    "server",
    "serverMessages",
    "clientMessages",
    "endCallMessage",
    "endCallPhrases",
    "voicemailMessage",
    "maxDurationSeconds",
    "metadata",
    "analysisPlan",
    "artifactPlan",
    "hooks",
    "credentialIds",
}
MESSAGE_ROLES = {"assistant", "function", "user", "system", "tool"}
PLATFORM_ORG = "org-test"
PHONE_NUMBER_UPDATE_FIELDS = {"assistantId", "name", "server", "squadId", "workflowId", "fallbackDestination"}
NOT_FOUND = {
    "assistant": {"message": "Couldn't Find Assistant", "error": "Not Found", "statusCode": 404},
    "phone-number": {"message": "Couldn't Find Phone Number", "error": "Not Found", "statusCode": 404},
}


def _model_problems(model):
    if not isinstance(model, dict) or not model.get("provider") or not model.get("model"):
        return ["model.provider and model.model are required"]
    problems = []
    for message in model.get("messages", []):
        if message.get("role") not in MESSAGE_ROLES or not isinstance(message.get("content"), str):
            problems.append("model.messages must have a role and string content")
    for tool in model.get("tools", []):
        function = tool.get("function") or {}
        if tool.get("type") != "function" or not FUNCTION_NAME.match(function.get("name", "")):
            problems.append("model.tools.function.name must match /^[a-zA-Z0-9_-]{1,64}$/")
        if (function.get("parameters") or {}).get("type") != "object":
            problems.append("model.tools.function.parameters.type must be object")
    return problems


def _server_problems(server):
    if not isinstance(server, dict) or not isinstance(server.get("url"), str):
        return ["server.url must be a URL string"]
    if not 1 <= server.get("timeoutSeconds", 20) <= 300:
        return ["server.timeoutSeconds must be between 1 and 300"]
    if not all(isinstance(value, str) for value in (server.get("headers") or {}).values()):
        return ["server.headers values must be strings"]
    return []


def assistant_problems(body):
    """What VAPI's CreateAssistantDTO validation would say about `body` (empty: valid)."""
    problems = [f"property {key} should not exist" for key in body if key not in ASSISTANT_FIELDS]
    name = body.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > 40):
        problems.append("name must be shorter than or equal to 40 characters")
    if body.get("model") is not None:
        problems += _model_problems(body["model"])
    voice = body.get("voice")
    if voice is not None and (not isinstance(voice, dict) or not voice.get("provider") or not voice.get("voiceId")):
        problems.append("voice.provider and voice.voiceId are required")
    if body.get("server") is not None:
        problems += _server_problems(body["server"])
    for message_type in body.get("serverMessages", []):
        if message_type not in SERVER_MESSAGE_TYPES:
            problems.append(f"serverMessages must be one of the server message types, not {message_type}")
    return problems


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    json: object


@dataclass
class FakeVapi:
    server: object
    assistants: dict = field(default_factory=dict)
    phone_numbers: dict = field(default_factory=dict)
    orgs: dict = field(default_factory=lambda: {API_KEY: PLATFORM_ORG})
    requests: list = field(default_factory=list)
    faults: list = field(default_factory=list)

    def __post_init__(self):
        self.url = self.server.url_for("").rstrip("/")
        self.server.expect_request(re.compile(r"^/(assistant|phone-number)(/[^/]+)?$")).respond_with_handler(
            self.handle
        )

    # Test controls

    def add_org(self, api_key, org_id=None):
        """A manager's own VAPI organisation, reached with `api_key`; returns its id."""
        self.orgs[api_key] = org_id or f"org-{uuid.uuid4().hex[:8]}"
        return self.orgs[api_key]

    def fail_next(self, status, *, times=1, method=None, retry_after=None, body=None, raw=None):
        """The next `times` requests (of `method`) get `status` with a JSON `body`, or with
        `raw` bytes sent as they are (garbage)."""
        self.faults.append(
            {"status": status, "times": times, "method": method, "retry_after": retry_after, "body": body, "raw": raw}
        )

    def seed(self, *, key=API_KEY, **fields):
        """An assistant made elsewhere (the VAPI dashboard) in `key`'s organisation."""
        assistant_id = str(uuid.uuid4())
        self.assistants[assistant_id] = {"id": assistant_id, "orgId": self.orgs[key], **fields}
        return assistant_id

    def seed_number(self, number, *, key=API_KEY, **fields):
        """A phone number bought in `key`'s organisation; returns its id."""
        number_id = str(uuid.uuid4())
        self.phone_numbers[number_id] = {
            "id": number_id,
            "orgId": self.orgs[key],
            "number": number,
            "provider": "vapi",
            "name": fields.pop("name", None),
            "assistantId": None,
            **fields,
        }
        return number_id

    def sent(self, method):
        return [request for request in self.requests if request.method == method]

    # The API

    def handle(self, request):
        body = request.get_data()
        payload = json.loads(body) if body else None
        self.requests.append(Recorded(request.method, request.path, dict(request.headers), payload))
        authorization = request.headers.get("Authorization", "")
        org = self.orgs.get(authorization.removeprefix("Bearer ")) if authorization.startswith("Bearer ") else None
        if org is None:
            return self._json(401, {"message": "Invalid Key.", "error": "Unauthorized", "statusCode": 401})
        for fault in self.faults:
            if fault["times"] > 0 and fault["method"] in (None, request.method):
                fault["times"] -= 1
                headers = {"Retry-After": str(fault["retry_after"])} if fault["retry_after"] is not None else {}
                if fault["raw"] is not None:
                    return Response(fault["raw"], fault["status"], headers, content_type="application/json")
                body = fault["body"] or {"message": "injected", "statusCode": fault["status"]}
                return self._json(fault["status"], body, headers)
        resource, _, object_id = request.path.strip("/").partition("/")
        if resource == "phone-number":
            return self._phone_number(request, org, object_id, payload)
        return self._assistant(request, org, object_id, payload)

    def _assistant(self, request, org, assistant_id, payload):
        if not assistant_id:
            if request.method == "GET":
                limit = int(request.args.get("limit", 100))
                return self._json(200, [a for a in self.assistants.values() if a["orgId"] == org][:limit])
            if request.method != "POST":
                return self._json(405, {"message": "Method Not Allowed", "statusCode": 405})
            problems = assistant_problems(payload or {})
            if problems:
                return self._json(400, {"message": problems, "error": "Bad Request", "statusCode": 400})
            created = {"id": str(uuid.uuid4()), "orgId": org, **payload}
            self.assistants[created["id"]] = created
            return self._json(201, created)
        assistant = self.assistants.get(assistant_id)
        if assistant is None or assistant["orgId"] != org:
            return self._json(404, NOT_FOUND["assistant"])
        if request.method == "GET":
            return self._json(200, assistant)
        if request.method == "PATCH":
            problems = assistant_problems(payload or {})
            if problems:
                return self._json(400, {"message": problems, "error": "Bad Request", "statusCode": 400})
            assistant.update(payload)
            return self._json(200, assistant)
        if request.method == "DELETE":
            return self._json(200, self.assistants.pop(assistant_id))
        return self._json(405, {"message": "Method Not Allowed", "statusCode": 405})

    def _phone_number(self, request, org, number_id, payload):
        if not number_id:
            if request.method != "GET":
                return self._json(405, {"message": "Method Not Allowed", "statusCode": 405})
            return self._json(200, [n for n in self.phone_numbers.values() if n["orgId"] == org])
        number = self.phone_numbers.get(number_id)
        if number is None or number["orgId"] != org:
            return self._json(404, NOT_FOUND["phone-number"])
        if request.method == "GET":
            return self._json(200, number)
        if request.method == "PATCH":
            payload = payload or {}
            problems = [f"property {key} should not exist" for key in payload if key not in PHONE_NUMBER_UPDATE_FIELDS]
            assistant_id = payload.get("assistantId")
            if assistant_id is not None and self.assistants.get(assistant_id, {}).get("orgId") != org:
                problems.append("Couldn't Find Assistant")
            if problems:
                return self._json(400, {"message": problems, "error": "Bad Request", "statusCode": 400})
            number.update(payload)
            return self._json(200, number)
        return self._json(405, {"message": "Method Not Allowed", "statusCode": 405})

    @staticmethod
    def _json(status, body, headers=None):
        return Response(json.dumps(body), status=status, headers=headers or {}, content_type="application/json")


@pytest.fixture
def fake_vapi(httpserver, settings):
    """VAPI configured against the fake: VAPI_API_KEY set, VAPI_API_URL on loopback."""
    fake = FakeVapi(httpserver)
    settings.VAPI_API_KEY = API_KEY
    settings.VAPI_API_URL = fake.url
    settings.PUBLIC_BASE_URL = "https://leaseline.example.com"
    return fake
