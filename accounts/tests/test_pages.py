import pytest
from django.test import Client

from accounts.tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.mark.django_db
class TestSignInPages:
    def test_sign_in_with_email_in_any_case_and_sign_out(self, client, user):
        response = client.post("/login/", {"username": "Manager@EXAMPLE.com", "password": PASSWORD})
        assert response.status_code == 302
        assert client.get("/account/").status_code == 200
        assert client.post("/logout/").status_code == 302
        assert client.get("/account/").status_code == 302

    def test_wrong_password_shows_the_form_again(self, client, user):
        response = client.post("/login/", {"username": "manager@example.com", "password": "nope"})
        assert response.status_code == 200
        assert "don&#x27;t match an account" in response.content.decode()

    def test_login_form_needs_csrf(self, user):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/login/", {"username": "manager@example.com", "password": PASSWORD})
        assert response.status_code == 403

    def test_account_page_saves_name_and_timezone(self, client, user):
        client.force_login(user)
        response = client.post("/account/", {"name": "Morgan", "timezone": "Europe/Berlin"})
        assert response.status_code == 302
        user.refresh_from_db()
        assert (user.name, user.timezone) == ("Morgan", "Europe/Berlin")

    def test_account_page_shows_errors_beside_fields(self, client, user):
        client.force_login(user)
        response = client.post("/account/", {"name": "Morgan", "timezone": "Nowhere/Land"})
        assert response.status_code == 200
        assert "Time zone: choose one of the options listed." in response.content.decode()
        user.refresh_from_db()
        assert user.timezone == "America/Chicago"


@pytest.mark.django_db
def test_admin_lists_and_searches_users_by_email_and_clerk_id(client):
    staff = UserFactory(email="staff@leaseline.test", is_staff=True, is_superuser=True)
    UserFactory(email="findme@example.com", clerk_user_id="user_findme")
    UserFactory(email="other@example.com")
    client.force_login(staff)
    by_email = client.get("/admin/accounts/user/", {"q": "findme@"})
    assert by_email.status_code == 200
    assert b"findme@example.com" in by_email.content and b"other@example.com" not in by_email.content
    by_clerk = client.get("/admin/accounts/user/", {"q": "user_findme"})
    assert b"findme@example.com" in by_clerk.content
    assert client.get("/admin/accounts/user/add/").status_code == 200


@pytest.mark.django_db
def test_emails_are_unique_whatever_their_case():
    from django.db import IntegrityError, transaction

    UserFactory(email="same@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="SAME@example.com")
