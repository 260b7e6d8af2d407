"""Secrets at rest (calendar OAuth tokens, VAPI private keys): Fernet with the keys in
TOKEN_ENCRYPTION_KEYS.

The first key encrypts; every key decrypts, so a new key can be put first and the old ones
dropped once `manage.py rotate_calendar_tokens` has re-encrypted every row.
"""

import json
import logging
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

logger = logging.getLogger(__name__)


class TokenDecryptionError(Exception):
    """Stored secrets cannot be decrypted with any configured key."""


@lru_cache(maxsize=4)
def _fernet_for(keys):
    return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])


def _fernet():
    return _fernet_for(tuple(settings.TOKEN_ENCRYPTION_KEYS))


def encrypt_tokens(payload):
    """A dict of secrets as a Fernet token string."""
    return _fernet().encrypt(json.dumps(payload, separators=(",", ":")).encode()).decode()


def decrypt_tokens(ciphertext):
    """The dict stored by `encrypt_tokens` ({} for an empty column)."""
    if not ciphertext:
        return {}
    try:
        return json.loads(_fernet().decrypt(ciphertext.encode()))
    except (InvalidToken, ValueError) as exc:
        # The message names no secret material, only the failure.
        raise TokenDecryptionError("Stored tokens cannot be decrypted.") from exc


def reencrypt(ciphertext):
    """The same secrets encrypted under the newest (first) key."""
    if not ciphertext:
        return ciphertext
    try:
        return _fernet().rotate(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise TokenDecryptionError("Stored tokens cannot be decrypted.") from exc


def reencrypt_column(queryset, field):
    """Re-encrypt `field` of every row of `queryset` under the newest key: (rotated,
    unreadable) counts. A row changed meanwhile is left for the next rotation."""
    rotated = unreadable = 0
    for pk, ciphertext in queryset.exclude(**{field: ""}).values_list("pk", field):
        try:
            fresh = reencrypt(ciphertext)
        except TokenDecryptionError:
            unreadable += 1
            logger.error("%s %s: %s readable with no configured key", queryset.model.__name__, pk, field)
            continue
        queryset.filter(pk=pk, **{field: ciphertext}).update(**{field: fresh})
        rotated += 1
    return rotated, unreadable
