"""The provider interface and what is shared by the providers that hold OAuth tokens."""

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from django.db import DatabaseError

from core.crypto import TokenDecryptionError, decrypt_tokens

from ..clients.http import ProviderAuthError, reading_answer
from ..models import CalendarConnection
from ..tokens import connection_reauth_require, connection_tokens_store

logger = logging.getLogger(__name__)

SHOW_AS = ("busy", "free", "tentative", "oof")


@dataclass(frozen=True)
class CalendarEvent:
    id: str
    provider: str
    connection_id: int | None
    title: str
    start: datetime
    end: datetime
    all_day: bool = False
    location: str = ""
    show_as: str = "busy"

    @property
    def is_busy(self):
        # Tentative and out-of-office block time as much as busy does.
        return self.show_as != "free"

    def as_dict(self):
        return {
            "id": self.id,
            "provider": self.provider,
            "connection_id": self.connection_id,
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "all_day": self.all_day,
            "location": self.location,
            "show_as": self.show_as,
        }


def local_midnight(day: date, tz: ZoneInfo):
    """An all-day event's edge: midnight of `day` in the calendar owner's zone."""
    return datetime.combine(day, time(0), tzinfo=tz)


def as_utc(value: datetime):
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class CalendarProvider:
    """What every provider offers. Times are aware datetimes; `tz` places all-day events."""

    name = ""
    connection_id = None
    # True when create_event's `event_id` becomes the provider's id, so an event whose
    # creation seemed to fail can still be found and deleted.
    uses_client_event_ids = False

    def events(self, *, start, end, tz) -> list[CalendarEvent]:
        raise NotImplementedError

    def busy(self, *, start, end, tz) -> list[tuple[datetime, datetime]]:
        return [(event.start, event.end) for event in self.events(start=start, end=end, tz=tz) if event.is_busy]

    def create_event(self, *, event_id, start, end, title, description, location="") -> str:
        """Creates the event and returns the provider's id for it."""
        raise NotImplementedError

    def delete_event(self, *, event_id) -> None:
        """Deletes the event; one that is already gone counts as deleted."""
        raise NotImplementedError


class ConnectionProvider(CalendarProvider):
    """A provider reached with the OAuth tokens of a CalendarConnection.

    `client_module` supplies `access_token(tokens, force_refresh=)`. Refreshed tokens are
    written back at once; a refused grant marks the connection needs_reauth with the reason,
    and the connection is not used again until the user connects it anew (both through the
    services in calendars/tokens.py).
    """

    client_module = None

    def __init__(self, connection: CalendarConnection):
        self.connection = connection
        self.connection_id = connection.pk

    def _tokens(self):
        # Read from the row, not the instance: another request may have refreshed (and, for
        # Microsoft, rotated) the tokens since this instance was loaded.
        try:
            current = (
                CalendarConnection.objects.filter(pk=self.connection.pk)
                .values("status", "last_error", "token_ciphertext")
                .first()
            )
        except DatabaseError:
            # The database went away mid-request (say, while a booking waited on the provider):
            # the tokens this instance holds still let it undo the event it has just written.
            logger.warning("Calendar connection %s: database unreadable, using the loaded tokens", self.connection.pk)
            current = {name: getattr(self.connection, name) for name in ("status", "last_error", "token_ciphertext")}
        if current is None:
            raise ProviderAuthError("The calendar was disconnected")
        self.connection.status = current["status"]
        self.connection.last_error = current["last_error"]
        self.connection.token_ciphertext = current["token_ciphertext"]
        if self.connection.status != CalendarConnection.Status.ACTIVE:
            raise ProviderAuthError(self.connection.last_error or "The calendar needs to be connected again")
        try:
            tokens = decrypt_tokens(self.connection.token_ciphertext)
        except TokenDecryptionError as exc:
            raise self._needs_reauth(str(exc)) from exc
        if not tokens:
            raise self._needs_reauth("The calendar has no stored sign-in; connect it again")
        return tokens

    def _needs_reauth(self, reason):
        connection_reauth_require(connection=self.connection, reason=reason)
        return ProviderAuthError(reason)

    def _access_token(self, *, force_refresh=False):
        tokens = self._tokens()
        try:
            token, refreshed = self.client_module.access_token(tokens, force_refresh=force_refresh)
        except ProviderAuthError as exc:
            raise self._needs_reauth(str(exc)) from exc
        if refreshed:
            connection_tokens_store(connection=self.connection, tokens=refreshed)
        return token

    def list_items(self, token, start, end):
        """The provider's raw event items overlapping [start, end)."""
        raise NotImplementedError

    def event_from(self, item, *, tz):
        """A raw item as a CalendarEvent, or None for one that is not there (cancelled)."""
        raise NotImplementedError

    def events(self, *, start, end, tz):
        items = self.call(lambda token: self.list_items(token, start, end))
        # An item LeaseLine cannot read fails the whole read: skipping it could offer busy time as free.
        with reading_answer(self.client_module.SERVICE):
            events = [self.event_from(item, tz=tz) for item in items]
        return sorted((event for event in events if event), key=lambda event: (event.start, event.end))

    def call(self, operation):
        """`operation(access_token)`, retried once with a refreshed token after a 401."""
        try:
            return operation(self._access_token())
        except ProviderAuthError:
            if self.connection.status != CalendarConnection.Status.ACTIVE:
                raise
        try:
            return operation(self._access_token(force_refresh=True))
        except ProviderAuthError as exc:
            if self.connection.status != CalendarConnection.Status.ACTIVE:
                raise
            raise self._needs_reauth(str(exc)) from exc
