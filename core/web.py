"""What every server-rendered page shares: sign-in, the user's timezone, htmx and paging.

The HTML views of every app are thin: they check input with a form, call the owning app's
service or selector, and render. Scoping goes through `accounts.ownership` like the API.
"""

import functools
import zoneinfo

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone

PAGE_SIZE = 25


def user_page(view):
    """Signed-in only, with dates read and shown in the user's own timezone."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            zone = zoneinfo.ZoneInfo(request.user.timezone or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo("UTC")
        with timezone.override(zone):
            return view(request, *args, **kwargs)

    return wrapper


def is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def htmx_redirect(url):
    """Makes htmx load `url` as a full page instead of swapping a fragment."""
    response = HttpResponse(status=204)
    response["HX-Redirect"] = url
    return response


def paginate(request, queryset, *, per_page=PAGE_SIZE):
    """A page of `queryset` and the query string (without `page`) for the page links."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()
