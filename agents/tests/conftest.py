import pytest

from testsupport.fakes.vapi import fake_vapi  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def _vapi_off(settings):
    """VAPI is unconfigured unless a test asks for `fake_vapi`."""
    settings.VAPI_API_KEY = ""
    settings.VAPI_WEBHOOK_SECRET = ""
