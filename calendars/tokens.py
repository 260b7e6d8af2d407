"""Writes to a connection's stored sign-in: refreshed tokens, a refused grant, key rotation.

A provider read (busy time, events) may refresh a connection's tokens or find its grant
revoked; the provider calls these so that what it learnt is kept, whoever asked for the read.
"""

import logging

from django.utils import timezone

from core.crypto import encrypt_tokens, reencrypt_column

from .models import CalendarConnection

logger = logging.getLogger(__name__)


def connection_tokens_store(*, connection, tokens):
    """Writes refreshed (for Microsoft, rotated) tokens back at once, encrypted."""
    ciphertext = encrypt_tokens(tokens)
    CalendarConnection.objects.filter(pk=connection.pk).update(token_ciphertext=ciphertext, updated_at=timezone.now())
    connection.token_ciphertext = ciphertext


def connection_reauth_require(*, connection, reason):
    """Marks the connection needs_reauth with the reason; it is not used again until connected anew."""
    logger.warning("Calendar connection %s needs re-authorisation: %s", connection.pk, reason)
    CalendarConnection.objects.filter(pk=connection.pk).update(
        status=CalendarConnection.Status.NEEDS_REAUTH, last_error=reason, updated_at=timezone.now()
    )
    connection.status = CalendarConnection.Status.NEEDS_REAUTH
    connection.last_error = reason


def calendar_tokens_rotate():
    """Re-encrypts every stored token under the newest key: (rotated, unreadable) counts."""
    return reencrypt_column(CalendarConnection.objects.all(), "token_ciphertext")


def connections_revoke_for_departed_user(*, user, **_signal):
    """Erase the tokens of a user who left; their connections wait, unusable, for a new connect."""
    CalendarConnection.objects.for_user(user).update(
        token_ciphertext="",
        status=CalendarConnection.Status.NEEDS_REAUTH,
        last_error="The account was deleted in Clerk.",
        updated_at=timezone.now(),
    )
