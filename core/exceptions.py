"""One error format for the whole API.

    {"error": "<message a person can read>", "code": "<machine code>", "fields": {...}}

`fields` is present for validation errors only: `{"field": ["message", ...]}`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


def _first_message(detail):
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_message(value)
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def api_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {
            "error": _first_message(detail) if len(detail) == 1 else "Some fields are invalid.",
            "code": "invalid",
            "fields": detail,
        }
        return response
    if isinstance(exc, Http404):
        code = "not_found"
    elif isinstance(exc, PermissionDenied):
        code = "permission_denied"
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
    else:
        code = "error"
    data = response.data.get("detail", response.data) if isinstance(response.data, dict) else response.data
    message = _first_message(data)
    response.data = {"error": message, "code": code}
    return response


def error_response(message, *, code, status_code=status.HTTP_400_BAD_REQUEST, **extra):
    """An answer in the API's error format from a view that is not raising."""
    return Response({"error": message, "code": code, **extra}, status=status_code)
