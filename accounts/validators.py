import zoneinfo

from django.core.exceptions import ValidationError


def validate_timezone(value):
    """An IANA zone name such as America/Chicago."""
    if not value or value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not an IANA time zone such as America/Chicago.")
