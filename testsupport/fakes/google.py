"""Google OAuth and Calendar API v3 on loopback."""

import secrets
import time
from collections import defaultdict
from datetime import UTC, datetime

from .calendar_provider import CLIENT_ID, LoopbackFake, OAuthServerMixin, Response, parse_time, unsigned_jwt


class FakeGoogle(OAuthServerMixin, LoopbackFake):
    """oauth2.googleapis.com/token and www.googleapis.com/calendar/v3."""

    def __init__(self, page_size=2):
        super().__init__()
        self._init_oauth()
        self.page_size = page_size
        self.events = defaultdict(dict)  # email -> id -> Google event
        self.deleted = set()
        self.token_uri = f"{self.url}/token"
        self.calendar_api_url = f"{self.url}/calendar/v3"
        self.auth_uri = "https://accounts.leaseline.test/o/oauth2/v2/auth"
        # Inserts that store the event and then answer too late (the answer is "lost").
        self.slow_inserts = 0
        self.slow_insert_seconds = 1.0

    def _token_extra(self, email, record):
        extra = {"scope": (record or {}).get("scope") or "openid email https://www.googleapis.com/auth/calendar.events"}
        extra["id_token"] = unsigned_jwt({"email": email, "email_verified": True, "aud": CLIENT_ID})
        return extra

    def add_event(
        self,
        email,
        *,
        start=None,
        end=None,
        date=None,
        end_date=None,
        summary="Busy",
        status="confirmed",
        transparency="opaque",
        event_type="default",
    ):
        event_id = secrets.token_hex(10)
        if date:
            times = {"start": {"date": date}, "end": {"date": end_date}}
        else:
            times = {"start": {"dateTime": start.isoformat()}, "end": {"dateTime": end.isoformat()}}
        self.events[email][event_id] = {
            "id": event_id,
            "status": status,
            "summary": summary,
            "transparency": transparency,
            "eventType": event_type,
            **times,
        }
        return event_id

    def all_events(self):
        return [event for events in self.events.values() for event in events.values()]

    @staticmethod
    def _bounds(event):
        if "date" in event["start"]:
            return (
                datetime.fromisoformat(event["start"]["date"]).replace(tzinfo=UTC),
                datetime.fromisoformat(event["end"]["date"]).replace(tzinfo=UTC),
            )
        return parse_time(event["start"]["dateTime"]), parse_time(event["end"]["dateTime"])

    def _error(self, status, reason, message=""):
        return Response(
            status,
            {
                "error": {
                    "errors": [{"domain": "global", "reason": reason, "message": message}],
                    "code": status,
                    "message": message or reason,
                }
            },
        )

    def handle(self, request):
        path = request.path
        if path == "/token" and request.method == "POST":
            return self._token_endpoint(request, self._token_extra)
        if not path.startswith("/calendar/v3/"):
            return Response(404, {"error": "not found"})
        email = self.access_tokens.get(request.bearer)
        if email is None:
            return self._error(401, "authError", "Invalid Credentials")
        rest = path[len("/calendar/v3") :]
        if rest == "/freeBusy" and request.method == "POST":
            return self._free_busy(request, email)
        parts = rest.split("/")  # ['', 'calendars', '<id>', 'events', ('<event id>')]
        if len(parts) >= 4 and parts[1] == "calendars" and parts[3] == "events":
            if len(parts) == 4 and request.method == "GET":
                return self._list(request, email)
            if len(parts) == 4 and request.method == "POST":
                return self._insert(request, email)
            if len(parts) == 5:
                return self._one(request, email, parts[4])
        return self._error(404, "notFound")

    def _overlapping(self, email, start, end):
        with self.lock:
            events = list(self.events[email].values())
        return sorted(
            (event for event in events if self._bounds(event)[0] < end and self._bounds(event)[1] > start),
            key=lambda event: self._bounds(event)[0],
        )

    def _list(self, request, email):
        query = request.query
        assert query.get("singleEvents") == "true"
        matching = self._overlapping(email, parse_time(query["timeMin"]), parse_time(query["timeMax"]))
        offset = int(query.get("pageToken") or 0)
        answer = {
            "kind": "calendar#events",
            "summary": email,
            "timeZone": "UTC",
            "items": matching[offset : offset + self.page_size],
        }
        if offset + self.page_size < len(matching):
            answer["nextPageToken"] = str(offset + self.page_size)
        else:
            answer["nextSyncToken"] = "sync"
        return Response(200, answer)

    def _free_busy(self, request, email):
        body = request.json()
        start, end = parse_time(body["timeMin"]), parse_time(body["timeMax"])
        busy = [
            {
                "start": self._bounds(event)[0].isoformat().replace("+00:00", "Z"),
                "end": self._bounds(event)[1].isoformat().replace("+00:00", "Z"),
            }
            for event in self._overlapping(email, start, end)
            if event["status"] != "cancelled" and event.get("transparency") != "transparent"
        ]
        calendars = {item["id"]: {"busy": busy} for item in body["items"]}
        return Response(
            200,
            {
                "kind": "calendar#freeBusy",
                "timeMin": body["timeMin"],
                "timeMax": body["timeMax"],
                "calendars": calendars,
            },
        )

    def _insert(self, request, email):
        body = request.json()
        event_id = body.get("id", "")
        if not (5 <= len(event_id) <= 1024 and all(c in "abcdefghijklmnopqrstuv0123456789" for c in event_id)):
            return self._error(400, "invalid", "Invalid resource id value.")
        with self.lock:
            if event_id in self.events[email] or event_id in self.deleted:
                return self._error(409, "duplicate", "The requested identifier already exists.")
            self.events[email][event_id] = {"status": "confirmed", "eventType": "default", **body}
            slow, self.slow_inserts = self.slow_inserts > 0, max(0, self.slow_inserts - 1)
        if slow:
            time.sleep(self.slow_insert_seconds)
        return Response(200, self.events[email][event_id])

    def _one(self, request, email, event_id):
        with self.lock:
            if request.method == "GET":
                event = self.events[email].get(event_id)
                return Response(200, event) if event else self._error(404, "notFound")
            if request.method == "DELETE":
                if self.events[email].pop(event_id, None) is None:
                    return self._error(410 if event_id in self.deleted else 404, "deleted")
                self.deleted.add(event_id)
                return Response(204)
        return self._error(405, "methodNotAllowed")
