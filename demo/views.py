"""The sample listing site. Public on purpose: LeaseLine's scraper fetches it like any website."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import site as demo_site


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
