"""The one API router: every app's routes and paths, mounted at /api/ (namespace "api").

Each app lists its viewsets in `<app>/api/urls.py` as `routes = [(prefix, viewset, basename)]`
and any other views as `urlpatterns`. Every path answers with and without a trailing slash.
"""
from importlib import import_module

from rest_framework.routers import SimpleRouter

API_APPS = ["accounts", "agents", "rentals", "calendars", "voice", "dashboard"]


class OptionalSlashRouter(SimpleRouter):
    def __init__(self):
        super().__init__()
        self.trailing_slash = "/?"


router = OptionalSlashRouter()
urlpatterns = []
for app in API_APPS:
    module = import_module(f"{app}.api.urls")
    urlpatterns += module.urlpatterns
    # Longer prefixes first, so "rentals/sources" is not read as a rental id.
    for prefix, viewset, basename in module.routes:
        router.register(prefix, viewset, basename=basename)
urlpatterns += router.urls
