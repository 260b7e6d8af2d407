"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the tests to read.

`smtp_server` points Django's SMTP backend at it (EMAIL_URL and the EMAIL_* settings it
implies); `smtp_env(server)` gives the same as environment variables for a worker process.
`refuse(address, code, text)` makes it answer RCPT TO for that address with an error (550:
a permanent refusal, 451: try later).
"""

import email
import email.policy
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from .server import free_port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list
    message: email.message.EmailMessage


@dataclass
class _Handler:
    messages: list = field(default_factory=list)
    refusals: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.refusals.get(address.lower())
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self):
        self.port = free_port()
        self.handler = _Handler()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self):
        with self.handler.lock:
            return list(self.handler.messages)

    def to(self, address):
        return [item.message for item in self.messages if address in item.rcpt_tos]

    def refuse(self, address, code=550, text="5.1.1 Mailbox unavailable"):
        self.handler.refusals[address.lower()] = f"{code} {text}"

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


def smtp_env(server):
    return {"EMAIL_URL": server.url, "DEFAULT_FROM_EMAIL": "LeaseLine <viewings@leaseline.example.com>"}


@pytest.fixture
def smtp_server(settings):
    server = SmtpServer().start()
    settings.EMAIL_URL = server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "LeaseLine <viewings@leaseline.example.com>"
    try:
        yield server
    finally:
        server.stop()
