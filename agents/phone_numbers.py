"""A manager's phone numbers: read from their own VAPI organisation, attached to their agents.

Attaching a number sets `assistantId` on the VAPI number, so VAPI routes its calls to that
agent's assistant itself; `assistant-request` (voice) answers only for numbers attached here.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from agents.clients.vapi import VapiNotConfigured, VapiNotFound, VapiPermanentError
from core import values

from .models import PhoneNumber
from .vapi_accounts import MODE_OWN, vapi_client_for, vapi_mode_for

logger = logging.getLogger(__name__)


class NotOwnMode(Exception):
    """Numbers are read from VAPI only for a manager's own organisation (staff assign the platform's)."""


def _e164(value):
    try:
        return values.phone_e164(values.as_text(value), region=None, possible=True)
    except ValueError:
        return ""


def phone_numbers_refresh(*, user):
    """Read the numbers of `user`'s own VAPI organisation into their list.

    Numbers gone from the organisation are dropped. Raises NotOwnMode in platform mode and
    VapiTransientError / VapiPermanentError when VAPI cannot answer.
    """
    if vapi_mode_for(user) != MODE_OWN:
        raise NotOwnMode("Numbers are read from VAPI only for your own VAPI account.")
    listed = vapi_client_for(user).phone_number_list()
    seen = set()
    with transaction.atomic():
        for item in listed:
            vapi_id = item.get("id")
            if not isinstance(vapi_id, str) or not 0 < len(vapi_id) <= 64:
                continue
            number = _e164(item.get("number"))
            if number and PhoneNumber.objects.filter(number=number).exclude(vapi_phone_number_id=vapi_id).exists():
                # The same number is already someone's record (assigned by staff, or migrated).
                continue
            existing = PhoneNumber.objects.filter(vapi_phone_number_id=vapi_id).first()
            if existing is not None and existing.user_id != user.pk:
                continue
            phone = existing or PhoneNumber(user=user, vapi_phone_number_id=vapi_id)
            phone.number = number
            phone.name = values.as_text(item.get("name"))[:100]
            phone.vapi_organisation = MODE_OWN
            try:
                phone.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                logger.warning("VAPI number %s skipped: %s", vapi_id, exc.messages)
                continue
            phone.save()
            seen.add(vapi_id)
        gone = PhoneNumber.objects.for_user(user).filter(vapi_organisation=MODE_OWN).exclude(vapi_phone_number_id=None)
        gone.exclude(vapi_phone_number_id__in=seen).delete()
    return PhoneNumber.objects.for_user(user)


def phone_number_attach(*, user, phone_number, agent):
    """Attach `phone_number` to `agent` (or detach it, `agent` None) here and in VAPI.

    The agent must be synced (have an assistant) in the number's organisation and have no
    other number. Raises ValidationError, or VapiTransientError (nothing changed).
    """
    if agent is not None:
        if not agent.vapi_assistant_id or agent.vapi_organisation != phone_number.vapi_organisation:
            raise ValidationError({"agent_id": ["Sync this agent to VAPI first, then attach the number."]})
        other = PhoneNumber.objects.filter(agent=agent).exclude(pk=phone_number.pk).first()
        if other is not None:
            raise ValidationError({"agent_id": [f"This agent already answers {other}; detach that number first."]})
    if phone_number.vapi_phone_number_id:
        assistant_id = agent.vapi_assistant_id if agent is not None else None
        try:
            client = vapi_client_for(user, organisation=phone_number.vapi_organisation)
            client.phone_number_update(phone_number.vapi_phone_number_id, {"assistantId": assistant_id})
        except VapiNotConfigured as exc:
            raise ValidationError({"agent_id": [str(exc)]}) from None
        except VapiNotFound:
            raise ValidationError({"agent_id": ["VAPI no longer has this number; refresh your numbers."]}) from None
        except VapiPermanentError as exc:
            raise ValidationError({"agent_id": [str(exc)]}) from None
    phone_number.agent = agent
    phone_number.full_clean(validate_unique=False, validate_constraints=False)
    phone_number.save(update_fields=["agent"])
    return phone_number


def phone_number_follow_agent(*, user, agent):
    """After a sync gave the agent another assistant, point its number at the new one."""
    phone = PhoneNumber.objects.filter(agent=agent).first()
    if phone is None or not phone.vapi_phone_number_id or not agent.vapi_assistant_id:
        return
    try:
        client = vapi_client_for(user, organisation=phone.vapi_organisation)
        client.phone_number_update(phone.vapi_phone_number_id, {"assistantId": agent.vapi_assistant_id})
    except (VapiNotConfigured, VapiPermanentError) as exc:
        logger.warning("Number %s could not follow agent %s: %s", phone.pk, agent.pk, exc)
