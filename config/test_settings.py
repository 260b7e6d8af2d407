"""Settings for the test suite: production-like (DEBUG off) on the local PostgreSQL and Redis.

Only defaults are set here; the environment still wins, so CI or a developer can point the
suite at another database or Redis.
"""

import os

from cryptography.fernet import Fernet  # noqa: F401  (documents the key format below)

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "leaseline-test-secret-key-0123456789abcdefghijklmnop")
# Two Fernet keys, so every test also exercises rotation (first encrypts, both decrypt).
os.environ.setdefault(
    "TOKEN_ENCRYPTION_KEYS",
    "3q2-7XvY5yU8tVZPKxzLrT1oQw9b0s4nHcJgDfAeMiE=,kSPm8j7yqB4vN0cX2wR6tLzH1uE5oIaGdQfYbVnJrKs=",
)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/leaseline")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")

from config.settings import *  # noqa: E402,F401,F403

# Tests run tasks inline unless a test starts a real worker (see conftest `celery_worker`).
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
