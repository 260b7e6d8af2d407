from django.urls import path

from . import views

app_name = "voice"

urlpatterns = [
    path("calls/", views.call_list, name="call-list"),
    path("calls/<int:pk>/", views.call_detail, name="call-detail"),
]
