from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Messages to renters and managers (email, text) and the renter's own viewing page."""

    name = "notifications"
    verbose_name = "Notifications"
