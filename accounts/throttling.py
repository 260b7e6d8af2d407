"""The address a sign-in attempt comes from, for django-axes' lockout (AXES_CLIENT_IP_CALLABLE).

Without a proxy in front (TRUSTED_PROXY_COUNT 0) it is the connection's own address: an
X-Forwarded-For header is the client's to write, so trusting it would let an attacker pick a
new address for every guess. Behind N proxies that each append to X-Forwarded-For, the client
is the Nth entry from the right: the leftmost entries are again the client's own words.
"""

from django.conf import settings


def client_address(request):
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def attempted_email(request, credentials=None):
    """The account an attempt is for, spelled as sign-in matches it (case and spaces aside), so
    ALICE@ and alice@ share one count of failures (AXES_USERNAME_CALLABLE)."""
    source = credentials if credentials is not None else request.POST
    value = (source or {}).get(settings.AXES_USERNAME_FORM_FIELD) or ""
    return str(value).strip().lower()
