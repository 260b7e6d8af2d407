from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "calendars"
    verbose_name = "Calendars"

    def ready(self):
        from accounts.signals import user_departed

        from .tokens import connections_revoke_for_departed_user

        user_departed.connect(connections_revoke_for_departed_user, dispatch_uid="calendars-revoke-for-departed-user")
