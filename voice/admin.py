from django.contrib import admin

from .models import Call, ToolInvocation


class ToolInvocationInline(admin.TabularInline):
    model = ToolInvocation
    extra = 0
    can_delete = False
    fields = ["created_at", "name", "tool_call_id", "arguments", "result", "error", "duration_ms"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    # Calls are VAPI's record of what happened: readable, not editable.
    list_display = ["vapi_call_id", "user", "agent", "status", "started_at", "duration_seconds", "ended_reason", "cost"]
    list_filter = ["status"]
    search_fields = ["vapi_call_id", "customer_number", "user__email", "agent__agent_name"]
    list_select_related = ["user", "agent"]
    date_hierarchy = "started_at"
    inlines = [ToolInvocationInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Call._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ToolInvocation)
class ToolInvocationAdmin(admin.ModelAdmin):
    list_display = ["tool_call_id", "name", "user", "agent", "call", "created_at", "duration_ms"]
    list_filter = ["name"]
    search_fields = ["tool_call_id", "vapi_call_id", "user__email"]
    list_select_related = ["user", "agent", "call"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in ToolInvocation._meta.fields]

    def has_add_permission(self, request):
        return False
