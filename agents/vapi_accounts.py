"""Which VAPI organisation a manager's agents live in, and connecting their own.

A manager with a VapiAccount has their assistants and numbers in their own organisation
(**own** mode); without one they are in LeaseLine's (**platform** mode, VAPI_API_KEY); with
neither, agents stay local (**none**). Every VAPI call about a manager's agents goes through
`vapi_client_for(user)`.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from agents.clients.vapi import (
    VapiClient,
    VapiNotConfigured,
    VapiPermanentError,
    VapiTransientError,
)
from core.crypto import TokenDecryptionError, decrypt_tokens, encrypt_tokens, reencrypt_column

from .models import Agent, VapiAccount

MODE_OWN = Agent.Organisation.OWN.value
MODE_PLATFORM = Agent.Organisation.PLATFORM.value
MODE_NONE = "none"
KEY_MAX_LENGTH = 200
DISCONNECTED = "Your own VAPI account was disconnected; sync this agent again to set it up in {where}."
CONNECTED = "Your VAPI account changed; sync this agent again to set it up in your own VAPI organisation."


class VapiKeyRefused(Exception):
    """VAPI does not accept the key a manager gave (nothing was saved)."""


def vapi_account_for(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return VapiAccount.objects.for_user(user).first()


def vapi_mode_for(user, account=None):
    """Where `user`'s agents live: "own", "platform" or "none"."""
    if (account or vapi_account_for(user)) is not None:
        return MODE_OWN
    return MODE_PLATFORM if settings.VAPI_API_KEY else MODE_NONE


def vapi_is_configured_for(user):
    """Whether `user`'s agents have a VAPI organisation (their own, or the platform's)."""
    return vapi_mode_for(user) != MODE_NONE


def vapi_client_for(user, *, organisation=None):
    """The client for `user`'s VAPI organisation (or for `organisation`, "own" or "platform",
    where an agent's assistant was made). Raises VapiNotConfigured when there is no key for it."""
    account = vapi_account_for(user)
    organisation = organisation or vapi_mode_for(user, account)
    if organisation == MODE_OWN:
        if account is None:
            raise VapiNotConfigured("Your own VAPI account is not connected.")
        try:
            api_key = decrypt_tokens(account.key_ciphertext).get("api_key")
        except TokenDecryptionError:
            api_key = None
        if not api_key:
            raise VapiNotConfigured("Your VAPI key can no longer be read; connect your VAPI account again.")
        return VapiClient(api_key=api_key)
    return VapiClient()  # the platform key; raises VapiNotConfigured when it is unset


def vapi_account_connect(*, user, api_key):
    """Check `api_key` against VAPI, then keep it encrypted as `user`'s own organisation.

    Raises VapiKeyRefused (VAPI refuses it) or VapiTransientError (VAPI cannot be reached);
    nothing is saved then. Agents with an assistant elsewhere need a sync to move.
    """
    api_key = (api_key or "").strip()
    if not api_key or len(api_key) > KEY_MAX_LENGTH or any(ch.isspace() for ch in api_key):
        raise VapiKeyRefused("VAPI refused this key.")
    try:
        VapiClient(api_key=api_key).assistant_list(limit=1)
    except VapiPermanentError as exc:
        raise VapiKeyRefused("VAPI refused this key.") from exc
    except VapiTransientError:
        raise
    with transaction.atomic():
        account, _ = VapiAccount.objects.update_or_create(
            user=user,
            defaults={
                "key_ciphertext": encrypt_tokens({"api_key": api_key}),
                "key_last4": api_key[-4:],
                "connected_at": timezone.now(),
            },
        )
        _agents_need_sync(user, CONNECTED)
    return account


def vapi_account_disconnect(*, user):
    """Forget `user`'s own key: back to platform mode (or none). Their agents synced in their
    own organisation show a sync error until synced again."""
    with transaction.atomic():
        deleted, _ = VapiAccount.objects.for_user(user).delete()
        if deleted:
            where = "LeaseLine's VAPI" if settings.VAPI_API_KEY else "VAPI once it is configured"
            _agents_need_sync(user, DISCONNECTED.format(where=where), organisation=MODE_OWN)


def _agents_need_sync(user, reason, organisation=None):
    agents = Agent.objects.for_user(user).exclude(vapi_assistant_id="")
    if organisation:
        agents = agents.filter(vapi_organisation=organisation)
    agents.update(sync_status=Agent.SyncStatus.ERROR, sync_error=reason, updated_at=timezone.now())


def vapi_keys_rotate():
    """Re-encrypt every stored VAPI key under the newest key: (rotated, unreadable) counts."""
    return reencrypt_column(VapiAccount.objects.all(), "key_ciphertext")
