from django.contrib import admin

from .models import Notification, ViewingConfirmation


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record of what happened: staff read it, nobody edits it here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["id", "user", "appointment", "kind", "channel", "to", "status", "due_at", "sent_at"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["to", "user__email", "error"]
    raw_id_fields = ["user", "appointment", "lead"]
    list_select_related = ["user", "appointment"]
    date_hierarchy = "due_at"


@admin.register(ViewingConfirmation)
class ViewingConfirmationAdmin(ReadOnlyAdmin):
    list_display = ["id", "user", "appointment", "confirmed_at"]
    raw_id_fields = ["user", "appointment"]
