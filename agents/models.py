import json
import re
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models

from accounts.ownership import OwnedModel
from accounts.validators import validate_timezone
from core.validators import validate_http_url

from .validators import NORMALIZERS, WEEKDAYS, default_reminder_minutes, normalize_phone_number

# One answer for every refused link (missing, someone else's, linked already): it tells
# nobody which assistant ids exist.
NOT_AVAILABLE = "No assistant with this id is available to you."


def default_working_hours():
    return {day: ([["09:00", "17:00"]] if day not in ("sat", "sun") else []) for day in WEEKDAYS}


def generate_webhook_secret():
    return secrets.token_urlsafe(32)


FRONTEND_CONFIG_MAX_CHARS = 20000


def validate_frontend_config(value):
    if not isinstance(value, dict):
        raise ValidationError("config is a JSON object.", code="invalid")
    if len(json.dumps(value)) > FRONTEND_CONFIG_MAX_CHARS:
        raise ValidationError(f"config can be at most {FRONTEND_CONFIG_MAX_CHARS} characters of JSON.", code="invalid")


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
    first_message = models.TextField(
        blank=True,
        default="",
        validators=[
            MaxLengthValidator(1000, "The first message can be at most 1,000 characters (this has %(show_value)d).")
        ],
    )
    instructions = models.TextField(
        blank=True,
        default="",
        validators=[
            MaxLengthValidator(20000, "The instructions can be at most 20,000 characters (these have %(show_value)d).")
        ],
    )
    voice = models.JSONField(default=dict, blank=True)
    # The AI model VAPI runs the agent on, `{provider, model, temperature?}`; {} is LeaseLine's
    # default (agents/validators.py normalize_model, agents/assistant.py DEFAULT_MODEL).
    model = models.JSONField(default=dict, blank=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    working_hours = models.JSONField(default=default_working_hours)
    slot_minutes = models.PositiveSmallIntegerField(
        default=30,
        validators=[
            MinValueValidator(5, "A viewing lasts at least 5 minutes."),
            MaxValueValidator(480, "A viewing lasts at most 480 minutes (8 hours)."),
        ],
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        default=0,
        validators=[
            MinValueValidator(0, "The buffer between viewings can't be negative."),
            MaxValueValidator(240, "The buffer between viewings can be at most 240 minutes (4 hours)."),
        ],
    )
    min_notice_minutes = models.PositiveIntegerField(
        default=60,
        validators=[
            MinValueValidator(0, "The minimum notice can't be negative."),
            MaxValueValidator(60 * 24 * 30, "The minimum notice can be at most 43,200 minutes (30 days)."),
        ],
    )
    booking_horizon_days = models.PositiveSmallIntegerField(
        default=14,
        validators=[
            MinValueValidator(1, "Agents book at least 1 day ahead."),
            MaxValueValidator(365, "Agents book at most 365 days ahead."),
        ],
    )
    # Minutes before a viewing at which the renter gets a reminder (agents/validators.py).
    reminder_minutes = models.JSONField(default=default_reminder_minutes, blank=True)
    # What the existing Next.js frontend keeps in its `config` beyond the fields above
    # (serverUrl, ...): stored for it, never sent to VAPI (legacy/serializers/agents.py).
    frontend_config = models.JSONField(default=dict, blank=True, validators=[validate_frontend_config])
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


# Agent variables and functions: what the existing frontend's agent editor lists and adds
# (`/legacy/agents/{id}/variables`, `/functions`). Stored per agent, shown in the admin.
AGENT_PARTS_MAX = 100
PART_KEY = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")


def validate_part_key(value):
    if not PART_KEY.match(value or ""):
        raise ValidationError("Use letters, digits and _ . : - only (at most 100).", code="invalid")


def validate_regex(value):
    try:
        re.compile(value)
    except (re.error, RecursionError, OverflowError):
        raise ValidationError("This is not a valid regular expression.", code="invalid") from None


class AgentPart(OwnedModel):
    """What variables and functions share: the agent they belong to, names and order."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="%(class)ss")
    name = models.CharField(max_length=100, validators=[validate_part_key])
    display_name = models.CharField(max_length=200, blank=True, default="")
    description = models.TextField(blank=True, default="", validators=[MaxLengthValidator(2000)])
    sort_order = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(100_000)])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.display_name or self.name

    def clean(self):
        if self.agent_id is None:
            return
        if self.agent.user_id != self.user_id:
            raise ValidationError({"agent": "The agent must be this manager's."})
        siblings = type(self).objects.filter(agent_id=self.agent_id).exclude(pk=self.pk)
        if self.pk is None and siblings.count() >= AGENT_PARTS_MAX:
            raise ValidationError(f"An agent can have at most {AGENT_PARTS_MAX} of these.")


class AgentVariable(AgentPart):
    """A fact the assistant collects from a caller (the frontend's "variables")."""

    variable_id = models.CharField(max_length=100, validators=[validate_part_key])
    type = models.CharField(max_length=20, default="string", validators=[validate_part_key])
    required = models.BooleanField(default=False)
    default_value = models.CharField(max_length=500, blank=True, default="")
    validation_pattern = models.CharField(max_length=500, blank=True, default="", validators=[validate_regex])
    extraction_prompt = models.TextField(blank=True, default="", validators=[MaxLengthValidator(2000)])

    class Meta(AgentPart.Meta):
        constraints = [
            models.UniqueConstraint(fields=["agent", "variable_id"], name="agents_agentvariable_unique_id"),
        ]


class AgentFunction(AgentPart):
    """A function the frontend declares for an agent; LeaseLine stores it and never calls its URL."""

    class Method(models.TextChoices):
        GET = "GET"
        POST = "POST"
        PUT = "PUT"
        PATCH = "PATCH"
        DELETE = "DELETE"

    function_id = models.CharField(max_length=100, validators=[validate_part_key])
    enabled = models.BooleanField(default=True)
    webhook_url = models.URLField(max_length=2048, blank=True, default="", validators=[validate_http_url])
    method = models.CharField(max_length=6, choices=Method.choices, default=Method.POST)

    class Meta(AgentPart.Meta):
        constraints = [
            models.UniqueConstraint(fields=["agent", "function_id"], name="agents_agentfunction_unique_id"),
        ]
