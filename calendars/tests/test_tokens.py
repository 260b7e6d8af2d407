"""Tokens at rest: encrypted, rotatable, never shown, erased on disconnect."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection as db_connection

from calendars.models import CalendarConnection
from core.crypto import decrypt_tokens, encrypt_tokens

from .flows import connect

pytestmark = pytest.mark.django_db


@pytest.fixture
def connected(api_client, google, microsoft):
    connect(api_client, google, "google", email="g@example.com")
    connect(api_client, microsoft, "microsoft", email="m@example.com")
    secrets = google.issued_access_tokens + google.issued_refresh_tokens
    secrets += microsoft.issued_access_tokens + microsoft.issued_refresh_tokens
    assert len(secrets) == 4
    return secrets


def _dump():
    with db_connection.cursor() as cursor:
        cursor.execute("SELECT * FROM calendars_calendarconnection")
        return repr(cursor.fetchall())


def test_a_dump_of_the_table_holds_no_readable_token(connected):
    dump = _dump()
    assert "g@example.com" in dump
    for token in connected:
        assert token not in dump


def test_tokens_appear_in_no_api_answer_or_admin_page(connected, api_client, client, django_user_model):
    pages = [api_client.get("/api/calendar/connections").content.decode()]
    pages += [
        api_client.get(f"/api/calendar/connections/{pk}").content.decode()
        for pk in CalendarConnection.objects.values_list("pk", flat=True)
    ]
    admin = django_user_model.objects.create_superuser(email="staff@example.com", password="x" * 12)
    client.force_login(admin)
    pages.append(client.get("/admin/calendars/calendarconnection/").content.decode())
    for pk in CalendarConnection.objects.values_list("pk", flat=True):
        page = client.get(f"/admin/calendars/calendarconnection/{pk}/change/")
        assert page.status_code == 200
        pages.append(page.content.decode())
    ciphertexts = list(CalendarConnection.objects.values_list("token_ciphertext", flat=True))
    for page in pages:
        for secret in connected + ciphertexts:
            assert secret not in page


def test_rotation_re_encrypts_under_the_newest_key(connected, settings):
    old_keys = list(settings.TOKEN_ENCRYPTION_KEYS)
    before = {c.pk: decrypt_tokens(c.token_ciphertext) for c in CalendarConnection.objects.all()}
    new_key = Fernet.generate_key().decode()
    settings.TOKEN_ENCRYPTION_KEYS = [new_key, *old_keys]

    call_command("rotate_calendar_tokens")

    for connection in CalendarConnection.objects.all():
        Fernet(new_key.encode()).decrypt(connection.token_ciphertext.encode())  # readable with the new key alone
        settings.TOKEN_ENCRYPTION_KEYS = [new_key]
        assert decrypt_tokens(connection.token_ciphertext) == before[connection.pk]
        settings.TOKEN_ENCRYPTION_KEYS = [new_key, *old_keys]


def test_rotation_reports_rows_no_key_can_read(connected, settings):
    CalendarConnection.objects.filter(provider="google").update(
        token_ciphertext=Fernet(Fernet.generate_key()).encrypt(b"{}").decode()
    )
    with pytest.raises(CommandError, match="1 connection"):
        call_command("rotate_calendar_tokens")


def test_first_key_encrypts_and_every_key_decrypts(settings):
    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.TOKEN_ENCRYPTION_KEYS = [second]
    old = encrypt_tokens({"refresh_token": "r"})
    settings.TOKEN_ENCRYPTION_KEYS = [first, second]
    assert decrypt_tokens(old) == {"refresh_token": "r"}
    Fernet(first.encode()).decrypt(encrypt_tokens({"a": 1}).encode())


def test_undecryptable_tokens_mark_the_connection_for_reauth(connected, api_client, settings):
    settings.TOKEN_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    body = api_client.get("/api/calendar/events").json()
    assert {error["provider"] for error in body["errors"]} == {"google", "microsoft"}
    assert set(CalendarConnection.objects.values_list("status", flat=True)) == {"needs_reauth"}


def test_disconnect_erases_the_tokens(connected, api_client):
    for connection in CalendarConnection.objects.all():
        assert api_client.delete(f"/api/calendar/connections/{connection.pk}").status_code == 204
    assert not CalendarConnection.objects.exists()
    assert "calendars_calendarconnection" in db_connection.introspection.table_names()


def test_tokens_never_reach_the_logs(caplog, api_client, google, microsoft):
    import logging

    caplog.set_level(logging.DEBUG)
    connect(api_client, google, "google", email="g@example.com")
    connect(api_client, microsoft, "microsoft", email="m@example.com")
    for fake in (google, microsoft):
        fake.expire_access_tokens()
    api_client.get("/api/calendar/events")  # refreshes both
    for fake in (google, microsoft):
        fake.revoke()
        fake.expire_access_tokens()
    body = api_client.get("/api/calendar/events", {"start": "2027-01-04T00:00:00Z"}).json()  # not cached
    assert len(body["errors"]) == 2
    secrets = google.issued_access_tokens + google.issued_refresh_tokens
    secrets += microsoft.issued_access_tokens + microsoft.issued_refresh_tokens
    assert len(secrets) == 8
    for secret in secrets:
        assert secret not in caplog.text
        assert secret not in repr(body)
