from testsupport.fakes.vapi import fake_vapi  # noqa: F401  (fixture)
from voice.tests.conftest import _vapi_off, vapi  # noqa: F401  (fixtures)
