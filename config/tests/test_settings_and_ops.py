"""Operations: settings that refuse a bad deploy, health endpoints, the network guard, Celery."""

import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings

from testsupport.network import OutboundConnectionBlocked

BASE_DIR = str(settings.BASE_DIR)

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "kq3!v9#production-like-secret-key-with-enough-length-and-entropy-2f8a",
    "TOKEN_ENCRYPTION_KEYS": "3q2-7XvY5yU8tVZPKxzLrT1oQw9b0s4nHcJgDfAeMiE=",
    "DJANGO_ALLOWED_HOSTS": "leaseline.example.com",
    "PUBLIC_BASE_URL": "https://leaseline.example.com",
    "DATABASE_URL": "sqlite:////tmp/leaseline-deploy-check.sqlite3",
}


def run_manage(*args, env_overrides, drop=()):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TOKEN_", "CLERK_", "VAPI_"))}
    env.pop("DATABASE_URL", None)
    env.update(env_overrides)
    for name in drop:
        env.pop(name, None)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "TOKEN_ENCRYPTION_KEYS"])
def test_production_without_a_secret_stops_at_start_naming_it(missing):
    result = run_manage("check", env_overrides=PRODUCTION_ENV, drop=[missing])
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_debug_mode_runs_on_embedded_defaults():
    result = run_manage("check", env_overrides={"DJANGO_DEBUG": "true"})
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/healthz/", "/health", "/readyz"])
def test_health_endpoints(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_readyz_names_redis_when_it_is_down(client, settings):
    unreachable = "redis://127.0.0.1:9/0"
    settings.REDIS_URL = unreachable
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": unreachable,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2, "IGNORE_EXCEPTIONS": True},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failing": ["redis"]}


def test_network_guard_blocks_the_outside_world():
    with pytest.raises(OutboundConnectionBlocked):
        socket.create_connection(("93.184.215.14", 80), timeout=1)
    with pytest.raises(OutboundConnectionBlocked):
        socket.create_connection(("2606:2800:21f:cb07:6820:80da:af6b:8b2c", 80), timeout=1)


def test_network_guard_lets_loopback_through(httpserver):
    httpserver.expect_request("/ping").respond_with_data("pong")
    import requests

    assert requests.get(httpserver.url_for("/ping"), timeout=2).text == "pong"


@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_runs_a_task_against_redis():
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import ProcessedWebhook
    from accounts.tasks import purge_processed_webhooks
    from testsupport.celery import running_worker

    old = ProcessedWebhook.objects.create(svix_id="msg_old", event_type="user.created")
    ProcessedWebhook.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=45))
    ProcessedWebhook.objects.create(svix_id="msg_new", event_type="user.created")
    with running_worker():
        result = purge_processed_webhooks.delay()
        assert result.get(timeout=30) == 1
    assert list(ProcessedWebhook.objects.values_list("svix_id", flat=True)) == ["msg_new"]


def test_env_example_lists_every_variable_the_settings_read():
    import re
    from pathlib import Path

    settings_text = Path(BASE_DIR, "config", "settings.py").read_text()
    read = set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', settings_text))
    read |= set(re.findall(r'_required\("([A-Z_]+)"\)', settings_text))
    listed = set(re.findall(r"^([A-Z_]+)=", Path(BASE_DIR, ".env.example").read_text(), re.M))
    assert read, "no settings found"
    assert read <= listed, f"not in .env.example: {sorted(read - listed)}"
