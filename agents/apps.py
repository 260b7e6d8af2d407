from django.apps import AppConfig


class AgentsConfig(AppConfig):
    name = "agents"
    verbose_name = "Agents"

    def ready(self):
        from accounts.signals import user_departed

        from .services import agents_pause_for_departed_user

        user_departed.connect(agents_pause_for_departed_user, dispatch_uid="agents-pause-for-departed-user")
