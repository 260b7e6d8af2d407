from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Messages to renters and managers (email, text) and the renter's own viewing page."""

    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from calendars.signals import appointment_changed

        appointment_changed.connect(_appointment_changed, dispatch_uid="notifications.appointment_changed")


def _appointment_changed(sender, *, appointment, change, by="", **kwargs):
    """calendars reports a committed booking, cancel or move; the messages it calls for are planned."""
    from .services import notifications_plan

    notifications_plan(appointment=appointment, change=change, by=by)
