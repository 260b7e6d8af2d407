import logging

from django.db import IntegrityError, transaction

from .models import ProcessedWebhook, User

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


def user_get_or_create_for_clerk(*, clerk_user_id, email=None):
    """The user behind a verified Clerk token, created just in time on first sight."""
    user = User.objects.filter(clerk_user_id=clerk_user_id).first()
    if user is not None:
        return user
    chosen_email = email if email and _email_is_free(email) else _placeholder_email(clerk_user_id)
    try:
        with transaction.atomic():
            user = User(clerk_user_id=clerk_user_id, email=chosen_email)
            user.set_unusable_password()
            user.save()
            return user
    except IntegrityError:
        # A concurrent first request created it a moment ago.
        return User.objects.get(clerk_user_id=clerk_user_id)


def _primary_email(data):
    addresses = data.get("email_addresses") or []
    primary_id = data.get("primary_email_address_id")
    for entry in addresses:
        if isinstance(entry, dict) and entry.get("id") == primary_id and entry.get("email_address"):
            return str(entry["email_address"]).strip().lower()
    for entry in addresses:
        if isinstance(entry, dict) and entry.get("email_address"):
            return str(entry["email_address"]).strip().lower()
    return None


def user_upsert_from_clerk(*, data):
    """Apply a Clerk `user.created` / `user.updated` payload."""
    clerk_user_id = data["id"]
    email = _primary_email(data)
    name = " ".join(part for part in (data.get("first_name"), data.get("last_name")) if part).strip()

    user = User.objects.select_for_update().filter(clerk_user_id=clerk_user_id).first()
    if user is None and email:
        # An account that signed up with a password first is linked, not duplicated.
        user = (
            User.objects.select_for_update()
            .filter(email__iexact=email, clerk_user_id__isnull=True)
            .first()
        )
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
        user.name = name[:150]
    user.is_active = True
    user.save()
    return user


def user_deactivate_from_clerk(*, clerk_user_id):
    """Apply a Clerk `user.deleted`: sign the user out of LeaseLine for good, keep their records."""
    from agents.models import Agent
    from calendars.models import CalendarConnection

    user = User.objects.select_for_update().filter(clerk_user_id=clerk_user_id).first()
    if user is None:
        return None
    user.is_active = False
    user.save(update_fields=["is_active"])
    CalendarConnection.objects.for_user(user).update(
        token_ciphertext="",
        status=CalendarConnection.Status.NEEDS_REAUTH,
        last_error="The account was deleted in Clerk.",
    )
    Agent.objects.for_user(user).update(is_active=False)
    return user


CLERK_EVENT_HANDLERS = {
    "user.created": lambda data: user_upsert_from_clerk(data=data),
    "user.updated": lambda data: user_upsert_from_clerk(data=data),
    "user.deleted": lambda data: user_deactivate_from_clerk(clerk_user_id=data["id"]),
}


def clerk_event_apply(*, message_id, event):
    """Apply one verified Clerk event once; returns "applied", "duplicate" or "ignored".

    Raises KeyError/TypeError for a payload that lacks what its type needs, and then
    nothing is recorded, so a corrected redelivery is applied.
    """
    handler = CLERK_EVENT_HANDLERS.get(event.get("type"))
    if handler is None:
        return "ignored"
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
