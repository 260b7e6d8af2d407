from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import demo_site, selectors
from .charts import daily_bar_chart
from .web import user_page


@user_page
def home(request):
    user = request.user
    stats = selectors.dashboard_stats(user=user)
    context = {
        "stats": stats,
        "chart": daily_bar_chart(selectors.calls_per_day(user=user)),
        "upcoming": selectors.upcoming_appointments(user=user),
        "recent_calls": selectors.recent_calls(user=user),
        "attention_sources": selectors.sources_needing_attention(user=user) if stats["rentals"]["sources"] else [],
        "reauth_connections": (
            selectors.connections_needing_reauth(user=user) if stats["calendar"]["needs_reauth"] else []
        ),
        "getting_started": not stats["agents"]["total"] or not stats["rentals"]["sources"],
    }
    return render(request, "dashboard/home.html", context)


# The sample listing site. Public on purpose: LeaseLine's scraper fetches it like any website.


def _page_number(request):
    try:
        return max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        return 1


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
def demo_index(request):
    return render(request, "demo/index.html", {"listings": demo_site.LISTINGS})


@require_GET
def demo_jsonld(request):
    listings, next_page = demo_site.page_of(demo_site.LISTINGS, _page_number(request), demo_site.JSONLD_PAGE_SIZE)
    context = {
        "listings": listings,
        "next_page": next_page,
        "jsonld": demo_site.jsonld_document(listings, base_url=_base_url(request)),
    }
    return render(request, "demo/jsonld.html", context)


@require_GET
def demo_css(request):
    listings, next_page = demo_site.page_of(demo_site.LISTINGS, _page_number(request), demo_site.CSS_PAGE_SIZE)
    return render(request, "demo/css.html", {"listings": listings, "next_page": next_page})


@require_GET
def demo_listing(request, slug):
    listing = demo_site.BY_SLUG.get(slug)
    if listing is None:
        raise Http404("No such listing.")
    context = {"listing": listing, "jsonld": demo_site.jsonld_document([listing], base_url=_base_url(request))}
    return render(request, "demo/listing.html", context)
