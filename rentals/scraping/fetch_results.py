"""What a fetch gives back: the page as text (its bytes decoded by the charset it declares),
or the FetchError a manager reads for what requests raised."""

import codecs
import re
from dataclasses import dataclass

import requests
from urllib3.exceptions import NameResolutionError, ReadTimeoutError

from .errors import FetchError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


@dataclass
class Page:
    url: str
    status: int
    text: str
    content_type: str = ""


@dataclass
class RawResponse:
    url: str
    status: int
    headers: dict
    body: bytes


def decode_body(body, content_type):
    charset = None
    match = re.search(r"charset=([\w.:-]+)", content_type or "", re.IGNORECASE)
    if match:
        charset = match.group(1)
    else:
        meta = _META_CHARSET.search(body[:4096])
        charset = meta.group(1).decode("ascii", "ignore") if meta else None
    try:
        codecs.lookup(charset or "utf-8")
    except LookupError:
        charset = None
    return body.decode(charset or "utf-8", errors="replace")


def fetch_error_for(url, exc):
    """The FetchError a manager reads for what requests raised while fetching url."""
    if isinstance(exc, requests.exceptions.SSLError):
        return FetchError(f"{url}: the TLS certificate could not be verified ({exc.__class__.__name__}).", url=url)
    if isinstance(exc, requests.exceptions.Timeout):
        return FetchError(f"{url} did not answer in time.", url=url, transient=True)
    if isinstance(exc, requests.exceptions.ConnectionError):
        # requests wraps urllib3's error (in a MaxRetryError's `reason` when connecting).
        cause = exc.args[0] if exc.args else None
        cause = getattr(cause, "reason", cause)
        if isinstance(cause, NameResolutionError):
            return FetchError(f"The host of {url} could not be found.", url=url, transient=True)
        if isinstance(cause, ReadTimeoutError):
            return FetchError(f"{url} stopped sending in the middle of the page.", url=url, transient=True)
        return FetchError(f"Could not connect to {url}.", url=url, transient=True)
    return FetchError(f"{url} could not be fetched ({exc.__class__.__name__}).", url=url)
