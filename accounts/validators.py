from django.core.exceptions import ValidationError

from core.timezones import is_accepted


def validate_timezone(value):
    """An IANA zone name such as America/Chicago (not tzdata's "Factory" or the server's "localtime")."""
    if not is_accepted(value):
        raise ValidationError(f"“{value}” is not a time zone LeaseLine knows; choose one such as America/Chicago.")
