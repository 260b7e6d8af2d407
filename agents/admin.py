from django.contrib import admin, messages

from agents.clients.vapi import VapiNotConfigured

from .models import Agent, AgentFunction, AgentVariable, PhoneNumber
from .services import agent_sync


class UnmigratedNumberFilter(admin.SimpleListFilter):
    """Agents whose free-text number was not made a PhoneNumber: another agent had it too."""

    title = "free-text number left over"
    parameter_name = "unmigrated_number"

    def lookups(self, request, model_admin):
        return [("yes", "Duplicate, not migrated")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(unmigrated_phone_number="")
        return queryset


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
    list_filter = ["is_active", "sync_status", UnmigratedNumberFilter]
    search_fields = ["agent_name", "user__email", "vapi_assistant_id", "phone__number", "unmigrated_phone_number"]
    exclude = ["webhook_secret"]
    # Linking an assistant asks VAPI whose it is (agents.linking): done on the agent's page or API.
    readonly_fields = [
        "vapi_assistant_id",
        "vapi_assistant_created_by_leaseline",
        "vapi_organisation",
        "unmigrated_phone_number",
        "sync_status",
        "sync_error",
        "last_synced_at",
        "created_at",
        "updated_at",
    ]
    raw_id_fields = ["user", "booking_calendar"]
    list_select_related = ["user", "phone"]
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


@admin.register(PhoneNumber)
class PhoneNumberAdmin(admin.ModelAdmin):
    """Staff assign the platform organisation's numbers to managers here; managers attach
    them to agents on their numbers page (which also sets the number's assistant in VAPI)."""

    list_display = ["id", "number", "name", "user", "agent", "vapi_organisation", "vapi_phone_number_id"]
    list_filter = ["vapi_organisation"]
    search_fields = ["number", "name", "user__email", "vapi_phone_number_id"]
    fields = ["user", "number", "name", "vapi_phone_number_id", "vapi_organisation", "agent", "created_at"]
    readonly_fields = ["agent", "created_at"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "agent"]


class AgentPartAdmin(admin.ModelAdmin):
    """Variables and functions the existing frontend's agent editor keeps per agent."""

    list_filter = []
    raw_id_fields = ["user", "agent"]
    list_select_related = ["user", "agent"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(AgentVariable)
class AgentVariableAdmin(AgentPartAdmin):
    list_display = ["id", "variable_id", "name", "agent", "user", "type", "required", "sort_order"]
    fields = [
        "user",
        "agent",
        "variable_id",
        "name",
        "display_name",
        "type",
        "required",
        "description",
        "default_value",
        "validation_pattern",
        "extraction_prompt",
        "sort_order",
        "created_at",
        "updated_at",
    ]
    search_fields = ["variable_id", "name", "display_name", "agent__agent_name", "user__email"]


@admin.register(AgentFunction)
class AgentFunctionAdmin(AgentPartAdmin):
    list_display = ["id", "function_id", "name", "agent", "user", "enabled", "method", "sort_order"]
    fields = [
        "user",
        "agent",
        "function_id",
        "name",
        "display_name",
        "enabled",
        "method",
        "webhook_url",
        "description",
        "sort_order",
        "created_at",
        "updated_at",
    ]
    list_filter = ["enabled", "method"]
    search_fields = ["function_id", "name", "display_name", "agent__agent_name", "user__email"]
