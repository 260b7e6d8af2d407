import json
from datetime import UTC, datetime, timedelta

import pytest

from accounts.models import ProcessedWebhook, User
from agents.models import Agent
from calendars.models import CalendarConnection
from testsupport.fakes.clerk import TEST_WEBHOOK_SECRET, clerk_event, clerk_user_payload, svix_headers

URL = "/api/webhooks/clerk"


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.CLERK_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET


def post_event(client, event, **signing):
    body = json.dumps(event)
    return client.post(URL, data=body, content_type="application/json", **svix_headers(body, **signing))


@pytest.mark.django_db
class TestClerkWebhook:
    def test_user_created_creates_the_user(self, anon_client):
        response = post_event(anon_client, clerk_event("user.created", clerk_user_payload()))
        assert response.status_code == 200, response.content
        assert response.json() == {"status": "applied"}
        user = User.objects.get(clerk_user_id="user_2g7nCLERK")
        assert user.email == "john@example.com"  # the primary address, not the first listed
        assert user.name == "John Doe"
        assert not user.has_usable_password()

    def test_user_updated_changes_email_and_name(self, anon_client):
        post_event(anon_client, clerk_event("user.created", clerk_user_payload()))
        payload = clerk_user_payload(email="JOHN.NEW@example.com", first="Johnny", last=None)
        assert post_event(anon_client, clerk_event("user.updated", payload)).status_code == 200
        user = User.objects.get(clerk_user_id="user_2g7nCLERK")
        assert (user.email, user.name) == ("john.new@example.com", "Johnny")

    def test_user_created_links_an_existing_password_account_by_email(self, anon_client, user):
        payload = clerk_user_payload(clerk_user_id="user_linked", email="Manager@Example.com")
        post_event(anon_client, clerk_event("user.created", payload))
        user.refresh_from_db()
        assert user.clerk_user_id == "user_linked"
        assert User.objects.count() == 1

    def test_just_in_time_user_gets_details_from_the_webhook(self, anon_client, clerk):
        anon_client.get("/api/users/me", HTTP_AUTHORIZATION=f"Bearer {clerk.token('user_jit')}")
        assert User.objects.get(clerk_user_id="user_jit").email.endswith("@users.clerk.invalid")
        post_event(anon_client, clerk_event("user.created", clerk_user_payload("user_jit", "jit@example.com")))
        assert User.objects.get(clerk_user_id="user_jit").email == "jit@example.com"
        assert User.objects.count() == 1

    def test_user_deleted_deactivates_user_erases_tokens_and_stops_agents(self, anon_client, user):
        user.clerk_user_id = "user_bye"
        user.save()
        connection = CalendarConnection.objects.create(
            user=user, provider="google", account_email="m@example.com", token_ciphertext="gAAAA-secret"
        )
        agent = Agent.objects.create(user=user, agent_name="Leasing desk")
        event = clerk_event("user.deleted", {"object": "user", "id": "user_bye", "deleted": True})
        assert post_event(anon_client, event).status_code == 200
        user.refresh_from_db()
        connection.refresh_from_db()
        agent.refresh_from_db()
        assert not user.is_active
        assert connection.token_ciphertext == "" and connection.status == "needs_reauth"
        assert not agent.is_active

    def test_replay_of_the_same_svix_id_changes_nothing(self, anon_client):
        post_event(anon_client, clerk_event("user.created", clerk_user_payload()), msg_id="msg_once")
        User.objects.filter(clerk_user_id="user_2g7nCLERK").update(name="Edited locally")
        replay = post_event(
            anon_client, clerk_event("user.updated", clerk_user_payload(first="Replayed")), msg_id="msg_once"
        )
        assert replay.status_code == 200
        assert replay.json() == {"status": "duplicate"}
        assert User.objects.get(clerk_user_id="user_2g7nCLERK").name == "Edited locally"

    def test_other_event_types_are_ignored(self, anon_client):
        response = post_event(anon_client, clerk_event("session.created", {"id": "sess_1"}))
        assert response.status_code == 200
        assert response.json() == {"status": "ignored"}
        assert ProcessedWebhook.objects.count() == 0

    @pytest.mark.parametrize(
        "tamper",
        ["body", "signature", "wrong_secret", "stale", "future", "missing_headers", "malformed_signature"],
    )
    def test_bad_signatures_are_400_and_change_nothing(self, anon_client, tamper):
        body = json.dumps(clerk_event("user.created", clerk_user_payload()))
        headers = svix_headers(body)
        if tamper == "body":
            body = body.replace("john@example.com", "evil@example.com")
        elif tamper == "signature":
            headers["HTTP_SVIX_SIGNATURE"] = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
        elif tamper == "wrong_secret":
            headers = svix_headers(body, secret="whsec_" + "QUJD" * 8)
        elif tamper == "stale":
            headers = svix_headers(body, timestamp=datetime.now(UTC) - timedelta(minutes=10))
        elif tamper == "future":
            headers = svix_headers(body, timestamp=datetime.now(UTC) + timedelta(minutes=10))
        elif tamper == "missing_headers":
            headers = {}
        elif tamper == "malformed_signature":
            headers["HTTP_SVIX_SIGNATURE"] = "v1,%%%not-base64"
        response = anon_client.post(URL, data=body, content_type="application/json", **headers)
        assert response.status_code == 400
        assert response.json()["code"] == "bad_signature"
        assert User.objects.count() == 0
        assert ProcessedWebhook.objects.count() == 0

    def test_signed_but_malformed_event_is_400_and_can_be_redelivered(self, anon_client):
        bad = post_event(anon_client, clerk_event("user.created", {"object": "user"}), msg_id="msg_fix")
        assert bad.status_code == 400
        assert ProcessedWebhook.objects.count() == 0
        good = post_event(anon_client, clerk_event("user.created", clerk_user_payload()), msg_id="msg_fix")
        assert good.status_code == 200

    def test_signed_body_that_is_not_json_is_400(self, anon_client):
        body = "not json"
        response = anon_client.post(URL, data=body, content_type="application/json", **svix_headers(body))
        assert response.status_code == 400

    def test_without_secret_the_webhook_is_503(self, anon_client, settings):
        settings.CLERK_WEBHOOK_SECRET = ""
        response = post_event(anon_client, clerk_event("user.created", clerk_user_payload()))
        assert response.status_code == 503
        assert User.objects.count() == 0


