"""Writes to agents, and keeping each agent's VAPI assistant in step with it.

A VAPI failure never loses an agent: it is saved with `sync_status` "error" and the reason,
and `agent_sync` (POST /api/agents/{id}/sync, the admin action) tries again.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from agents.assistant import assistant_payload
from agents.clients.vapi import (
    VapiError,
    VapiNotFound,
    VapiPermanentError,
)

from .linking import assistant_link_check, assistant_release
from .models import NOT_AVAILABLE, Agent, PhoneNumber, generate_webhook_secret
from .phone_numbers import phone_number_attach, phone_number_follow_agent
from .vapi_accounts import vapi_client_for, vapi_is_configured_for, vapi_mode_for

logger = logging.getLogger(__name__)

SYNC_FIELDS = [
    "vapi_assistant_id",
    "vapi_assistant_created_by_leaseline",
    "vapi_organisation",
    "sync_status",
    "sync_error",
    "last_synced_at",
    "updated_at",
]


def _check(agent):
    """The agent by its model's rules (values normalised on the way)."""
    agent.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)


def _save(agent, **kwargs):
    """Save, turning the one-assistant-one-agent constraint (two saves racing past the
    check) into the same field error."""
    try:
        with transaction.atomic():
            agent.save(**kwargs)
    except IntegrityError:
        raise ValidationError({"vapi_assistant_id": [NOT_AVAILABLE]})


def agent_create(*, user, **fields):
    """A new agent of `user`; pushed to VAPI at once when VAPI is configured.

    A `vapi_assistant_id` given here links an assistant that exists already, when the
    linking rules allow it (`agents.linking`): it is updated, and kept when the agent goes.
    Raises ValidationError, or VapiTransientError when VAPI cannot be asked (nothing saved).
    """
    fields.setdefault("timezone", user.timezone)
    agent = Agent(user=user, **fields)
    agent.vapi_assistant_created_by_leaseline = False
    _check(agent)
    if agent.vapi_assistant_id:
        agent.vapi_organisation = assistant_link_check(user=user, agent=agent, assistant_id=agent.vapi_assistant_id)
    _save(agent)
    if vapi_is_configured_for(user):
        agent_sync(user=user, agent=agent)
    return agent


def agent_update(*, user, agent, **fields):
    """Change an agent and push the change to VAPI when VAPI is configured.

    Linking another assistant (or none) lets go of the old one first (`assistant_release`).
    Raises ValidationError, or VapiTransientError when VAPI cannot be asked (nothing saved).
    """
    old_id, old_created = agent.vapi_assistant_id, agent.vapi_assistant_created_by_leaseline
    old_organisation = agent.vapi_organisation
    for name, value in fields.items():
        setattr(agent, name, value)
    _check(agent)
    if agent.vapi_assistant_id != old_id:
        if agent.vapi_assistant_id:
            agent.vapi_organisation = assistant_link_check(user=user, agent=agent, assistant_id=agent.vapi_assistant_id)
        # Another assistant is linked (or none): LeaseLine did not create that one.
        agent.vapi_assistant_created_by_leaseline = False
        if old_id:
            assistant_release(user=user, assistant_id=old_id, created=old_created, organisation=old_organisation)
    _save(agent)
    linked = agent.vapi_assistant_id
    if vapi_is_configured_for(user):
        agent_sync(user=user, agent=agent)
    if linked and linked != old_id and agent.vapi_assistant_id == linked:
        phone_number_follow_agent(user=user, agent=agent)  # (a sync that made a new one took it along)
    return agent


def agents_pause_for_departed_user(*, user, **_signal):
    """Pause every agent of a user who left: their assistants' tool calls are refused from now.

    Nothing is pushed to VAPI: the assistant's settings do not change, and LeaseLine answers
    a paused agent's calls itself.
    """
    Agent.objects.for_user(user).filter(is_active=True).update(is_active=False, updated_at=timezone.now())


def agent_rotate_secret(*, user, agent):
    """A new webhook secret, pushed to the agent's assistant so VAPI sends the new one.

    The old secret stops working at once even if VAPI cannot be reached (a leaked secret must
    not stay valid); the agent then shows the sync error until a sync succeeds.
    """
    agent.webhook_secret = generate_webhook_secret()
    agent.save(update_fields=["webhook_secret", "updated_at"])
    if agent.vapi_assistant_id and vapi_is_configured_for(user):
        agent_sync(user=user, agent=agent)
    return agent


