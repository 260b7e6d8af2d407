import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models

from accounts.ownership import OwnedModel
from accounts.validators import validate_timezone

from .validators import NORMALIZERS, WEEKDAYS, default_reminder_minutes, normalize_phone_number

# One answer for every refused link (missing, someone else's, linked already): it tells
# nobody which assistant ids exist.
NOT_AVAILABLE = "No assistant with this id is available to you."


def default_working_hours():
    return {day: ([["09:00", "17:00"]] if day not in ("sat", "sun") else []) for day in WEEKDAYS}


def generate_webhook_secret():
    return secrets.token_urlsafe(32)


class Agent(OwnedModel):
    """A voice leasing assistant: a VAPI assistant plus the rules it books viewings by."""

    class SyncStatus(models.TextChoices):
        LOCAL = "local"
        SYNCED = "synced"
        ERROR = "error"

    class Organisation(models.TextChoices):
        PLATFORM = "platform"
        OWN = "own"

    agent_name = models.CharField(max_length=100)
    vapi_assistant_id = models.CharField(max_length=64, blank=True, default="")
    # Only an assistant LeaseLine created is deleted with the agent; a linked one is left alone.
    vapi_assistant_created_by_leaseline = models.BooleanField(default=False)
    # Where the assistant lives: LeaseLine's VAPI organisation or the manager's own.
    vapi_organisation = models.CharField(max_length=10, choices=Organisation.choices, default=Organisation.PLATFORM)
    # The free-text number an agent had before numbers were owned records, kept only where
    # another agent had claimed the same number (the admin lists these); see PhoneNumber.
    unmigrated_phone_number = models.CharField(max_length=16, blank=True, default="", editable=False)
    is_active = models.BooleanField(default=True)
    first_message = models.TextField(blank=True, default="", validators=[MaxLengthValidator(1000)])
    instructions = models.TextField(blank=True, default="", validators=[MaxLengthValidator(20000)])
    voice = models.JSONField(default=dict, blank=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    working_hours = models.JSONField(default=default_working_hours)
    slot_minutes = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    buffer_minutes = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(240)])
    min_notice_minutes = models.PositiveIntegerField(default=60, validators=[MaxValueValidator(60 * 24 * 30)])
    booking_horizon_days = models.PositiveSmallIntegerField(
        default=14, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    # Minutes before a viewing at which the renter gets a reminder (agents/validators.py).
    reminder_minutes = models.JSONField(default=default_reminder_minutes, blank=True)
    booking_calendar = models.ForeignKey(
        "calendars.CalendarConnection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booking_agents",
    )
    webhook_secret = models.CharField(max_length=128, default=generate_webhook_secret)
    sync_status = models.CharField(max_length=10, choices=SyncStatus.choices, default=SyncStatus.LOCAL)
    sync_error = models.TextField(blank=True, default="")
    last_synced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vapi_assistant_id"],
                condition=~models.Q(vapi_assistant_id=""),
                name="agents_agent_vapi_assistant_id_unique",
                violation_error_message=NOT_AVAILABLE,
            ),
        ]

    def __str__(self):
        return self.agent_name

    @property
    def phone_number(self):
        """The number attached to this agent (E.164), "" without one."""
        try:
            return self.phone.number
        except PhoneNumber.DoesNotExist:
            return ""

    def clean_fields(self, exclude=None):
        """Values are first put in the form LeaseLine stores (E.164, trimmed ids, all seven
        days), then checked field by field."""
        exclude = set(exclude or ())
        errors = {}
        for name, normalize in NORMALIZERS.items():
            if name in exclude:
                continue
            try:
                setattr(self, name, normalize(getattr(self, name)))
            except ValidationError as exc:
                errors[name] = exc.error_list
        try:
            super().clean_fields(exclude=exclude | set(errors))
        except ValidationError as exc:
            errors.update(exc.error_dict)
        if errors:
            raise ValidationError(errors)

    def clean(self):
        # The webhook finds the agent by its assistant id, so one assistant serves one agent.
        if self.vapi_assistant_id:
            taken = Agent.objects.filter(vapi_assistant_id=self.vapi_assistant_id).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError({"vapi_assistant_id": NOT_AVAILABLE})


class VapiAccount(OwnedModel):
    """A manager's own VAPI organisation: its private key, encrypted, never shown again."""

    key_ciphertext = models.TextField()
    key_last4 = models.CharField(max_length=4)
    connected_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user"], name="agents_vapiaccount_one_per_user")]

    def __str__(self):
        return f"VAPI account …{self.key_last4}"


class PhoneNumber(OwnedModel):
    """A phone number a manager owns: read from their own VAPI organisation, or one of the
    platform's assigned to them by staff. Attached to an agent, its calls go to that agent."""

    number = models.CharField(max_length=16, blank=True, default="")
    vapi_phone_number_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    name = models.CharField(max_length=100, blank=True, default="")
    vapi_organisation = models.CharField(
        max_length=10, choices=Agent.Organisation.choices, default=Agent.Organisation.PLATFORM
    )
    agent = models.OneToOneField(Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="phone")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="agents_phonenumber_number_unique"
            ),
        ]

    def __str__(self):
        return self.number or self.name or f"VAPI number {self.vapi_phone_number_id}"

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        if "number" not in exclude:
            try:
                self.number = normalize_phone_number(self.number)
            except ValidationError as exc:
                raise ValidationError({"number": exc.error_list})
        self.vapi_phone_number_id = (self.vapi_phone_number_id or "").strip() or None
        super().clean_fields(exclude=exclude)

    def clean(self):
        if self.agent_id is not None and self.agent.user_id != self.user_id:
            raise ValidationError({"agent": "The agent must be this number's manager's."})
