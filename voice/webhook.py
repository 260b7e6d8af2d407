"""VAPI server messages: read defensively, authenticate, answer strictly.

VAPI's own sources disagree on shapes (see the VAPI reference notes), so every reader here
accepts each shape VAPI has sent and ignores what it cannot read; answers always follow the
contract: `{"results": [...]}` for tool calls, `{}` for what needs no answer.

Who is calling: the agent named by the message (`call.assistantId`, or an `id` on
`call.assistant` / `assistant`) must be the sender, proven by its own `webhook_secret` in
`X-Vapi-Secret` or `Authorization: Bearer`. A message that names no assistant (an
`assistant-request`) must carry the platform secret VAPI_WEBHOOK_SECRET.

Values longer than LeaseLine's columns are never a 500. An id that does not fit is not
cut (cut short it could name another call): an assistant id is unknown (401), a call id is
treated as absent (the call is not recorded; its tool calls are still answered), a tool
call id gets an error the assistant can speak. Descriptive text (status, ended reason,
caller number) is stored cut to its column.
"""

import hmac
import json
import logging
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from agents.models import Agent, PhoneNumber
from core import values

from .models import Call, ToolInvocation
from .services import call_record, tool_call_answer
from .tools import ToolOutcome

logger = logging.getLogger(__name__)

# More tool calls than this in one message is not a conversation; the rest get an error.
MAX_TOOL_CALLS = 10
COST_LIMIT = Decimal("1000000")


def _max_length(model, field_name):
    return model._meta.get_field(field_name).max_length


ASSISTANT_ID_MAX = _max_length(Agent, "vapi_assistant_id")
CALL_ID_MAX = _max_length(Call, "vapi_call_id")
TOOL_CALL_ID_MAX = _max_length(ToolInvocation, "tool_call_id")


class BadRequest(Exception):
    """Malformed JSON or no `message`: HTTP 400."""


