from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo manager and the sample listing site `make run` scrapes. It sits above every
    domain app: it uses their services, and nothing imports it."""

    name = "demo"
    verbose_name = "Demo"