def agent_sync(*, user, agent):
    """Create or update the agent's VAPI assistant; records the outcome on the agent.

    The assistant lives in the manager's organisation (`vapi_client_for`). Raises
    VapiNotConfigured when they have none; any other VAPI failure is stored as `sync_status`
    "error" with the reason, and the agent is returned.
    """
    organisation = vapi_mode_for(user)
    client = vapi_client_for(user, organisation=organisation)  # raises VapiNotConfigured
    with transaction.atomic():
        # One sync of an agent at a time, so two concurrent first syncs cannot create two assistants.
        locked = Agent.objects.for_user(user).select_for_update().get(pk=agent.pk)
        payload = assistant_payload(locked)
        try:
            if locked.vapi_assistant_id and locked.vapi_organisation != organisation:
                _assistant_move(user, client, locked, payload)
            elif locked.vapi_assistant_id:
                try:
                    client.assistant_update(locked.vapi_assistant_id, payload)
                except VapiNotFound:
                    if not locked.vapi_assistant_created_by_leaseline:
                        raise VapiPermanentError(
                            "VAPI has no assistant with the linked id; link another or clear it.",
                            status_code=404,
                        )
                    # Ours, deleted in the VAPI dashboard: make it again.
                    _assistant_create(client, locked, payload)
            else:
                _assistant_create(client, locked, payload)
            locked.vapi_organisation = organisation
        except VapiError as exc:
            locked.sync_status = Agent.SyncStatus.ERROR
            locked.sync_error = str(exc)
            logger.warning("VAPI sync of agent %s failed: %s", locked.pk, exc)
        else:
            locked.sync_status = Agent.SyncStatus.SYNCED
            locked.sync_error = ""
            locked.last_synced_at = timezone.now()
        locked.save(update_fields=SYNC_FIELDS)
    if locked.vapi_assistant_id != agent.vapi_assistant_id:
        phone_number_follow_agent(user=user, agent=locked)
    for name in SYNC_FIELDS:
        setattr(agent, name, getattr(locked, name))
    return agent


def _assistant_move(user, client, agent, payload):
    """The manager's organisation changed since the agent's assistant was made: the one
    LeaseLine made is made again in the new organisation (and deleted from the old one when
    LeaseLine still holds its key); a linked one cannot follow."""
    if not agent.vapi_assistant_created_by_leaseline:
        raise VapiPermanentError(
            "The linked assistant is in your other VAPI organisation; link one from this one or clear it."
        )
    try:
        vapi_client_for(user, organisation=agent.vapi_organisation).assistant_delete(agent.vapi_assistant_id)
    except VapiError as exc:
        logger.warning("Assistant %s left in its old VAPI organisation: %s", agent.vapi_assistant_id, exc)
    _assistant_create(client, agent, payload)


def _assistant_create(client, agent, payload):
    created = client.assistant_create(payload)
    assistant_id = created.get("id") if isinstance(created, dict) else None
    if not isinstance(assistant_id, str) or not assistant_id:
        raise VapiPermanentError("VAPI created the assistant but answered without its id.")
    agent.vapi_assistant_id = assistant_id
    agent.vapi_assistant_created_by_leaseline = True


def agent_delete(*, user, agent):
    """Delete the agent, and let go of its assistant: deleted in VAPI when LeaseLine created
    it, stripped of LeaseLine's server URL, secret and tools when it was linked.

    Raises VapiTransientError (nothing deleted) when VAPI cannot be reached, so that the
    assistant is not left behind calling a webhook that no longer knows it.
    """
    if agent.vapi_assistant_id:
        assistant_release(
            user=user,
            assistant_id=agent.vapi_assistant_id,
            created=agent.vapi_assistant_created_by_leaseline,
            organisation=agent.vapi_organisation,
        )
    phone = PhoneNumber.objects.filter(agent=agent).first()
    if phone is not None:
        try:
            phone_number_attach(user=user, phone_number=phone, agent=None)  # VAPI stops routing it here
        except ValidationError as exc:
            logger.warning("Number %s left pointing at agent %s's assistant in VAPI: %s", phone.pk, agent.pk, exc)
    agent.delete()
