import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.ownership import get_owned_or_404
from core.web import is_htmx, paginate, user_page

from . import preview, services
from .filtersets import RentalFilterSet
from .forms import FILTER_LABELS, RentalForm, SourceForm, dress_rental_filters
from .models import Rental, RentalSource, ScrapeRun
from .scraping.normalize import LISTING_FIELDS
from .selectors import source_last_run, source_runs
from .selectors import source_list as source_list_selector

# Column headers that sort the list, and the ordering each one toggles between.
SORTABLE_COLUMNS = {"price": "Rent", "bedrooms": "Beds", "available_from": "Available", "square_feet": "Size"}


def _sort_links(request):
    """For each sortable column: the query string that sorts by it, and its current direction."""
    current = request.GET.get("ordering", "")
    links = {}
    for field, label in SORTABLE_COLUMNS.items():
        params = request.GET.copy()
        params.pop("page", None)
        direction = "asc" if current == field else "desc" if current == f"-{field}" else ""
        params["ordering"] = f"-{field}" if direction == "asc" else field
        links[field] = {"label": label, "query": params.urlencode(), "direction": direction}
    return links


@user_page
def rental_list(request):
    """The API's filters (RentalFilterSet), sorting and pages, as a page."""
    queryset = Rental.objects.for_user(request.user).select_related("source")
    filterset = RentalFilterSet(data=request.GET, queryset=queryset, request=request)
    form = dress_rental_filters(filterset.form, user=request.user)
    if filterset.is_valid():
        rentals = filterset.qs
    else:
        # A value the filters cannot read (?ordering=hack) is left out, and said so beside
        # its field and above the list; the readable filters still apply.
        usable = request.GET.copy()
        for name in form.errors:
            usable.pop(name, None)
        rentals = RentalFilterSet(data=usable, queryset=queryset, request=request).qs
    page, query = paginate(request, rentals)
    filtered = any(request.GET.get(name) for name in FILTER_LABELS if name != "ordering" and name not in form.errors)
    context = {
        "filters": form,
        "filter_notes": [str(error) for errors in form.errors.values() for error in errors],
        "page": page,
        "query": query,
        "sort": _sort_links(request),
        "filtered": filtered,
        # "No rentals yet" is for an account without any; filters that match none say so instead.
        "has_any": page.paginator.count > 0 or queryset.exists(),
    }
    return render(request, "rentals/list.html", context)


@user_page
def rental_detail(request, pk):
    rental = get_owned_or_404(Rental.objects.select_related("source"), request.user, pk=pk)
    # Appointments name their rental; rentals sit below calendars, so read them through that key.
    viewings = rental.appointments.for_user(request.user).select_related("agent", "connection").order_by("-start")[:10]
    return render(request, "rentals/detail.html", {"rental": rental, "viewings": viewings})


