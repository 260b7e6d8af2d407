"""Boot: the frontend waits for `GET {API}/health` before it renders anything (H1, H2)."""

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def health(request):
    """Any 2xx lets the frontend in; the body is not read."""
    return JsonResponse({"status": "healthy"})


@require_safe
def root(request):
    """The old backend's description of itself; the frontend's diagnostics check `status`."""
    return JsonResponse(
        {
            "status": "running",
            "service": "LeaseLine",
            "version": settings.VERSION,
            "features": ["agents", "calendar", "rentals", "vapi-webhook"],
            "links": {
                "health": reverse("legacy:health"),
                "api": "/api/",
                "docs": reverse("api-docs"),
            },
        }
    )