class Unauthorized(Exception):
    """Wrong, missing or unknown secret or assistant: HTTP 401, nothing done."""


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: object


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def message_parse(body):
    """The `message` object of a webhook body, strings cleaned; raises BadRequest."""
    try:
        payload = json.loads(body, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise BadRequest("The body is not JSON.") from None
    message = payload.get("message") if isinstance(payload, dict) else None
    if not isinstance(message, dict):
        raise BadRequest('The body has no "message" object.')
    try:
        return values.clean_json(message)
    except RecursionError:
        raise BadRequest("The message is nested too deeply.") from None


def message_type(message):
    return message.get("type") if isinstance(message.get("type"), str) else ""


def assistant_id_of(message):
    """The assistant the message is about: `call.assistantId`, else an id VAPI put elsewhere."""
    call = values.as_dict(message.get("call"))
    for candidate in (
        call.get("assistantId"),
        values.as_dict(call.get("assistant")).get("id"),
        values.as_dict(message.get("assistant")).get("id"),
    ):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
    return ""


def presented_secrets(headers):
    """What the sender offered: the `X-Vapi-Secret` value and the `Authorization: Bearer` token."""
    offered = []
    header = headers.get("X-Vapi-Secret")
    if header:
        offered.append(header.strip())
    scheme, _, token = (headers.get("Authorization") or "").strip().partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        offered.append(token.strip())
    return offered


def _secret_matches(expected, offered):
    if not expected:
        return False
    expected_bytes = expected.encode()
    # Every offered value is compared (no early exit), each in constant time.
    return any([hmac.compare_digest(expected_bytes, value.encode()) for value in offered])


def sender_authenticate(message, headers):
    """The agent the message is for, or None for a platform message; raises Unauthorized."""
    offered = presented_secrets(headers)
    assistant_id = assistant_id_of(message)
    if not assistant_id:
        if not _secret_matches(settings.VAPI_WEBHOOK_SECRET, offered):
            raise Unauthorized("A message without an assistant needs the platform secret.")
        return None
    if len(assistant_id) > ASSISTANT_ID_MAX:
        raise Unauthorized("Unknown assistant.")
    agent = (
        Agent.objects.select_related("user", "booking_calendar", "phone").filter(vapi_assistant_id=assistant_id).first()
    )
    if agent is None or not _secret_matches(agent.webhook_secret, offered):
        raise Unauthorized("Unknown assistant or wrong secret.")
    return agent


# Reading the parts of a message


def call_id_of(message):
    """VAPI's id of the call, or "" when there is none or it is too long to store."""
    call_id = values.as_text(values.as_dict(message.get("call")).get("id"))
    return call_id if len(call_id) <= CALL_ID_MAX else ""


def tool_calls_of(message):
    """Each call of a `tool-calls` message, in order, from whichever list VAPI filled."""
    items = message.get("toolCallList")
    if not isinstance(items, list) or not items:
        items = message.get("toolCalls")
    if not isinstance(items, list) or not items:
        wrapped = message.get("toolWithToolCallList")
        items = [values.as_dict(entry).get("toolCall") for entry in wrapped] if isinstance(wrapped, list) else []
    calls = []
    for item in items:
        item = values.as_dict(item)
        function = values.as_dict(item.get("function"))
        name = function.get("name") or item.get("name")
        arguments = next(
            (
                candidate
                for candidate in (
                    function.get("arguments"),
                    item.get("arguments"),
                    function.get("parameters"),
                    item.get("parameters"),
                )
                if candidate is not None
            ),
            None,
        )
        calls.append(
            ToolCall(
                id=item.get("id") if isinstance(item.get("id"), str) else "",
                name=name if isinstance(name, str) else "",
                arguments=arguments,
            )
        )
    return calls


def _instant(value):
    try:
        return values.parse_instant(value)
    except ValueError:
        return None


def _number(value):
    try:
        number = values.parse_number(value)
    except ValueError:
        return None
    return number if 0 <= number < COST_LIMIT else None


def _url(value):
    text = values.as_text(value)
    return text if text.startswith(("https://", "http://")) and len(text) <= _max_length(Call, "recording_url") else ""


def _call_text(value, field_name):
    """Text for a Call column, cut to what the column holds."""
    return values.as_text(value, limit=_max_length(Call, field_name))


def call_fields(message):
    """What a status update or end-of-call report says about the call.

    `artifact`/`analysis` first, then the older top-level fields; absent or unreadable
    values are None or empty and leave the stored value alone. Status, ended reason and
    caller number longer than their columns are stored cut to fit.
    """
    call = values.as_dict(message.get("call"))
    artifact = values.as_dict(message.get("artifact"))
    analysis = values.as_dict(message.get("analysis"))
    recording = values.as_dict(artifact.get("recording"))
    if message_type(message) == "end-of-call-report":
        status = "ended"
    else:
        status = _call_text(message.get("status"), "status") or _call_text(call.get("status"), "status")
    duration = _number(message.get("durationSeconds"))
    if duration is None and _number(message.get("durationMs")) is not None:
        duration = _number(message.get("durationMs")) / 1000
    messages = artifact.get("messages")
    if not isinstance(messages, list):
        messages = message.get("messages") if isinstance(message.get("messages"), list) else None
    cost = _number(message.get("cost"))
    if cost is None:
        cost = _number(call.get("cost"))
    return {
        "status": status,
        "started_at": _instant(message.get("startedAt")) or _instant(call.get("startedAt")),
        "ended_at": _instant(message.get("endedAt")) or _instant(call.get("endedAt")),
        "duration_seconds": float(duration) if duration is not None else None,
        "ended_reason": _call_text(message.get("endedReason"), "ended_reason")
        or _call_text(call.get("endedReason"), "ended_reason"),
        "customer_number": _call_text(values.as_dict(message.get("customer")).get("number"), "customer_number")
        or _call_text(values.as_dict(call.get("customer")).get("number"), "customer_number"),
        "transcript": values.as_text(artifact.get("transcript")) or values.as_text(message.get("transcript")),
        "messages": messages,
        "summary": values.as_text(analysis.get("summary")) or values.as_text(message.get("summary")),
        "recording_url": _url(artifact.get("recordingUrl"))
        or _url(values.as_dict(recording.get("mono")).get("combinedUrl"))
        or _url(recording.get("stereoUrl"))
        or _url(message.get("recordingUrl")),
        "cost": cost.quantize(Decimal("0.0001")) if cost is not None else None,
        # What the assistant's structured data plan extracted (fills the caller's lead).
        "structured_data": values.as_dict(analysis.get("structuredData")),
    }


def inbound_number_of(message):
    """The number the caller dialled (ours), for routing an assistant-request."""
    phone = values.as_dict(message.get("phoneNumber")) or values.as_dict(
        values.as_dict(message.get("call")).get("phoneNumber")
    )
    # Agents keep E.164 ("+15125550100"), as VAPI sends its numbers.
    try:
        return values.phone_e164(values.as_text(phone.get("number")))
    except ValueError:
        return ""


# Answers


def _result_entry(tool_call, outcome):
    entry = {"name": tool_call.name, "toolCallId": tool_call.id}
    if outcome.error is not None:
        entry["error"] = values.one_line(outcome.error)
    else:
        entry["result"] = values.one_line(outcome.result or "")
    return entry


def caller_number_of(message):
    """The caller's number as VAPI sent it (`customer.number`), "" for a web call."""
    customer = values.as_dict(message.get("customer")) or values.as_dict(
        values.as_dict(message.get("call")).get("customer")
    )
    return values.as_text(customer.get("number"), limit=64)


def _tool_outcome(agent, tool_call, vapi_call_id, caller_number=""):
    if agent is None:
        return ToolOutcome(error="This call is not connected to a LeaseLine agent.")
    if len(tool_call.id) > TOOL_CALL_ID_MAX:
        return ToolOutcome(error="The tool call id is too long.")
    return tool_call_answer(
        user=agent.user,
        agent=agent,
        # A call without an id cannot be replayed; it still gets a log entry of its own.
        tool_call_id=tool_call.id or f"leaseline-{uuid.uuid4().hex}",
        name=tool_call.name,
        arguments=tool_call.arguments,
        vapi_call_id=vapi_call_id,
        caller_number=caller_number,
    )


def answer_tool_calls(message, agent):
    vapi_call_id = call_id_of(message)
    results = []
    for index, tool_call in enumerate(tool_calls_of(message)):
        if index >= MAX_TOOL_CALLS:
            outcome = ToolOutcome(error=f"Only {MAX_TOOL_CALLS} tool calls are answered per message.")
        else:
            outcome = _tool_outcome(agent, tool_call, vapi_call_id, caller_number_of(message))
        results.append(_result_entry(tool_call, outcome))
    return {"results": results}


def answer_function_call(message, agent):
    """The legacy single `functionCall {name, parameters}`; answered as `{"result": "..."}`."""
    function_call = values.as_dict(message.get("functionCall"))
    name = function_call.get("name") if isinstance(function_call.get("name"), str) else ""
    tool_call = ToolCall(
        id=function_call.get("id") if isinstance(function_call.get("id"), str) else "",
        name=name,
        arguments=function_call.get("parameters", function_call.get("arguments")),
    )
    outcome = _tool_outcome(agent, tool_call, call_id_of(message), caller_number_of(message))
    return {"result": values.one_line(outcome.result if outcome.error is None else outcome.error)}


def answer_assistant_request(message, agent):
    """The assistant for an inbound call: the active agent the dialled number is attached to.

    Only a number LeaseLine knows (a PhoneNumber, owned by one manager) and has attached to an
    agent routes; a number typed anywhere else routes nowhere.
    """
    number = inbound_number_of(message)
    phone = PhoneNumber.objects.select_related("agent__user").filter(number=number).first() if number else None
    routed = phone.agent if phone is not None else None
    if agent is not None and routed is not None and agent.pk != routed.pk:
        routed = None  # a message naming one agent cannot route another's number
    if routed is None or not (routed.is_active and routed.user.is_active and routed.vapi_assistant_id):
        return {"error": "Sorry, this number is not connected to a leasing assistant right now."}
    return {"assistantId": routed.vapi_assistant_id}


def answer_call_event(message, agent):
    vapi_call_id = call_id_of(message)
    if agent is not None and vapi_call_id:
        call_record(user=agent.user, agent=agent, vapi_call_id=vapi_call_id, fields=call_fields(message))
    return {}


ANSWERS = {
    "tool-calls": answer_tool_calls,
    "function-call": answer_function_call,
    "assistant-request": answer_assistant_request,
    "status-update": answer_call_event,
    "end-of-call-report": answer_call_event,
}


def message_answer(message, agent):
    """The JSON answer to an authenticated message (every type not listed gets `{}`)."""
    answer = ANSWERS.get(message_type(message))
    return answer(message, agent) if answer else {}
