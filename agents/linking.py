"""Which VAPI assistants a manager may link to an agent, and what LeaseLine leaves behind.

Linking (writing `vapi_assistant_id`) is allowed for an assistant that exists in the
manager's VAPI organisation and is linked to no other agent; in LeaseLine's (platform)
organisation only for one LeaseLine made for this same manager (`metadata.leaselineUserId`)
or, for staff, an untagged one. Every refusal is the same sentence, so that nobody learns
which ids exist or whose they are.

An assistant an agent lets go of (the agent is deleted or linked elsewhere) is deleted in VAPI
when LeaseLine made it; one that was linked keeps existing without LeaseLine's server URL,
secret and tools.
"""

import logging

from django.core.exceptions import ValidationError

from agents.clients.vapi import VapiNotConfigured, VapiNotFound, VapiPermanentError

from .models import NOT_AVAILABLE, Agent
from .tools import TOOL_SPECS
from .vapi_accounts import MODE_PLATFORM, vapi_client_for, vapi_mode_for

logger = logging.getLogger(__name__)

# Someone's id that is not a number: never this manager's.
_FOREIGN = object()


def _tagged_user(assistant):
    """The LeaseLine user id an assistant is tagged with, None when untagged."""
    metadata = assistant.get("metadata") if isinstance(assistant.get("metadata"), dict) else {}
    tag = metadata.get("leaselineUserId", metadata.get("leaseline_user_id"))
    if tag is None:
        return None
    try:
        return int(tag)
    except (TypeError, ValueError):
        return _FOREIGN


def assistant_link_check(*, user, agent, assistant_id):
    """The organisation ("own" or "platform") of an assistant `user` may link to `agent`.

    Raises ValidationError (one sentence for every reason) or VapiTransientError (VAPI
    cannot be reached; nothing is decided).
    """
    refused = ValidationError({"vapi_assistant_id": [NOT_AVAILABLE]})
    if Agent.objects.filter(vapi_assistant_id=assistant_id).exclude(pk=agent.pk).exists():
        raise refused
    organisation = vapi_mode_for(user)
    try:
        assistant = vapi_client_for(user, organisation=organisation).assistant_get(assistant_id)
    except (VapiNotConfigured, VapiPermanentError):
        raise refused from None
    owner = _tagged_user(assistant)
    if organisation == MODE_PLATFORM:
        allowed = owner == user.pk or (owner is None and user.is_staff)
    else:
        allowed = owner is None or owner == user.pk
    if not allowed:
        raise refused
    return organisation


def _without_leaseline(assistant):
    """The PATCH that takes LeaseLine's server URL, secret and tools off an assistant."""
    payload = {"server": None}
    model = assistant.get("model")
    if isinstance(model, dict) and model.get("provider") and model.get("model"):
        tools = model.get("tools") if isinstance(model.get("tools"), list) else []
        kept = [
            tool
            for tool in tools
            if not (isinstance(tool, dict) and (tool.get("function") or {}).get("name") in TOOL_SPECS)
        ]
        payload["model"] = {**model, "tools": kept}
    return payload


def assistant_release(*, user, assistant_id, created, organisation):
    """Let go of an assistant: delete the one LeaseLine made, strip LeaseLine from a linked one.

    Raises VapiTransientError when VAPI cannot be reached, so the caller keeps things as
    they were; an assistant already gone, or a key no longer held, is logged and passed.
    """
    try:
        client = vapi_client_for(user, organisation=organisation)
    except VapiNotConfigured as exc:
        logger.warning("Assistant %s left in VAPI: %s", assistant_id, exc)
        return
    try:
        if created:
            client.assistant_delete(assistant_id)
        else:
            client.assistant_update(assistant_id, _without_leaseline(client.assistant_get(assistant_id)))
    except VapiNotFound:
        pass  # gone already
    except VapiPermanentError as exc:
        # Repeating would fail the same way; do not keep the agent hostage to it.
        logger.warning("VAPI refused to let go of assistant %s: %s", assistant_id, exc)
