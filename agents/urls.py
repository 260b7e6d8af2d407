from django.urls import path

from . import views

app_name = "agents"

urlpatterns = [
    path("agents/", views.agent_list, name="list"),
    path("agents/new/", views.agent_create, name="new"),
    path("agents/<int:pk>/", views.agent_detail, name="detail"),
    path("agents/<int:pk>/edit/", views.agent_edit, name="edit"),
    path("agents/<int:pk>/sync/", views.agent_sync, name="sync"),
    path("agents/<int:pk>/rotate-secret/", views.agent_rotate_secret, name="rotate-secret"),
    path("agents/<int:pk>/delete/", views.agent_delete, name="delete"),
    path("account/vapi/", views.vapi_account, name="vapi-account"),
    path("account/vapi/disconnect/", views.vapi_account_disconnect_view, name="vapi-account-disconnect"),
]
