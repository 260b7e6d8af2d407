"""Links as a page writes them ("/homes/12", "//cdn…/a.jpg 2x") as absolute http(s) URLs."""

from urllib.parse import urljoin, urlsplit

from .values import clean_text, scalar

MAX_PHOTOS = 20


def absolute_url(value, base_url):
    """An absolute http(s) URL for a link as written on a page, or "" when it is not one."""
    text = clean_text(scalar(value) if isinstance(value, dict) else value)
    if not text or text.startswith(("javascript:", "mailto:", "tel:", "data:")):
        return ""
    try:
        url = urljoin(base_url, text)
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 2048:
        return ""
    return url


def photo_urls(values, base_url):
    """Absolute photo URLs in page order, without repeats, at most MAX_PHOTOS."""
    if values is None:
        return []
    if not isinstance(values, (list, tuple)):
        values = [values]
    photos = []
    for value in values:
        if isinstance(value, dict):
            value = value.get("contentUrl") or value.get("url") or value.get("@id")
        if isinstance(value, (list, tuple)):
            photos.extend(photo_urls(value, base_url))
            continue
        if not isinstance(value, str):
            continue
        # A srcset ("a.jpg 1x, b.jpg 2x") names one photo in several sizes: keep the first.
        candidate = value.split(",")[0].strip().split(" ")[0] if " " in value.strip() else value
        url = absolute_url(candidate, base_url)
        if url and url not in photos:
            photos.append(url)
        if len(photos) >= MAX_PHOTOS:
            break
    return photos[:MAX_PHOTOS]
