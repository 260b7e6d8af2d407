import secrets

from django.db import models

from accounts.ownership import OwnedModel
from accounts.validators import validate_timezone

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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

    agent_name = models.CharField(max_length=100)
    vapi_assistant_id = models.CharField(max_length=64, blank=True, default="")
    # Only an assistant LeaseLine created is deleted with the agent; a linked one is left alone.
    vapi_assistant_created_by_leaseline = models.BooleanField(default=False)
    phone_number = models.CharField(max_length=16, blank=True, default="")
    is_active = models.BooleanField(default=True)
    first_message = models.TextField(blank=True, default="")
    instructions = models.TextField(blank=True, default="")
    voice = models.JSONField(default=dict, blank=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    working_hours = models.JSONField(default=default_working_hours)
    slot_minutes = models.PositiveSmallIntegerField(default=30)
    buffer_minutes = models.PositiveSmallIntegerField(default=0)
    min_notice_minutes = models.PositiveIntegerField(default=60)
    booking_horizon_days = models.PositiveSmallIntegerField(default=14)
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
            ),
        ]
        indexes = [models.Index(fields=["phone_number"], name="agents_agent_phone_idx")]

    def __str__(self):
        return self.agent_name
