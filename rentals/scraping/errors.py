"""What can go wrong while scraping, as messages a manager can act on."""


class ScrapeError(Exception):
    """A scrape could not be completed; `str(error)` is shown on the run."""


class UnsafeAddressError(ScrapeError):
    """The address is not a public website (loopback, private, link-local, reserved...)."""


class FetchError(ScrapeError):
    """A page could not be fetched. `transient` errors were retried before giving up."""

    def __init__(self, message, *, url=None, transient=False):
        super().__init__(message)
        self.url = url
        self.transient = transient


class RobotsDisallowedError(FetchError):
    """The site's robots.txt asks LeaseLine's crawler not to fetch this page."""


class InvalidUrlError(ValueError):
    """A website address a source cannot use; the message says why."""
