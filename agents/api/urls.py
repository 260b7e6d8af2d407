from django.urls import re_path

from .views import AgentViewSet, VapiAccountView

routes = [("agents", AgentViewSet, "agent")]

urlpatterns = [re_path(r"^vapi/account/?$", VapiAccountView.as_view(), name="vapi-account")]
