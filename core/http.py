"""Small HTTP helpers shared by every outbound client (calendars, VAPI, the scraper)."""

import time
from email.utils import parsedate_to_datetime


def retry_after_seconds(value):
    """Seconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or None.

    Never negative; None when the header is missing or unreadable. Callers bound it.
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
