from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.db import models

from accounts.ownership import OwnedModel
from core import values

NOTES_MAX_LENGTH = 5000
# What a lead says of themselves that a call, a booking or the manager can fill in.
PROFILE_FIELDS = ("name", "email", "budget_max", "bedrooms_min", "move_in_date", "pets")


def normalize_lead_phone(value):
    """The lead's phone in E.164: a number valid in its country (read in the US without a
    country code), else one of a possible length written with its country code (a provider's
    test numbers). Raises ValueError for anything else."""
    text = values.as_text(value, limit=64)
    try:
        return values.phone_e164(text)
    except ValueError:
        return values.phone_e164(text, region=None, possible=True)


class Lead(OwnedModel):
    """A renter who called or booked: one per phone number per manager.

    `manager_fields` names the fields the manager typed; a call never overwrites those.
    """

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        VIEWING_BOOKED = "viewing_booked", "Viewing booked"
        VIEWED = "viewed", "Viewed"
        APPLIED = "applied", "Applied"
        LEASED = "leased", "Leased"
        LOST = "lost", "Lost"

    phone = models.CharField(max_length=32)
    name = models.CharField(max_length=200, blank=True, default="", validators=[ProhibitNullCharactersValidator()])
    email = models.EmailField(blank=True, default="")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    # When the status last changed (the funnel counts leases by it).
    status_changed_at = models.DateTimeField(null=True, blank=True)
    budget_max = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    bedrooms_min = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(50)])
    move_in_date = models.DateField(null=True, blank=True)
    pets = models.CharField(max_length=200, blank=True, default="", validators=[ProhibitNullCharactersValidator()])
    # The rentals they asked about or booked (the API's `rental_ids`).
    rentals = models.ManyToManyField("rentals.Rental", blank=True, related_name="leads")
    notes = models.TextField(
        blank=True,
        default="",
        validators=[MaxLengthValidator(NOTES_MAX_LENGTH), ProhibitNullCharactersValidator()],
    )
    do_not_contact = models.BooleanField(default=False)
    manager_fields = models.JSONField(default=list, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    last_contact_at = models.DateTimeField(null=True, blank=True)
    calls_count = models.PositiveIntegerField(default=0)
    appointments_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [models.F("last_contact_at").desc(nulls_last=True), "-id"]
        indexes = [models.Index(fields=["user", "last_contact_at"], name="leads_lead_user_last_contact")]
        constraints = [
            models.UniqueConstraint(fields=["user", "phone"], name="leads_lead_one_per_phone"),
        ]

    def __str__(self):
        return self.name or self.phone

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        errors = {}
        if "phone" not in exclude:
            try:
                self.phone = normalize_lead_phone(self.phone)
            except ValueError:
                errors["phone"] = ["Give a phone number, for example +15125550142."]
        self.name = (self.name or "").strip()
        self.pets = (self.pets or "").strip()
        self.email = (self.email or "").strip()
        try:
            super().clean_fields(exclude=exclude | set(errors))
        except ValidationError as exc:
            errors.update(exc.error_dict)
        if errors:
            raise ValidationError(errors)
