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
    path("phone-numbers/", views.phone_number_list, name="phone-numbers"),
    path("phone-numbers/refresh/", views.phone_numbers_refresh_view, name="phone-numbers-refresh"),
    path("phone-numbers/<int:pk>/attach/", views.phone_number_attach_view, name="phone-number-attach"),
    path("account/vapi/", views.vapi_account, name="vapi-account"),
    path("account/vapi/disconnect/", views.vapi_account_disconnect_view, name="vapi-account-disconnect"),
]
