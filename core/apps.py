from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Neutral building blocks every app may use: the page kit, time and value helpers, the
    API's error format and pagination. `core` imports no other LeaseLine app."""

    name = "core"
    verbose_name = "Core"
