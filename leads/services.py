"""Writes to leads: made or found by calls and bookings, filled from what callers said, edited
by the manager.

Three kinds of writer, one rule each:
- the manager (page, API) sets anything, status included, backward too; every field they
  set is remembered in `manager_fields`;
- what a caller said (tool arguments, a booking) fills any field the manager did not type;
- the end-of-call report's structured data fills only fields that are still empty.
Status moves forward by itself (a call: contacted; a booking: viewing_booked; an attended
viewing: viewed), never backward, and never away from applied, leased or lost.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import values

from .models import PROFILE_FIELDS, Lead, normalize_lead_phone

Status = Lead.Status
# The order in which a lead moves forward by itself.
PROGRESS = [Status.NEW, Status.CONTACTED, Status.VIEWING_BOOKED, Status.VIEWED]
# Statuses only the manager sets; nothing automatic moves a lead out of them.
MANAGER_STATUSES = {Status.APPLIED, Status.LEASED, Status.LOST}
STRUCTURED_DATA_KEYS = (*PROFILE_FIELDS, "rental_ids")
MANAGER_EDITABLE = (*PROFILE_FIELDS, "status", "notes", "do_not_contact")


def lead_phone(phone):
    """The lead's E.164 phone for a number as given, or None when it is not a phone number."""
    if not values.as_text(phone):
        return None
    try:
        return normalize_lead_phone(phone)
    except ValueError:
        return None


def _advanced(lead, status, now):
    """Moves `lead.status` forward to `status`; returns the changed field names."""
    current = lead.status
    if current in MANAGER_STATUSES or current not in PROGRESS:
        return []
    if PROGRESS.index(status) <= PROGRESS.index(current):
        return []
    lead.status = status
    lead.status_changed_at = now
    return ["status", "status_changed_at"]


def _checked(name, value, lead):
    """`value` as the model stores `name`, or None when the model refuses it."""
    field = Lead._meta.get_field(name)
    if isinstance(value, str):
        value = value.strip()
    if value in (None, ""):
        return None
    try:
        return field.clean(value, lead)
    except ValidationError:
        return None


def _filled(lead, said, *, only_empty):
    """Sets what a caller said on fields the manager did not type; returns the changed names."""
    changed = []
    for name, value in said.items():
        if name in lead.manager_fields:
            continue
        current = getattr(lead, name)
        if only_empty and current not in (None, ""):
            continue
        value = _checked(name, value, lead)
        if value is None or value == current:
            continue
        setattr(lead, name, value)
        changed.append(name)
    return changed


def _touched(lead, at):
    """Contact times moved to `at`; returns the changed names."""
    changed = []
    if lead.first_contact_at is None or at < lead.first_contact_at:
        lead.first_contact_at = at
        changed.append("first_contact_at")
    if lead.last_contact_at is None or at > lead.last_contact_at:
        lead.last_contact_at = at
        changed.append("last_contact_at")
    return changed


def _saved(lead, changed, counters=()):
    """Saves only what changed; counters are raised in the database, so concurrent calls add up."""
    updates = {name: getattr(lead, name) for name in changed}
    updates.update({name: F(name) + 1 for name in counters})
    if not updates:
        return lead
    updates["updated_at"] = timezone.now()
    Lead.objects.filter(pk=lead.pk).update(**updates)
    for name in counters:
        setattr(lead, name, getattr(lead, name) + 1)
    return lead


def _found_or_made(*, user, phone, status, at, **made_with):
    """The user's lead for `phone` (E.164), made at `status` (with `made_with`, values already
    checked) when there is none; (lead, made)."""
    return Lead.objects.get_or_create(
        user=user,
        phone=phone,
        defaults={
            "status": status,
            "status_changed_at": at,
            "first_contact_at": at,
            "last_contact_at": at,
            **made_with,
        },
    )


def _rentals_added(lead, rentals):
    rentals = [rental for rental in rentals if rental is not None and rental.user_id == lead.user_id]
    if rentals:
        lead.rentals.add(*rentals)


def lead_for_call(*, user, phone, started_at=None):
    """The caller's lead, made or found, for a call that is being recorded for the first time:
    contacted, one more call, contact times covering the call. None without a usable number."""
    phone = lead_phone(phone)
    if phone is None:
        return None
    at = started_at or timezone.now()
    lead, made = _found_or_made(user=user, phone=phone, status=Status.CONTACTED, at=at, calls_count=1)
    if made:
        return lead
    return _saved(lead, _touched(lead, at) + _advanced(lead, Status.CONTACTED, at), counters=["calls_count"])


