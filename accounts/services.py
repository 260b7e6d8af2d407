import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .models import ProcessedWebhook, User
from .signals import user_departed

logger = logging.getLogger(__name__)

# Clerk session tokens carry no email by default; until the user.created webhook arrives
# the account gets an address under a reserved domain that can never receive mail.
PLACEHOLDER_EMAIL_DOMAIN = "users.clerk.invalid"


def _placeholder_email(clerk_user_id):
    return f"{clerk_user_id.lower()}@{PLACEHOLDER_EMAIL_DOMAIN}"


def _email_is_free(email, *, except_user=None):
    taken = User.objects.filter(email__iexact=email)
    if except_user is not None:
        taken = taken.exclude(pk=except_user.pk)
    return not taken.exists()


def _storable(model, field_name, value):
    """`value` once the model field's own validators accept it; raises ValidationError.

    Checked before any query, so a value the column cannot hold (too long, a NUL) is refused
    cleanly instead of failing in the database.
    """
    model._meta.get_field(field_name).run_validators(value)
    return value


def _storable_email_or_none(value):
    try:
        return _storable(User, "email", value.strip().lower()) if isinstance(value, str) else None
    except ValidationError:
        return None


def user_get_or_create_for_clerk(*, clerk_user_id, email=None):
    """The user behind a verified Clerk token, created just in time on first sight.

    The token's `email` is only copied onto a new user, and only when no account has it: a
    token never links to an existing account (the webhook does that, for a verified address).
    Raises ValidationError when `clerk_user_id` is not one the database can hold.
    """
    _storable(User, "clerk_user_id", clerk_user_id)
    user = User.objects.filter(clerk_user_id=clerk_user_id).first()
    if user is not None:
        return user
    email = _storable_email_or_none(email)
    user = User(clerk_user_id=clerk_user_id, email=_placeholder_email(clerk_user_id))
    if email and _email_is_free(email):
        user.email = email
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
        return user
    except IntegrityError:
        pass
    # A concurrent first request created this user a moment ago, or took the address.
    existing = User.objects.filter(clerk_user_id=clerk_user_id).first()
    if existing is not None:
        return existing
    user.email = _placeholder_email(clerk_user_id)
    user.save()
    return user


def _primary_address(data):
    """The primary email of a Clerk user payload and whether Clerk verified it: (email, verified)."""
    addresses = [
        entry for entry in data.get("email_addresses") or [] if isinstance(entry, dict) and entry.get("email_address")
    ]
    primary_id = data.get("primary_email_address_id")
    primary = next((entry for entry in addresses if entry.get("id") == primary_id), addresses[0] if addresses else None)
    if primary is None:
        return None, False
    verification = primary.get("verification")
    verified = isinstance(verification, dict) and verification.get("status") == "verified"
    return str(primary["email_address"]).strip().lower(), verified


def user_upsert_from_clerk(*, data):
    """Apply a Clerk `user.created` / `user.updated` payload.

    An account that signed up with a password first is linked by email only when Clerk has
    verified that address (the primary one, in this event): an unverified address never
    takes over an account. An address another account holds is not copied; a user left
    without one gets a placeholder. Raises ValidationError, saving nothing, for a value the
    database cannot hold (an id over 64 characters, an address over 254, a name over 150).
    """
    clerk_user_id = data["id"]
    email, verified = _primary_address(data)
    name = " ".join(part for part in (data.get("first_name"), data.get("last_name")) if part).strip()
    for field_name, value in (("clerk_user_id", clerk_user_id), ("email", email), ("name", name)):
        _storable(User, field_name, value)

    user = User.objects.select_for_update().filter(clerk_user_id=clerk_user_id).first()
    if user is None and email and verified:
        user = User.objects.select_for_update().filter(email__iexact=email, clerk_user_id__isnull=True).first()
    if user is None:
        user = User(clerk_user_id=clerk_user_id)
        user.set_unusable_password()
    user.clerk_user_id = clerk_user_id
    if email and _email_is_free(email, except_user=user if user.pk else None):
        user.email = email
    elif not user.email:
        if email:
            logger.warning("Clerk user %s has an email already used by another account", clerk_user_id)
        user.email = _placeholder_email(clerk_user_id)
    if name:
        user.name = name
    user.is_active = True
    user.save()
    return user


def user_deactivate_from_clerk(*, clerk_user_id):
    """Apply a Clerk `user.deleted`: sign the user out of LeaseLine for good, keep their records.

    The apps above accounts switch off what the user left running (`user_departed`): their
    agents pause and their calendar tokens are erased.
    """
    _storable(User, "clerk_user_id", clerk_user_id)
    user = User.objects.select_for_update().filter(clerk_user_id=clerk_user_id).first()
    if user is None:
        return None
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_departed.send(sender=User, user=user)
    return user


CLERK_EVENT_HANDLERS = {
    "user.created": lambda data: user_upsert_from_clerk(data=data),
    "user.updated": lambda data: user_upsert_from_clerk(data=data),
    "user.deleted": lambda data: user_deactivate_from_clerk(clerk_user_id=data["id"]),
}


def clerk_event_apply(*, message_id, event):
    """Apply one verified Clerk event once; returns "applied", "duplicate" or "ignored".

    Raises KeyError/TypeError for a payload that lacks what its type needs and
    ValidationError for a value the database cannot hold (the svix-id included); then
    nothing is recorded, so a corrected redelivery is applied.
    """
    handler = CLERK_EVENT_HANDLERS.get(event.get("type"))
    if handler is None:
        return "ignored"
    _storable(ProcessedWebhook, "svix_id", message_id)
    with transaction.atomic():
        _, first_time = ProcessedWebhook.objects.get_or_create(
            svix_id=message_id, defaults={"event_type": event["type"]}
        )
        if not first_time:
            return "duplicate"
        data = event["data"]
        if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"]:
            raise KeyError("data.id")
        handler(data)
    return "applied"