def with_primary_verification(payload, status):
    """`payload` with its primary address's `verification.status` set (None: no verification)."""
    for entry in payload["email_addresses"]:
        if entry["id"] == payload["primary_email_address_id"]:
            entry.pop("verification", None)
            if status is not None:
                entry["verification"] = {"status": status, "strategy": "email_code"}
    return payload


@pytest.mark.django_db
class TestNoTakeoverByEmail:
    @pytest.mark.parametrize("event_type", ["user.created", "user.updated"])
    @pytest.mark.parametrize("verification", ["unverified", "expired", None])
    def test_an_unverified_email_never_takes_over_a_password_account(
        self, anon_client, clerk, user, event_type, verification
    ):
        payload = with_primary_verification(
            clerk_user_payload(clerk_user_id="user_intruder", email="Manager@Example.com"), verification
        )
        assert post_event(anon_client, clerk_event(event_type, payload)).status_code == 200
        user.refresh_from_db()
        assert user.clerk_user_id is None and user.email == "manager@example.com"
        intruder = User.objects.get(clerk_user_id="user_intruder")
        assert intruder.pk != user.pk
        assert intruder.email.endswith("@users.clerk.invalid")
        me = anon_client.get("/api/users/me", HTTP_AUTHORIZATION=f"Bearer {clerk.token('user_intruder')}")
        assert me.json()["id"] == intruder.pk and me.json()["email"] != "manager@example.com"

    def test_a_verified_address_that_is_not_the_primary_does_not_count(self, anon_client, user):
        payload = with_primary_verification(
            clerk_user_payload(clerk_user_id="user_intruder", email="manager@example.com"), None
        )
        payload["email_addresses"][0]["verification"] = {"status": "verified", "strategy": "email_code"}
        post_event(anon_client, clerk_event("user.created", payload))
        user.refresh_from_db()
        assert user.clerk_user_id is None

    def test_an_unverified_free_email_is_still_taken_for_a_new_user(self, anon_client):
        payload = with_primary_verification(clerk_user_payload(email="new@example.com"), "unverified")
        post_event(anon_client, clerk_event("user.created", payload))
        assert User.objects.get(clerk_user_id="user_2g7nCLERK").email == "new@example.com"