def _rental_form_page(request, rental):
    # The form checks a copy by the model's rules; the rentals service checks again and saves.
    form = RentalForm(request.POST or None, instance=copy.copy(rental))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in RentalForm.Meta.fields}
        try:
            if rental.pk:
                saved = services.rental_update(user=request.user, rental=rental, **fields)
            else:
                saved = services.rental_create(user=request.user, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{saved} is saved.")
            return redirect("rentals:detail", pk=saved.pk)
    return render(request, "rentals/form.html", {"form": form, "rental": rental if rental.pk else None})


@user_page
def rental_create(request):
    return _rental_form_page(request, Rental(user=request.user))


@user_page
def rental_edit(request, pk):
    return _rental_form_page(request, get_owned_or_404(Rental, request.user, pk=pk))


@require_POST
@user_page
def rental_delete(request, pk):
    rental = get_owned_or_404(Rental, request.user, pk=pk)
    name = str(rental)
    services.rental_delete(user=request.user, rental=rental)
    messages.success(request, f"{name} is deleted.")
    return redirect("rentals:list")


# Sources


@user_page
def source_list(request):
    services.runs_fail_interrupted(user=request.user)
    sources = source_list_selector(user=request.user).annotate(rental_count=Count("rentals"))
    rows = [(source, source_last_run(source)) for source in sources]
    return render(request, "rentals/source_list.html", {"rows": rows})


def _rental_counts(source):
    return source.rentals.aggregate(total=Count("id"), available=Count("id", filter=Q(status=Rental.Status.AVAILABLE)))


@user_page
def source_detail(request, pk):
    source = get_owned_or_404(RentalSource, request.user, pk=pk)
    services.runs_fail_interrupted(user=request.user, source=source)
    runs = source_runs(user=request.user, source=source)
    page, query = paginate(request, runs, per_page=20)
    active_run = next((run for run in page.object_list if run.status in ScrapeRun.ACTIVE_STATUSES), None)
    context = {
        "source": source,
        "page": page,
        "query": query,
        "active_run": active_run,
        "last_run": source_last_run(source),
        "rental_counts": _rental_counts(source),
    }
    return render(request, "rentals/source_detail.html", context)


def _source_form(request, source):
    """The source form; it checks what is sent by the model's rules on a copy of `source`."""
    saved = source if source.pk else None
    return SourceForm(
        request.POST or None,
        initial=SourceForm.initial_for(saved) if saved is not None else None,
        listing_fields=LISTING_FIELDS,
        previous_config=saved.scraping_config if saved is not None else None,
        instance=source,
    )


def _saved_source(request, form, source):
    """The source saved through the rentals service (the model's rules judge it); None if refused."""
    try:
        if source.pk:
            # A copy: a refused change must not show on the page as if it were saved.
            return services.source_update(user=request.user, source=copy.copy(source), **form.model_fields())
        return services.source_create(user=request.user, **form.model_fields())
    except ValidationError as exc:
        form.add_model_errors(exc)
        return None


def _source_form_page(request, source):
    form = _source_form(request, source)
    saved = _saved_source(request, form, source) if request.method == "POST" and form.is_valid() else None
    if saved is not None:
        messages.success(
            request, f"{saved} is saved." + ("" if saved.last_scraped_at else " Scrape it now to fill your rentals.")
        )
        return redirect("rentals:source-detail", pk=saved.pk)
    return render(request, "rentals/source_form.html", {"form": form, "source": source if source.pk else None})


@user_page
def source_create(request):
    return _source_form_page(request, RentalSource(user=request.user))


@user_page
def source_edit(request, pk):
    return _source_form_page(request, get_owned_or_404(RentalSource, request.user, pk=pk))


@require_POST
@user_page
def source_delete(request, pk):
    source = get_owned_or_404(RentalSource, request.user, pk=pk)
    name = str(source)
    services.source_delete(user=request.user, source=source)
    messages.success(request, f"{name} is deleted; its rentals stay, as added by hand.")
    return redirect("rentals:source-list")


@require_POST
@user_page
def source_preview(request):
    """ "Test this source": fetch the first page of what the form describes and show what it gives."""
    form = SourceForm(request.POST, listing_fields=LISTING_FIELDS)
    answer = None
    if form.is_valid():
        answer = preview.source_preview(
            website_url=form.cleaned_data["website_url"], scraping_config=form.scraping_config()
        )
        answer["config_errors"] = [
            (form.fields[name].label if (name := form.scraping_config_path_field(path)) else path, problems)
            for path, problems in answer.get("config_errors", {}).items()
        ]
    return render(request, "rentals/_source_preview.html", {"form": form, "answer": answer})


def _progress(request, source, run):
    """The live progress line of a run; while it is active it polls itself (htmx). The Scrape
    now button comes along (out of band): held while the run is active, free once it ends."""
    context = {"source": source, "run": run, "active": run.status in ScrapeRun.ACTIVE_STATUSES, "oob": True}
    if not context["active"]:
        # The run just ended: refresh the history table (its first page) and its count too.
        page, query = paginate(request, source_runs(user=request.user, source=source), per_page=20)
        context.update(runs=page.object_list, page=page, query=query, refresh_history=True)
        source.refresh_from_db()
        context["rental_counts"] = _rental_counts(source)
    return render(request, "rentals/_run_progress.html", context)


@require_POST
@user_page
def source_scrape(request, pk):
    source = get_owned_or_404(RentalSource, request.user, pk=pk)
    try:
        run = services.source_scrape(user=request.user, source=source)
    except services.ScrapeAlreadyRunning as exc:
        run = exc.run
        if run is None:
            messages.info(request, "This source is being scraped already.")
            return redirect("rentals:source-detail", pk=source.pk)
    except services.ScrapeQueueUnavailable as exc:
        run = exc.run
    if is_htmx(request):
        return _progress(request, source, run)
    return redirect("rentals:source-detail", pk=source.pk)


@user_page
def run_progress(request, pk, run_pk):
    source = get_owned_or_404(RentalSource, request.user, pk=pk)
    services.runs_fail_interrupted(user=request.user, source=source)  # a restart ended it: it reads as stopped
    run = get_owned_or_404(ScrapeRun.objects.filter(source=source), request.user, pk=run_pk)
    return _progress(request, source, run)
