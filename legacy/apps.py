from django.apps import AppConfig


class LegacyConfig(AppConfig):
    """The `/legacy/` prefix: the existing Next.js frontend's calls, answered by thin views over
    the same querysets, serializers and services as `/api/`."""

    name = "legacy"
    verbose_name = "Legacy frontend"
