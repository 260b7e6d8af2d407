from django.urls import re_path

from .views import AgentViewSet, PhoneNumberViewSet, VapiAccountView

routes = [("agents", AgentViewSet, "agent"), ("phone-numbers", PhoneNumberViewSet, "phone-number")]

urlpatterns = [re_path(r"^vapi/account/?$", VapiAccountView.as_view(), name="vapi-account")]
