from django.urls import re_path

from .views import DashboardStatsView

routes = []

urlpatterns = [
    re_path(r"^dashboard/stats/?$", DashboardStatsView.as_view(), name="dashboard-stats"),
]
