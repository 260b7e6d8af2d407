"""Fixtures of the cross-app tests: scraping settings for a fake site on loopback."""
import pytest


@pytest.fixture
def scraper_settings(settings):
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    settings.SCRAPER_POLITENESS_DELAY_SECONDS = 0
    settings.SCRAPER_RETRY_BACKOFF_SECONDS = 0
    return settings
