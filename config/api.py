"""The one API router: every app's routes and paths, mounted at /api/ (namespace "api").

Each app lists its viewsets in `<app>/api/urls.py` as `routes = [(prefix, viewset, basename)]`
and any other views as `urlpatterns`. Every path answers with and without a trailing slash.
"""

from rest_framework.routers import SimpleRouter

from accounts.api import urls as accounts_urls
from agents.api import urls as agents_urls
from calendars.api import urls as calendars_urls
from dashboard.api import urls as dashboard_urls
from leads.api import urls as leads_urls
from notifications.api import urls as notifications_urls
from rentals.api import urls as rentals_urls
from voice.api import urls as voice_urls

# Mounted in this order; each app's paths come before every viewset route.
API_APPS = [
    accounts_urls,
    agents_urls,
    rentals_urls,
    leads_urls,
    calendars_urls,
    voice_urls,
    notifications_urls,
    dashboard_urls,
]


class OptionalSlashRouter(SimpleRouter):
    def __init__(self):
        super().__init__()
        self.trailing_slash = "/?"


router = OptionalSlashRouter()
urlpatterns = []
for app_urls in API_APPS:
    urlpatterns += app_urls.urlpatterns
    # Registered in the order the app lists them, unsorted: an app puts a longer prefix
    # before a shorter one it starts with ("rentals/sources" before "rentals").
    for prefix, viewset, basename in app_urls.routes:
        router.register(prefix, viewset, basename=basename)
urlpatterns += router.urls
