from django.contrib import admin

from .models import Lead


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ["phone", "name", "user", "status", "last_contact_at", "calls_count", "appointments_count"]
    list_filter = ["status", "do_not_contact"]
    search_fields = ["phone", "name", "email", "user__email"]
    list_select_related = ["user"]
    date_hierarchy = "last_contact_at"
    raw_id_fields = ["user", "rentals"]
    readonly_fields = [
        "manager_fields",
        "status_changed_at",
        "first_contact_at",
        "last_contact_at",
        "calls_count",
        "appointments_count",
        "created_at",
        "updated_at",
    ]
