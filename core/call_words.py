"""How a call went, in words: VAPI's `endedReason` codes and call statuses.

VAPI has hundreds of end reasons (see /docs: "call ended reason"). The common ones have their
own sentence; the families of errors (`pipeline-error-*`, `call.in-progress.error-*`,
`call.start.error-*`, ...) say "Call failed:" and which part failed; anything else is made
readable from its code, so a manager never reads a raw code.
"""

from core.words import readable_code

ENDED_REASONS = {
    "customer-ended-call": "Caller hung up",
    "customer-ended-call-before-warm-transfer": "Caller hung up before the transfer",
    "customer-ended-call-after-warm-transfer-attempt": "Caller hung up during the transfer",
    "customer-ended-call-during-transfer": "Caller hung up during the transfer",
    "assistant-ended-call": "Agent ended the call",
    "assistant-said-end-call-phrase": "Agent ended the call",
    "assistant-ended-call-after-message-spoken": "Agent ended the call",
    "assistant-ended-call-with-hangup-task": "Agent ended the call",
    "assistant-said-message-with-end-call-enabled": "Agent ended the call",
    "assistant-forwarded-call": "Agent transferred the call",
    "customer-did-not-answer": "No answer",
    "customer-busy": "Line busy",
    "voicemail": "Reached voicemail",
    "silence-timed-out": "Ended after a long silence",
    "exceeded-max-duration": "Reached the longest call allowed",
    "manually-canceled": "Cancelled before it connected",
    "vonage-completed": "Call completed",
    "customer-did-not-give-microphone-permission": "Caller did not allow the microphone",
    "call.in-progress.error-assistant-did-not-receive-customer-audio": (
        "Call failed: the agent could not hear the caller"
    ),
    "assistant-join-timed-out": "Call failed: the agent did not join in time",
    "assistant-not-found": "Call failed: no agent is set up for this number",
    "assistant-not-valid": "Call failed: no agent is set up for this number",
    "assistant-not-provided": "Call failed: no agent is set up for this number",
    "call-start-error-neither-assistant-nor-server-set": "Call failed: no agent is set up for this number",
    "twilio-failed-to-connect-call": "Call failed: the phone line could not connect",
    "vonage-failed-to-connect-call": "Call failed: the phone line could not connect",
    "sip-gateway-failed-to-connect-call": "Call failed: the phone line could not connect",
    "call.in-progress.error-sip-telephony-provider-failed-to-connect-call": (
        "Call failed: the phone line could not connect"
    ),
    "twilio-reported-customer-misdialed": "Call failed: the number was misdialed",
    "phone-call-provider-closed-websocket": "Call failed: the phone line dropped",
    "vonage-disconnected": "Call failed: the phone line dropped",
    "vonage-rejected": "Call failed: the phone company rejected the call",
    "phone-call-provider-bypass-enabled-but-no-call-received": "Call failed: the call never arrived",
    "call.forwarding.operator-busy": "Transfer failed: the line was busy",
    "call.ringing.hook-executed-say": "Ended with a message while ringing",
    "call.ringing.hook-executed-transfer": "Transferred while ringing",
    "db-error": "Call failed: a problem at VAPI",
    "worker-shutdown": "Call failed: a problem at VAPI",
    "unknown-error": "Call failed: a problem at VAPI",
    "assistant-error": "Call failed: a problem at VAPI",
}

# LeaseLine answers VAPI's assistant-request; when that fails VAPI ends the call with one of these.
ASSISTANT_REQUEST = "assistant-request-"

# What part of a call an error code names, tested in this order (the first word found wins).
PARTS = (
    (("transcriber",), "speech recognition"),
    (
        ("voice", "eleven-labs", "11labs", "playht", "cartesia", "rime-ai", "lmnt", "neets", "tavus"),
        "the agent's voice",
    ),
    (
        ("llm", "openai", "anthropic", "groq", "google", "together-ai", "openrouter", "deepinfra", "perplexity"),
        "the AI model",
    ),
    (("deepgram", "gladia", "assembly-ai", "speechmatics", "talkscriber"), "speech recognition"),
)
FAILURE_FAMILIES = ("pipeline-error-", "pipeline-no-", "call.in-progress.error-", "call.start.error-")


def _failed_part(reason):
    for words, part in PARTS:
        if any(word in reason for word in words):
            return f"Call failed: {part} had a problem"
    if "vapifault" in reason or reason.startswith("call.start.error-"):
        return "Call failed: a problem at VAPI"
    if "providerfault" in reason:
        return "Call failed: a problem at one of VAPI's providers"
    return "Call failed: a problem in the voice service"


def _family_words(reason):
    if reason.startswith(ASSISTANT_REQUEST):
        return "Call failed: LeaseLine could not pick an agent for this number"
    if reason.startswith(FAILURE_FAMILIES):
        return _failed_part(reason)
    if reason.startswith("call.forwarding."):
        return "Transfer failed"
    if reason.startswith("call.ringing."):
        return "Call failed while ringing"
    if reason.startswith(("twilio-", "vonage-", "sip-")):
        return "Call failed: the phone line had a problem"
    return None


def ended_reason_words(reason):
    """Words for an end reason: "customer-ended-call" → "Caller hung up"; "pipeline-error-openai-llm-failed" →
    "Call failed: the AI model had a problem"; an unknown "some-new-reason" → "Some new reason"."""
    code = str(reason or "").strip()
    if not code:
        return ""
    key = code.lower()
    return ENDED_REASONS.get(key) or _family_words(key) or readable_code(code)


CALL_STATUSES = {
    "scheduled": "Scheduled",
    "queued": "Waiting to start",
    "ringing": "Ringing",
    "in-progress": "In progress",
    "forwarding": "Being transferred",
    "ended": "Ended",
}


def call_status_words(status):
    """VAPI's call status ("in-progress") as a manager says it ("In progress")."""
    code = str(status or "").strip()
    return CALL_STATUSES.get(code.lower()) or readable_code(code)
