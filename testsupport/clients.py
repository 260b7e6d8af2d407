from rest_framework.test import APIClient


def signed_in(user, client_class=APIClient):
    """A test client with `user` signed in through a real session."""
    client = client_class()
    client.force_login(user)
    return client
