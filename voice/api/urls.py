from django.urls import re_path

from .views import CallViewSet, VapiWebhookView

routes = [("calls", CallViewSet, "call")]

urlpatterns = [
    re_path(r"^vapi/webhook/?$", VapiWebhookView.as_view(), name="vapi-webhook"),
]