@pytest.mark.django_db
class TestValuesTheDatabaseCannotHold:
    @pytest.mark.parametrize(
        "change",
        [
            {"clerk_user_id": "user_" + "x" * 60},
            {"email": "a" * 245 + "@example.com"},
            {"first": "F" * 100, "last": "L" * 60},
            {"first": "Nul\x00Character"},
            {"first": "Lone \ud800 surrogate"},
        ],
        ids=["id_over_64", "email_over_254", "name_over_150", "nul_character", "lone_surrogate"],
    )
    def test_a_value_too_long_or_unstorable_is_400_and_changes_nothing(self, anon_client, user, change):
        response = post_event(anon_client, clerk_event("user.created", clerk_user_payload(**change)))
        assert response.status_code == 400, response.content
        assert response.json()["code"] == "bad_event"
        assert list(User.objects.all()) == [user]
        assert ProcessedWebhook.objects.count() == 0

    def test_an_svix_id_over_128_characters_is_400_and_changes_nothing(self, anon_client):
        event = clerk_event("user.created", clerk_user_payload())
        response = post_event(anon_client, event, msg_id="msg_" + "x" * 125)
        assert response.status_code == 400, response.content
        assert User.objects.count() == 0 and ProcessedWebhook.objects.count() == 0


@pytest.mark.django_db
class TestMalformedDeliveries:
    """Whatever arrives, the answer is a 400 (or 503 for a broken secret), never a 500."""

    @pytest.mark.parametrize(
        "header, value",
        [
            ("HTTP_SVIX_SIGNATURE", "v1"),
            ("HTTP_SVIX_SIGNATURE", "v1,a,b"),
            ("HTTP_SVIX_SIGNATURE", "v1,***"),
            ("HTTP_SVIX_SIGNATURE", "v1,YQ"),
            ("HTTP_SVIX_TIMESTAMP", "9" * 400),
            ("HTTP_SVIX_TIMESTAMP", "1e400"),
            ("HTTP_SVIX_TIMESTAMP", "nan"),
            ("HTTP_SVIX_TIMESTAMP", "-99999999999999999"),
            ("HTTP_SVIX_TIMESTAMP", "soon"),
            ("HTTP_SVIX_ID", "é" * 3),
        ],
    )
    def test_malformed_headers_are_400(self, anon_client, header, value):
        body = json.dumps(clerk_event("user.created", clerk_user_payload()))
        headers = {**svix_headers(body), header: value}
        response = anon_client.post(URL, data=body, content_type="application/json", **headers)
        assert response.status_code == 400, response.content
        assert User.objects.count() == 0

    def test_a_body_that_is_not_utf8_is_400(self, anon_client):
        body = b'\xff\xfe{"type": "user.created"}'
        headers = svix_headers("anything")
        response = anon_client.generic("POST", URL, body, content_type="application/json", **headers)
        assert response.status_code == 400

    @pytest.mark.parametrize(
        "body",
        [
            "[]",
            '["user.created"]',
            '"user.created"',
            "[" * 100_000 + "]" * 100_000,
            json.dumps({"type": "user.created", "data": [1, 2]}),
            json.dumps({"type": "user.created", "data": {"id": 12345}}),
            json.dumps({"type": "user.created", "data": {**clerk_user_payload(), "first_name": {"a": 1}}}),
            json.dumps({"type": "user.created", "data": {**clerk_user_payload(), "email_addresses": "x@y.z"}}),
            json.dumps({"type": "user.deleted", "data": {"id": "u" * 300}}),
        ],
        ids=[
            "list",
            "list_of_type",
            "string",
            "deeply_nested",
            "data_list",
            "numeric_id",
            "name_object",
            "addresses_string",
            "deleted_long_id",
        ],
    )
    def test_signed_bodies_of_the_wrong_shape_are_never_500(self, anon_client, body):
        response = anon_client.post(URL, data=body, content_type="application/json", **svix_headers(body))
        assert response.status_code in (200, 400), response.content
        assert not User.objects.filter(email="x@y.z").exists()

    @pytest.mark.parametrize("secret", ["whsec_", "whsec_!!!!"])
    def test_a_broken_webhook_secret_is_503(self, anon_client, settings, secret):
        settings.CLERK_WEBHOOK_SECRET = secret
        response = post_event(anon_client, clerk_event("user.created", clerk_user_payload()))
        assert response.status_code == 503, response.content
        assert User.objects.count() == 0
