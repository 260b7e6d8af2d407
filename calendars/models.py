from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from accounts.ownership import OwnedModel

# How much of a booking is kept, whichever way it came in (voice, API, the calendar page).
ATTENDEE_NAME_MAX_LENGTH = 200
ATTENDEE_PHONE_MAX_LENGTH = 32
NOTES_MAX_LENGTH = 5000


class CalendarConnection(OwnedModel):
    """An external calendar (Microsoft 365 or Google) the manager connected through OAuth.

    The OAuth tokens live only in `token_ciphertext`, encrypted with TOKEN_ENCRYPTION_KEYS.
    """

    class Provider(models.TextChoices):
        MICROSOFT = "microsoft"
        GOOGLE = "google"

    class Status(models.TextChoices):
        ACTIVE = "active"
        NEEDS_REAUTH = "needs_reauth"

    provider = models.CharField(max_length=16, choices=Provider.choices)
    account_email = models.CharField(max_length=254, blank=True, default="")
    calendar_id = models.CharField(max_length=255, blank=True, default="primary")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    last_error = models.TextField(blank=True, default="")
    token_ciphertext = models.TextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "provider", "account_email"],
                name="calendars_connection_one_per_account",
            ),
        ]

    def __str__(self):
        return f"{self.get_provider_display()} {self.account_email}".strip()


class Appointment(OwnedModel):
    """A viewing booked in the manager's calendar, by voice, the API or the web pages."""

    class Status(models.TextChoices):
        BOOKED = "booked"
        CANCELLED = "cancelled"
        # Set by the manager once the viewing has started.
        ATTENDED = "attended"
        NO_SHOW = "no_show", "No-show"

    class Source(models.TextChoices):
        VOICE = "voice", "Phone call"
        API = "api", "API"
        WEB = "web", "Booked here"
        # Booked from the agent page's "try a tool" panel: no call happened.
        TEST = "test", "Test"

    agent = models.ForeignKey(
        "agents.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    rental = models.ForeignKey(
        "rentals.Rental", null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    lead = models.ForeignKey(
        "leads.Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    # Null: the built-in calendar.
    connection = models.ForeignKey(
        CalendarConnection, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    provider_event_id = models.CharField(max_length=1024, blank=True, default="")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.API)
    vapi_call_id = models.CharField(max_length=128, blank=True, default="", db_index=True)
    # The VAPI tool call id (or another client's key): a retried booking returns the first result.
    # Unique per manager: another manager's key never blocks or answers anything.
    idempotency_key = models.CharField(max_length=255, blank=True, default="")
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    attendee_name = models.CharField(max_length=ATTENDEE_NAME_MAX_LENGTH)
    attendee_phone = models.CharField(max_length=ATTENDEE_PHONE_MAX_LENGTH, blank=True, default="")
    attendee_email = models.EmailField(blank=True, default="")
    notes = models.TextField(blank=True, default="", validators=[MaxLengthValidator(NOTES_MAX_LENGTH)])
    # The invite's SEQUENCE: raised each time the viewing moves, so calendars replace it.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "id"]
        indexes = [
            models.Index(fields=["user", "status", "start"], name="calendars_appt_user_start"),
            models.Index(fields=["user", "attendee_phone"], name="calendars_appt_user_phone"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="calendars_appt_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="calendars_appt_one_per_key",
            ),
        ]

    def __str__(self):
        return f"{self.attendee_name} at {self.start:%Y-%m-%d %H:%M}"

    def clean(self):
        self.attendee_name = (self.attendee_name or "").strip()
        if not self.attendee_name:
            raise ValidationError({"attendee_name": "Give the name of the person coming to the viewing."})

    @classmethod
    def agents_model(cls):
        """The Agent model, reached through this foreign key: calendars sits below agents and
        names them only here, so the booking form and API offer agents without importing them."""
        return cls._meta.get_field("agent").related_model


class OAuthState(OwnedModel):
    """One OAuth connect in progress: single use, bound to its user and provider, ten minutes.

    Stored server side: the callback may reach a browser without the manager's session (the
    frontend signs in with bearer tokens), and then parks the tokens for that manager (see
    PendingCalendarConnection). Only a SHA-256 digest of the state is kept, so reading this
    table gives nothing a callback would accept.
    """

    LIFETIME_SECONDS = 600

    state_digest = models.CharField(max_length=64, unique=True)
    provider = models.CharField(max_length=16, choices=CalendarConnection.Provider.choices)
    # PKCE: the verifier whose S256 challenge went out with the authorization URL.
    code_verifier = models.CharField(max_length=128)
    # What the provider's library needs back at the callback (msal's flow, minus the state).
    provider_flow = models.JSONField(default=dict, blank=True)
    # Where the browser goes afterwards; empty: CALENDAR_REDIRECT_URL.
    redirect_url = models.CharField(max_length=2048, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["expires_at"], name="calendars_oauthstate_expiry")]

    def __str__(self):
        return f"{self.provider} connect for user {self.user_id}"


class PendingCalendarConnection(OwnedModel):
    """Tokens of a connect whose consent came back to a browser without the session of the
    manager who started it (another person, or the frontend signed in with bearer tokens).

    They wait here, encrypted like a connection's, for ten minutes: only that manager can
    claim them, with the one-time code the callback put in the redirect. Only a SHA-256 digest
    of the code is kept.
    """

    LIFETIME_SECONDS = 600

    code_digest = models.CharField(max_length=64, unique=True)
    provider = models.CharField(max_length=16, choices=CalendarConnection.Provider.choices)
    account_email = models.CharField(max_length=254, blank=True, default="")
    token_ciphertext = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["expires_at"], name="calendars_pending_expiry")]

    def __str__(self):
        return f"{self.provider} connect waiting for user {self.user_id}"
