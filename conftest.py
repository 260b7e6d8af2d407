"""Fixtures for the whole suite: the network guard, two users and their clients, Clerk fakes."""

import pytest
from rest_framework.test import APIClient

from testsupport import network
from testsupport.clients import signed_in
from testsupport.fakes.clerk import ClerkIssuer, public_jwk, rsa_key


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    # Before pytest-socket's own pytest_configure reads the options.
    network.install(config)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def user(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(email="manager@example.com", name="Morgan Manager", timezone="America/Chicago")


@pytest.fixture
def other_user(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(email="rival@example.com", name="Riley Rival")


@pytest.fixture
def anon_client():
    return APIClient()


@pytest.fixture
def api_client(user):
    return signed_in(user)


@pytest.fixture
def other_client(other_user):
    return signed_in(other_user)


@pytest.fixture
def clerk(httpserver, settings):
    """Clerk configured against a JWKS served on loopback; `clerk.token(sub=...)` mints tokens."""
    from accounts import clerk as clerk_module

    issuer = ClerkIssuer(key=rsa_key(), kid="ins_test_key")
    httpserver.expect_request("/.well-known/jwks.json").respond_with_json(
        {"keys": [public_jwk(issuer.key, issuer.kid)]}
    )
    issuer.jwks_url = httpserver.url_for("/.well-known/jwks.json")
    settings.CLERK_JWKS_URL = issuer.jwks_url
    settings.CLERK_ISSUER = issuer.issuer
    settings.CLERK_AUTHORIZED_PARTIES = ["http://localhost:3000"]
    clerk_module._jwks_clients.clear()
    yield issuer
    clerk_module._jwks_clients.clear()
