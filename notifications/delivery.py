"""Handing one message to the outside world: Django's email backend or Twilio.

Each failure becomes a DeliveryFailed that says whether trying again later may help
(`transient`): an SMTP server that is down, busy (4xx) or slow, Twilio's 429/5xx; versus a
refused address (5xx), refused credentials, a number Twilio will not text.
"""

import smtplib
from email.mime.text import MIMEText
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from .clients.twilio import TwilioClient, TwilioError, TwilioTransientError


class DeliveryFailed(Exception):
    def __init__(self, reason, *, transient):
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


def _smtp_code_transient(code):
    return 400 <= int(code or 0) < 500


def _smtp_failure(exc):
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        refused = "; ".join(
            f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
            for code, text in exc.recipients.values()
        )
        return DeliveryFailed(
            f"The mail server refused the address ({refused}).",
            transient=all(_smtp_code_transient(code) for code in codes),
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return DeliveryFailed(
            f"The mail server answered {exc.smtp_code}: {' '.join(text.split())[:200]}.",
            transient=_smtp_code_transient(exc.smtp_code),
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return DeliveryFailed("The mail server closed the connection.", transient=True)
    if isinstance(exc, smtplib.SMTPException):
        return DeliveryFailed(f"The mail server refused the message ({type(exc).__name__}).", transient=False)
    return DeliveryFailed(f"The mail server could not be reached ({type(exc).__name__}).", transient=True)


def email_send(*, to, subject, text, html, invite=None, invite_method=None, reply_to=None):
    """Sends one email (text and HTML, the .ics attached as text/calendar; method=…);
    returns its Message-ID or raises DeliveryFailed."""
    domain = urlsplit(settings.PUBLIC_BASE_URL).hostname or "leaseline"
    message_id = make_msgid(domain=domain)
    message = EmailMultiAlternatives(
        # One line: a name or an address with a line break in it never becomes a header.
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
        headers={"Message-ID": message_id},
        connection=get_connection(fail_silently=False),
    )
    message.attach_alternative(html, "text/html")
    if invite is not None:
        part = MIMEText(invite.decode(), "calendar", "utf-8")
        part.set_param("method", invite_method)
        part.add_header("Content-Disposition", "attachment", filename="viewing.ics")
        message.attach(part)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        raise _smtp_failure(exc) from exc
    return message_id


def sms_send(*, to, body):
    """Sends one text through Twilio; returns its message sid or raises DeliveryFailed."""
    try:
        return TwilioClient().message_create(to=to, body=body)["sid"]
    except TwilioError as exc:
        raise DeliveryFailed(str(exc), transient=isinstance(exc, TwilioTransientError)) from exc
