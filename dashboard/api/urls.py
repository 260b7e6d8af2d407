from django.urls import re_path

from .views import DashboardFunnelView, DashboardStatsView

routes = []

urlpatterns = [
    re_path(r"^dashboard/stats/?$", DashboardStatsView.as_view(), name="dashboard-stats"),
    re_path(r"^dashboard/funnel/?$", DashboardFunnelView.as_view(), name="dashboard-funnel"),
]
