from django.urls import path

from . import views

app_name = "rentals"

urlpatterns = [
    path("rentals/", views.rental_list, name="list"),
    path("rentals/new/", views.rental_create, name="new"),
    path("rentals/<int:pk>/", views.rental_detail, name="detail"),
    path("rentals/<int:pk>/edit/", views.rental_edit, name="edit"),
    path("rentals/<int:pk>/delete/", views.rental_delete, name="delete"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/new/", views.source_create, name="source-new"),
    path("sources/preview/", views.source_preview, name="source-preview"),
    path("sources/<int:pk>/", views.source_detail, name="source-detail"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source-edit"),
    path("sources/<int:pk>/delete/", views.source_delete, name="source-delete"),
    path("sources/<int:pk>/scrape/", views.source_scrape, name="source-scrape"),
    path("sources/<int:pk>/runs/<int:run_pk>/", views.run_progress, name="run-progress"),
]
