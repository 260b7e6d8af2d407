"""Site-wide error pages: the API answers in its one JSON error format, pages in HTML."""
from django.http import JsonResponse
from django.views import defaults


def _is_api(request):
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"error": "Not found.", "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"error": "Something went wrong on our side.", "code": "server_error"}, status=500)
    return defaults.server_error(request)
