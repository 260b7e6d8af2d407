from django.contrib import admin

from .models import Appointment, CalendarConnection


@admin.register(CalendarConnection)
class CalendarConnectionAdmin(admin.ModelAdmin):
    # token_ciphertext is never shown: not in lists, forms, search or filters.
    list_display = ["id", "user", "provider", "account_email", "status", "created_at"]
    list_filter = ["provider", "status"]
    search_fields = ["account_email", "user__email"]
    fields = ["user", "provider", "account_email", "calendar_id", "status", "last_error", "created_at", "updated_at"]
    readonly_fields = ["user", "provider", "account_email", "created_at", "updated_at"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        # Connections are made through OAuth only.
        return False


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "attendee_name", "start", "status", "source", "agent"]
    list_filter = ["status", "source"]
    search_fields = ["attendee_name", "attendee_phone", "attendee_email", "user__email", "vapi_call_id"]
    raw_id_fields = ["user", "agent", "rental", "connection"]
    readonly_fields = ["provider_event_id", "idempotency_key", "vapi_call_id", "created_at", "updated_at"]
    list_select_related = ["user", "agent"]
    date_hierarchy = "start"
