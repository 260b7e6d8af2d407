"""The VAPI assistant an agent is pushed as (CreateAssistantDTO / UpdateAssistantDTO).

VAPI calls LeaseLine back at PUBLIC_BASE_URL + /api/vapi/webhook with the agent's own secret
in `X-Vapi-Secret`, and only for the messages LeaseLine answers or records.
"""

from django.conf import settings

from .tools import tool_declarations

WEBHOOK_PATH = "/api/vapi/webhook"
WEBHOOK_TIMEOUT_SECONDS = 20
SERVER_MESSAGES = ["tool-calls", "end-of-call-report", "status-update"]
NAME_MAX_CHARS = 40
DEFAULT_MODEL = {"provider": "openai", "model": "gpt-4o", "temperature": 0.3}
DEFAULT_VOICE = {"provider": "vapi", "voiceId": "Elliot"}
DEFAULT_FIRST_MESSAGE = "Hello! Thanks for calling. How can I help you find your next home?"
DEFAULT_INSTRUCTIONS = (
    "You are a friendly leasing assistant answering calls for a property manager. "
    "Help callers find a rental that fits them and book a viewing."
)


def webhook_url():
    return settings.PUBLIC_BASE_URL + WEBHOOK_PATH


def system_prompt(agent):
    """The agent's own instructions, then what the tools need: its time zone and today's date.

    The date is a VAPI Liquid expression, rendered when each call starts, so an assistant
    synced weeks ago still knows what "tomorrow" is in the manager's zone.
    """
    tz = agent.timezone
    today = '{{"now" | date: "%A, %B %d, %Y", "' + tz + '"}}'
    clock = '{{"now" | date: "%I:%M %p", "' + tz + '"}}'
    return "\n".join(
        [
            (agent.instructions or DEFAULT_INSTRUCTIONS).strip(),
            "",
            "How you work:",
            f"- All times are in the manager's time zone, {tz}. Today is {today}; it is {clock} there now.",
            "- The caller's phone number, when known, is {{customer.number}}.",
            "- Use search_rentals to find homes and get_rental_details for one home. "
            "Never invent rentals, prices or times.",
            "- Before offering viewing times, call get_availability and offer only the times it returns.",
            "- To book, confirm the caller's name and phone number, then call book_appointment with the "
            "exact ISO start time get_availability gave.",
            "- To cancel, call cancel_appointment with the phone number the viewing was booked with.",
            "- Keep answers short: this is a phone call.",
        ]
    )


# What VAPI extracts from each call for the caller's lead (leads.services fills it in from the
# end-of-call report's analysis.structuredData); the keys are the lead's field names.
STRUCTURED_DATA_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "description": "The caller's full name, if they gave it."},
        "email": {"type": "string", "description": "The caller's email address, if they gave it."},
        "budget_max": {"type": "number", "description": "The most the caller will pay in rent a month."},
        "bedrooms_min": {"type": "integer", "description": "The fewest bedrooms the caller needs (0: a studio)."},
        "move_in_date": {"type": "string", "description": "When the caller wants to move in, as YYYY-MM-DD."},
        "pets": {"type": "string", "description": "The caller's pets, in a few words (for example: one cat)."},
        "rental_ids": {
            "type": "array",
            "items": {"type": "integer"},
            "description": "The rental ids the caller asked about or booked, as the tools gave them.",
        },
    },
}


def analysis_plan():
    return {"structuredDataPlan": {"enabled": True, "schema": STRUCTURED_DATA_SCHEMA}}


def model_settings(agent):
    """`{provider, model, temperature}` VAPI runs the agent on: its own model (with LeaseLine's
    temperature unless it has its own), else LeaseLine's default."""
    model = agent.model or {}
    if not (model.get("provider") and model.get("model")):
        return dict(DEFAULT_MODEL)
    temperature = model.get("temperature")
    return {
        "provider": model["provider"],
        "model": model["model"],
        "temperature": DEFAULT_MODEL["temperature"] if temperature is None else temperature,
    }


def assistant_payload(agent):
    voice = agent.voice or {}
    return {
        "name": agent.agent_name.strip()[:NAME_MAX_CHARS] or f"LeaseLine agent {agent.pk}",
        "firstMessage": agent.first_message.strip() or DEFAULT_FIRST_MESSAGE,
        "model": {
            **model_settings(agent),
            "messages": [{"role": "system", "content": system_prompt(agent)}],
            "tools": tool_declarations(),
        },
        "voice": (
            {"provider": voice["provider"], "voiceId": voice["voice_id"]}
            if voice.get("provider") and voice.get("voice_id")
            else dict(DEFAULT_VOICE)
        ),
        "server": {
            "url": webhook_url(),
            "timeoutSeconds": WEBHOOK_TIMEOUT_SECONDS,
            "headers": {"X-Vapi-Secret": agent.webhook_secret},
        },
        "serverMessages": list(SERVER_MESSAGES),
        "analysisPlan": analysis_plan(),
        # leaselineUserId: whose assistant this is (agents.linking); the older keys stay for readers of them.
        "metadata": {
            "leaselineUserId": agent.user_id,
            "leaseline_agent_id": agent.pk,
            "leaseline_user_id": agent.user_id,
        },
    }
