from django.urls import re_path

from .views import ClerkWebhookView, MeView

routes = []

urlpatterns = [
    re_path(r"^users/me/?$", MeView.as_view(), name="user-me"),
    re_path(r"^webhooks/clerk/?$", ClerkWebhookView.as_view(), name="clerk-webhook"),
]