def lead_note_search(*, user, phone, max_price=None, min_bedrooms=None, pets_allowed=None, available_by=None):
    """What a caller searched for fills their lead (budget, bedrooms, pets, move-in).

    A search that says none of these does not touch the lead; one that does reads it and
    writes only what changed (a voice tool answers within VAPI's time limit)."""
    pets = {True: "Has pets", False: "No pets"}.get(pets_allowed)
    said = {"budget_max": max_price, "bedrooms_min": min_bedrooms, "pets": pets, "move_in_date": available_by}
    said = {name: value for name, value in said.items() if value is not None}
    phone = lead_phone(phone)
    if not said or phone is None:
        return None
    now = timezone.now()
    lead, _made = _found_or_made(user=user, phone=phone, status=Status.CONTACTED, at=now)
    changed = _filled(lead, said, only_empty=False) + _advanced(lead, Status.CONTACTED, now)
    return _saved(lead, changed)


def lead_for_booking(*, user, phone, name="", email="", rental=None):
    """The lead of a viewing being booked (the caller's number for voice, else the attendee's
    phone): name, email and rental filled, viewing_booked, one more appointment. None without
    a usable number. Called by the booking service inside its transaction."""
    phone = lead_phone(phone)
    if phone is None:
        return None
    now = timezone.now()
    said = {"name": _checked("name", name, None), "email": _checked("email", email, None)}
    said = {field: value for field, value in said.items() if value is not None}
    lead, made = _found_or_made(
        user=user, phone=phone, status=Status.VIEWING_BOOKED, at=now, appointments_count=1, **said
    )
    _rentals_added(lead, [rental])
    if made:
        return lead
    changed = _filled(lead, said, only_empty=False) + _touched(lead, now) + _advanced(lead, Status.VIEWING_BOOKED, now)
    return _saved(lead, changed, counters=["appointments_count"])


def _structured_rentals(lead, ids):
    if not isinstance(ids, list):
        ids = [ids]
    numbers = []
    for item in ids[:20]:
        try:
            numbers.append(values.parse_int(item))
        except (ValueError, TypeError):
            continue
    rental_model = Lead._meta.get_field("rentals").related_model
    return list(rental_model.objects.for_user(lead.user).filter(pk__in=[n for n in numbers if n is not None]))


def _structured_date(value):
    try:
        return values.parse_date(value)
    except (ValueError, TypeError):
        return None


def _structured_number(value):
    try:
        return values.parse_number(value)
    except ValueError:
        return None


def lead_fill_from_structured_data(*, user, lead, data):
    """The end-of-call report's structured data fills what is still empty on the lead (and adds
    the rentals it names); values the model refuses are ignored."""
    if lead is None or lead.user_id != user.pk or not isinstance(data, dict):
        return lead
    # Read again: what is empty is what the database holds now, not what a caller's copy held.
    lead = Lead.objects.for_user(user).get(pk=lead.pk)
    said = {name: data.get(name) for name in PROFILE_FIELDS if data.get(name) is not None}
    if "move_in_date" in said:
        said["move_in_date"] = _structured_date(said["move_in_date"])
    if "budget_max" in said:
        said["budget_max"] = _structured_number(said["budget_max"])  # "$1,850" as well as 1850
    if isinstance(said.get("bedrooms_min"), bool):
        said.pop("bedrooms_min")
    if "pets" in said and isinstance(said["pets"], bool):
        said["pets"] = "Has pets" if said["pets"] else "No pets"
    for name in ("name", "email", "pets"):
        if name in said and not isinstance(said[name], str):
            said.pop(name)
    changed = _filled(lead, said, only_empty=True)
    if data.get("rental_ids") is not None:
        _rentals_added(lead, _structured_rentals(lead, data["rental_ids"]))
    return _saved(lead, changed)


def lead_advance(*, user, lead, status):
    """Moves the lead forward to `status` (never backward, never out of the manager's statuses)."""
    if lead is None or lead.user_id != user.pk:
        return lead
    lead = Lead.objects.for_user(user).get(pk=lead.pk)
    return _saved(lead, _advanced(lead, status, timezone.now()))


def lead_update(*, user, lead, data):
    """The manager's edit: any field of MANAGER_EDITABLE, status included (backward too).

    Profile fields the manager sets are remembered as theirs, so no call overwrites them.
    Raises ValidationError with the model's reasons; nothing is saved then.
    """
    if lead.user_id != user.pk:
        raise ValueError("The lead must be the user's own.")
    data = {name: value for name, value in data.items() if name in MANAGER_EDITABLE}
    old_status = lead.status
    for name, value in data.items():
        setattr(lead, name, value)
    lead.full_clean(exclude=["user", "rentals"], validate_constraints=False)
    typed = [name for name in data if name in PROFILE_FIELDS]
    lead.manager_fields = sorted(set(lead.manager_fields) | set(typed))
    if lead.status != old_status:
        lead.status_changed_at = timezone.now()
    with transaction.atomic():
        lead.save()
    return lead
