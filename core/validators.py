"""Validators more than one app's models use."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

HTTP_ONLY = "Use an http:// or https:// address."
_web_address = URLValidator(schemes=["http", "https"], message=HTTP_ONLY)


def validate_http_url(value):
    """An absolute http(s) address: no ftp:, javascript: or data: links reach a page or a call."""
    if not str(value).lower().startswith(("http://", "https://")):
        raise ValidationError(HTTP_ONLY, code="invalid")
    _web_address(value)
