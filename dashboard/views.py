from django.shortcuts import render

from core.web import user_page

from . import selectors
from .charts import daily_bar_chart
from .checklist import first_run


@user_page
def home(request):
    user = request.user
    stats = selectors.dashboard_stats(user=user)
    funnel = selectors.lead_funnel(user=user)
    rate = selectors.no_show_rate(funnel)
    context = {
        "stats": stats,
        "chart": daily_bar_chart(selectors.calls_per_day(user=user)),
        "upcoming": selectors.upcoming_appointments(user=user),
        "recent_calls": selectors.recent_calls(user=user),
        "attention_sources": selectors.sources_needing_attention(user=user) if stats["rentals"]["sources"] else [],
        "reauth_connections": (
            selectors.connections_needing_reauth(user=user) if stats["calendar"]["needs_reauth"] else []
        ),
        "checklist": first_run(user=user, stats=stats),
        "funnel": funnel,
        "no_show_percent": round(rate * 100) if rate is not None else None,
    }
    return render(request, "dashboard/home.html", context)
