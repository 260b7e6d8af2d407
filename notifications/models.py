"""What LeaseLine sent (or decided not to send) to a renter or a manager about a viewing."""

from django.db import models

from accounts.ownership import OwnedModel


class Notification(OwnedModel):
    """One message about one appointment, on one channel.

    A row is made when the booking service reports a change (confirmation, cancellation,
    reschedule, the manager's email) or, for reminders, ahead of time with `due_at` set: the
    beat schedule picks up due rows, so nothing sleeps in a worker and a restart loses none.

    Sent at most once: the unique constraint allows one row per (appointment, kind, channel,
    event, reminder offset, invite sequence), and a sender first claims the row
    (`claimed_at`, committed before anything is handed to SMTP or Twilio); a task that runs
    again, or twice at once, finds it claimed or sent and does nothing. A claim left behind by
    a sender that was killed mid-send ends `failed` (it may have gone out), never sent twice.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "Text"

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", "Confirmation"
        CANCELLATION = "cancellation", "Cancellation"
        REMINDER = "reminder", "Reminder"
        RESCHEDULE = "reschedule", "New time"
        MANAGER = "manager", "Manager's email"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    class Event(models.TextChoices):
        """What happened to the viewing (a manager's emails differ only by this)."""

        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"
        RESCHEDULED = "rescheduled", "Moved"
        REMINDER = "reminder", "Coming up"

    appointment = models.ForeignKey("calendars.Appointment", on_delete=models.CASCADE, related_name="notifications")
    lead = models.ForeignKey(
        "leads.Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    event = models.CharField(max_length=16, choices=Event.choices)
    # Who made the change ("voice", "renter", …), for the manager's email.
    by = models.CharField(max_length=16, blank=True, default="")
    # Minutes before the start, for reminders (0 for every other kind).
    offset_minutes = models.PositiveIntegerField(default=0)
    # The appointment's invite SEQUENCE when this was planned: a moved viewing gets new messages.
    sequence = models.PositiveIntegerField(default=0)
    to = models.CharField(max_length=254, blank=True, default="")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True, default="")
    due_at = models.DateTimeField()
    # Handed to the queue (by the booking or the beat schedule); a stale one is handed again.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    # Taken by a sender; committed before sending, so no second sender sends it too.
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Twilio's message sid or the email's Message-ID.
    provider_id = models.CharField(max_length=255, blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"], name="notifications_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "kind", "channel", "event", "offset_minutes", "sequence"],
                name="notifications_sent_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.get_channel_display().lower()} to {self.to or 'nobody'}"


class ViewingConfirmation(OwnedModel):
    """The renter pressed Confirm on their page for this viewing (at this invite sequence)."""

    appointment = models.OneToOneField(
        "calendars.Appointment", on_delete=models.CASCADE, related_name="renter_confirmation"
    )
    sequence = models.PositiveIntegerField(default=0)
    confirmed_at = models.DateTimeField()

    def __str__(self):
        return f"Confirmed by the renter at {self.confirmed_at:%Y-%m-%d %H:%M}"
