"""The renter's link to their viewing: PUBLIC_BASE_URL/v/<token>.

The token is signed with the secret key (django.core.signing, salted for this purpose only)
and names one appointment; it needs no sign-in, so it is good only until that viewing ends
(its current end: a moved viewing keeps its link). An altered token, one for a viewing that
no longer exists or has ended, reads as None, and the page answers 404.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from calendars.models import Appointment

SALT = "leaseline.notifications.renter-link"


def renter_token(appointment):
    # No timestamp: every message about the viewing carries the same link; it expires with the viewing.
    return signing.Signer(salt=SALT).sign_object({"a": appointment.pk})


def renter_url(appointment):
    return settings.PUBLIC_BASE_URL + reverse("notifications:renter", kwargs={"token": renter_token(appointment)})


def appointment_for_token(token, *, now=None):
    """The appointment the token names while its viewing has not ended, else None."""
    try:
        payload = signing.Signer(salt=SALT).unsign_object(str(token))
    except (signing.BadSignature, ValueError):
        return None
    appointment_id = payload.get("a") if isinstance(payload, dict) else None
    if not isinstance(appointment_id, int):
        return None
    appointment = (
        Appointment.objects.select_related("agent", "rental", "user", "lead").filter(pk=appointment_id).first()
    )
    if appointment is None or appointment.end <= (now or timezone.now()):
        return None
    return appointment
