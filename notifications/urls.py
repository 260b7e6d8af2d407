from django.urls import re_path

from . import views

app_name = "notifications"

urlpatterns = [
    re_path(r"^v/(?P<token>[^/]+)/?$", views.renter_page, name="renter"),
    re_path(r"^v/(?P<token>[^/]+)/slots/?$", views.renter_slots, name="renter-slots"),
]
