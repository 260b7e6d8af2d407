"""Google calendars through the Calendar API v3."""

from datetime import date, datetime

from ..clients import google
from ..clients.http import ProviderNotFound, reading_answer
from .base import CalendarEvent, ConnectionProvider, as_utc, local_midnight


def _show_as(item):
    if item.get("transparency") == "transparent":
        return "free"
    if item.get("eventType") == "outOfOffice":
        return "oof"
    attendees = item.get("attendees") or ()
    if any(attendee.get("self") and attendee.get("responseStatus") == "declined" for attendee in attendees):
        return "free"
    if item.get("status") == "tentative":
        return "tentative"
    return "busy"


def event_from_google(item, *, connection_id, tz):
    if item.get("status") == "cancelled":
        return None
    start, end = item.get("start") or {}, item.get("end") or {}
    all_day = "date" in start
    if all_day:
        begins = local_midnight(date.fromisoformat(start["date"]), tz)
        ends = local_midnight(date.fromisoformat(end.get("date") or start["date"]), tz)
    else:
        begins = as_utc(datetime.fromisoformat(start["dateTime"].replace("Z", "+00:00")))
        ends = as_utc(datetime.fromisoformat(end["dateTime"].replace("Z", "+00:00")))
    return CalendarEvent(
        id=item["id"],
        provider="google",
        connection_id=connection_id,
        title=item.get("summary") or "",
        start=begins,
        end=ends,
        all_day=all_day,
        location=item.get("location") or "",
        show_as=_show_as(item),
    )


def _parse(value):
    return as_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))


class GoogleProvider(ConnectionProvider):
    name = "google"
    client_module = google
    uses_client_event_ids = True

    def _calendar(self, token):
        return google.CalendarClient(token, self.connection.calendar_id)

    def list_items(self, token, start, end):
        return self._calendar(token).list_events(start, end)

    def event_from(self, item, *, tz):
        return event_from_google(item, connection_id=self.connection_id, tz=tz)

    def busy(self, *, start, end, tz):
        # freeBusy already applies Google's rules (transparent, declined, all-day in the
        # calendar's own zone) and answers in one call however many events there are.
        pairs = self.call(lambda token: self._calendar(token).free_busy(start, end))
        with reading_answer(google.SERVICE):
            return [(_parse(begins), _parse(ends)) for begins, ends in pairs]

    def create_event(self, *, event_id, start, end, title, description, location=""):
        created = self.call(
            lambda token: self._calendar(token).insert_event(
                event_id=event_id,
                start=start,
                end=end,
                summary=title,
                description=description,
                location=location,
            )
        )
        return created.get("id") or event_id

    def delete_event(self, *, event_id):
        try:
            self.call(lambda token: self._calendar(token).delete_event(event_id))
        except ProviderNotFound:
            pass
