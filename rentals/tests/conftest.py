import pytest
from pytest_httpserver import HTTPServer

from testsupport.fakes.listing_site import FakeListingSite


@pytest.fixture(autouse=True)
def scraper_settings(settings):
    """Fast, deterministic scraping: no politeness delay or backoff, short timeouts."""
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = False
    settings.SCRAPER_POLITENESS_DELAY_SECONDS = 0
    settings.SCRAPER_RETRY_BACKOFF_SECONDS = 0
    settings.SCRAPER_MAX_RETRIES = 1
    settings.SCRAPER_CONNECT_TIMEOUT_SECONDS = 1
    settings.SCRAPER_READ_TIMEOUT_SECONDS = 2
    return settings


@pytest.fixture(scope="session")
def site_server():
    """A threaded loopback server: a page left hanging by one test blocks nothing else."""
    server = HTTPServer(host="localhost", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def site(site_server, settings):
    """The fake listing website; private networks allowed so the scraper may reach loopback."""
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    site_server.clear()
    fake = FakeListingSite(site_server)
    yield fake
    fake.close()
    site_server.clear()
