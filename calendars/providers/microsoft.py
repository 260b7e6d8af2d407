"""Microsoft 365 / Outlook calendars through Microsoft Graph."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..clients import microsoft
from ..clients.http import ProviderNotFound
from .base import CalendarEvent, ConnectionProvider, as_utc, local_midnight

# Graph's showAs -> LeaseLine's show_as. "unknown" blocks time: better a missed slot than a double booking.
SHOW_AS = {"free": "free", "workingElsewhere": "free", "tentative": "tentative", "oof": "oof", "busy": "busy"}


def _graph_datetime(value):
    """Graph's {"dateTime": "2026-03-02T15:00:00.0000000", "timeZone": "UTC"} as an aware datetime."""
    moment = datetime.fromisoformat(value["dateTime"][:26])
    zone_name = value.get("timeZone") or "UTC"
    try:
        zone = ZoneInfo("UTC" if zone_name in ("UTC", "tzone://Microsoft/Utc") else zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        # We ask for UTC (Prefer: outlook.timezone); anything else is a Windows zone name.
        zone = ZoneInfo("UTC")
    return as_utc(moment.replace(tzinfo=zone))


def _nearest_date(moment):
    return (moment + timedelta(hours=12)).date()


def event_from_graph(item, *, connection_id, tz):
    if item.get("isCancelled"):
        return None
    start, end = _graph_datetime(item["start"]), _graph_datetime(item["end"])
    all_day = bool(item.get("isAllDay"))
    if all_day:
        # All-day events are whole dates: midnight to midnight in the owner's zone. Graph gives
        # a midnight in UTC or in the event's own zone; the nearest midnight is that date.
        start, end = local_midnight(_nearest_date(start), tz), local_midnight(_nearest_date(end), tz)
    return CalendarEvent(
        id=item["id"],
        provider="microsoft",
        connection_id=connection_id,
        title=item.get("subject") or "",
        start=start,
        end=end,
        all_day=all_day,
        location=((item.get("location") or {}).get("displayName") or ""),
        show_as=SHOW_AS.get(item.get("showAs"), "busy"),
    )


class MicrosoftProvider(ConnectionProvider):
    name = "microsoft"
    client_module = microsoft

    def _graph(self, token):
        return microsoft.GraphClient(token, self.connection.calendar_id)

    def list_items(self, token, start, end):
        return self._graph(token).calendar_view(start, end)

    def event_from(self, item, *, tz):
        return event_from_graph(item, connection_id=self.connection_id, tz=tz)

    def create_event(self, *, event_id, start, end, title, description, location=""):
        created = self.call(
            lambda token: self._graph(token).create_event(
                transaction_id=event_id,
                start=start,
                end=end,
                subject=title,
                body_text=description,
                location=location,
            )
        )
        return created["id"]

    def delete_event(self, *, event_id):
        try:
            self.call(lambda token: self._graph(token).delete_event(event_id))
        except ProviderNotFound:
            pass
