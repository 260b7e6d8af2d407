from django.urls import path

from . import console, views

app_name = "voice"

urlpatterns = [
    path("calls/", views.call_list, name="call-list"),
    path("calls/<int:pk>/", views.call_detail, name="call-detail"),
    path("agents/<int:pk>/try/", console.agent_tool_try, name="agent-try"),
    path("agents/<int:pk>/try/fields/", console.agent_tool_fields, name="agent-try-fields"),
]
