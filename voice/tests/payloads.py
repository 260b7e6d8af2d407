"""VAPI server messages in each shape VAPI has sent (see the VAPI reference notes §1-§5)."""

import json

WEBHOOK = "/api/vapi/webhook"
CALL_ID = "5e4c3b2a-call-0001"


def call_object(assistant_id, call_id=CALL_ID, **extra):
    return {
        "id": call_id,
        "orgId": "org-test",
        "type": "inboundPhoneCall",
        "status": "in-progress",
        "assistantId": assistant_id,
        "customer": {"number": "+15125550199"},
        **extra,
    }


def tool_call_item(call_id, name, arguments, *, shape="oas"):
    """One tool call. Shapes: "oas" (function.arguments as a JSON string, OAS 2025-05+),
    "object" (function.arguments as an object, real 2024 payloads), "top-level" (docs example:
    name/arguments beside id), "parameters" (events doc: name/parameters beside id)."""
    if shape == "oas":
        return {"id": call_id, "type": "function", "function": {"name": name, "arguments": json.dumps(arguments)}}
    if shape == "object":
        return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}
    if shape == "top-level":
        return {"id": call_id, "name": name, "arguments": arguments}
    if shape == "parameters":
        return {"id": call_id, "name": name, "parameters": arguments}
    raise ValueError(shape)


def tool_calls(
    assistant_id,
    calls,
    *,
    shape="oas",
    lists=("toolCallList", "toolCalls", "toolWithToolCallList"),
    call_id=CALL_ID,
    timestamp=1728393715369,
):
    """A `tool-calls` message; `calls` are (tool call id, name, arguments)."""
    items = [tool_call_item(tool_call_id, name, arguments, shape=shape) for tool_call_id, name, arguments in calls]
    message = {
        "type": "tool-calls",
        "timestamp": timestamp,
        "call": call_object(assistant_id, call_id),
        "assistant": {"name": "Maple Street leasing"},
        "customer": {"number": "+15125550199"},
        "artifact": {"messages": []},
    }
    if "toolCallList" in lists:
        message["toolCallList"] = items
    if "toolCalls" in lists:
        message["toolCalls"] = items
    if "toolWithToolCallList" in lists:
        message["toolWithToolCallList"] = [
            {
                "type": "function",
                "function": {"name": item.get("function", item).get("name")},
                "async": False,
                "server": {"url": "https://leaseline.example.com/api/vapi/webhook"},
                "messages": [],
                "toolCall": item,
            }
            for item in items
        ]
    return {"message": message}


def status_update(assistant_id, status, *, call_id=CALL_ID, **fields):
    return {
        "message": {
            "type": "status-update",
            "status": status,
            "timestamp": 1728393715369,
            "call": call_object(assistant_id, call_id, status=status),
            **fields,
        }
    }


def end_of_call_report(assistant_id, *, call_id=CALL_ID, **fields):
    """The current shape: artifact and analysis, ISO startedAt/endedAt."""
    message = {
        "type": "end-of-call-report",
        "timestamp": 1728394000000,
        "endedReason": "customer-ended-call",
        "startedAt": "2025-12-01T16:00:00.000Z",
        "endedAt": "2025-12-01T16:02:05.500Z",
        "cost": 0.1234,
        "artifact": {
            "transcript": "AI: Hello! User: I'd like to see the flat on Elm Street.",
            "messages": [
                {"role": "bot", "message": "Hello!", "time": 1764604800000, "secondsFromStart": 0.5},
                {"role": "user", "message": "I'd like to see the flat on Elm Street.", "secondsFromStart": 3.1},
            ],
            "recordingUrl": "https://storage.vapi.ai/recording-0001.wav",
        },
        "analysis": {"summary": "Caller booked a viewing of Elm Street.", "successEvaluation": "true"},
        "call": call_object(assistant_id, call_id, status="ended"),
        "customer": {"number": "+15125550199"},
        **fields,
    }
    return {"message": message}


def legacy_end_of_call_report(assistant_id, *, call_id=CALL_ID):
    """The 2024 shape: everything top level, durationSeconds, no artifact/analysis."""
    return {
        "message": {
            "type": "end-of-call-report",
            "timestamp": "2024-10-08T13:20:00.000Z",
            "endedReason": "assistant-ended-call",
            "transcript": "AI: Hi. User: Bye.",
            "summary": "Short call.",
            "recordingUrl": "https://storage.vapi.ai/legacy.wav",
            "messages": [{"role": "user", "message": "Bye."}],
            "durationSeconds": 42.5,
            "call": call_object(assistant_id, call_id, startedAt="2024-10-08T13:19:17Z", cost=0.05),
        }
    }


def assistant_request(number, *, customer="+15125550199"):
    return {
        "message": {
            "type": "assistant-request",
            "timestamp": 1728393715369,
            "call": {"id": "call-inbound-1", "orgId": "org-test", "type": "inboundPhoneCall", "status": "ringing"},
            "phoneNumber": {"id": "pn-1", "number": number, "provider": "vapi"},
            "customer": {"number": customer},
        }
    }
