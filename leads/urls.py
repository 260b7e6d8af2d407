from django.urls import path

from . import views

app_name = "leads"

urlpatterns = [
    path("leads/", views.lead_list_page, name="list"),
    path("leads/<int:pk>/", views.lead_detail_page, name="detail"),
]
