from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("demo/", views.demo_index, name="demo-index"),
    path("demo/jsonld/", views.demo_jsonld, name="demo-jsonld"),
    path("demo/css/", views.demo_css, name="demo-css"),
    path("demo/listings/<slug:slug>/", views.demo_listing, name="demo-listing"),
]
