from django.contrib import admin, messages

from agents.clients.vapi import VapiNotConfigured

from .models import Agent
from .services import agent_sync


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    # The webhook secret is a credential: not listed, searched or shown.
    list_display = [
        "id",
        "agent_name",
        "user",
        "is_active",
        "phone_number",
        "vapi_assistant_id",
        "sync_status",
        "last_synced_at",
    ]
    list_filter = ["is_active", "sync_status"]
    search_fields = ["agent_name", "user__email", "vapi_assistant_id", "phone_number"]
    exclude = ["webhook_secret"]
    # Linking an assistant asks VAPI whose it is (agents.linking): done on the agent's page or API.
    readonly_fields = [
        "vapi_assistant_id",
        "vapi_assistant_created_by_leaseline",
        "vapi_organisation",
        "sync_status",
        "sync_error",
        "last_synced_at",
        "created_at",
        "updated_at",
    ]
    raw_id_fields = ["user", "booking_calendar"]
    list_select_related = ["user"]
    actions = ["sync_to_vapi"]

    @admin.action(description="Sync to VAPI")
    def sync_to_vapi(self, request, queryset):
        synced = failed = 0
        try:
            for agent in queryset.select_related("user", "booking_calendar"):
                agent_sync(user=agent.user, agent=agent)
                if agent.sync_status == Agent.SyncStatus.SYNCED:
                    synced += 1
                else:
                    failed += 1
        except VapiNotConfigured as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        if synced:
            self.message_user(request, f"{synced} agent(s) synced to VAPI.", messages.SUCCESS)
        if failed:
            self.message_user(request, f"{failed} agent(s) failed to sync; see their sync error.", messages.WARNING)
