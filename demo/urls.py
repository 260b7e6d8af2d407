from django.urls import path

from . import views

app_name = "demo"

urlpatterns = [
    path("demo/", views.demo_index, name="index"),
    path("demo/jsonld/", views.demo_jsonld, name="jsonld"),
    path("demo/css/", views.demo_css, name="css"),
    path("demo/listings/<slug:slug>/", views.demo_listing, name="listing"),
]
