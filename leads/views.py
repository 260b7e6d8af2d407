from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.ownership import get_owned_or_404
from core.forms import date_range_filters
from core.web import paginate, user_page

from .filtersets import LeadFilterSet
from .forms import LeadFilterForm, LeadForm
from .models import Lead
from .selectors import lead_list, lead_timeline
from .services import lead_update

# Viewing statuses the manager may still set once the viewing has started.
MARKABLE = ("booked", "attended", "no_show")


def _api_filters(data):
    """The leads API's filters (status, q, agent_id, start, end) for the page's local dates."""
    filters = {"status": data["status"], "q": data["q"], **date_range_filters(data)}
    if data["agent"]:
        filters["agent_id"] = data["agent"].pk
    return {name: value for name, value in filters.items() if value not in (None, "")}


@user_page
def lead_list_page(request):
    form = LeadFilterForm(request.GET or None, user=request.user)
    leads = lead_list(user=request.user)
    if form.is_valid():
        leads = LeadFilterSet(data=_api_filters(form.cleaned_data), queryset=leads).qs
    elif form.is_bound:
        leads = leads.none()
    page, query = paginate(request, leads)
    has_any = page.paginator.count > 0 or Lead.objects.for_user(request.user).exists()
    return render(request, "leads/lead_list.html", {"form": form, "page": page, "query": query, "has_any": has_any})


def _timeline(user, lead):
    """The timeline with, for each started viewing, whether the manager may mark it."""
    now = timezone.now()
    return [
        {
            "kind": entry.kind,
            "at": entry.at,
            "item": entry.item,
            "markable": entry.kind == "appointment" and entry.item.status in MARKABLE and entry.item.start <= now,
        }
        for entry in lead_timeline(user=user, lead=lead)
    ]


@user_page
def lead_detail_page(request, pk):
    lead = get_owned_or_404(Lead.objects.prefetch_related("rentals"), request.user, pk=pk)
    form = LeadForm(request.POST or None, instance=Lead.objects.for_user(request.user).get(pk=lead.pk))
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        if changed:
            lead_update(user=request.user, lead=lead, data=changed)
            messages.success(request, "Saved. Calls will not change what you typed.")
        return redirect("leads:detail", pk=lead.pk)
    context = {"lead": lead, "form": form, "timeline": _timeline(request.user, lead)}
    return render(request, "leads/lead_detail.html", context, status=400 if form.errors else 200)
