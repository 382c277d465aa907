"""A real SMTP server on the loopback interface, collecting what the application sends."""

from __future__ import annotations

import re
import socket
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    def links(self) -> list[str]:
        return re.findall(r"https?://\S+", self.text)


@dataclass
class Mailbox:
    """The messages received, in order."""

    messages: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(
            Received(
                sender=envelope.mail_from,
                recipients=list(envelope.rcpt_tos),
                message=message_from_bytes(envelope.original_content, policy=policy.default),
            )
        )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.recipients]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RefusingMailbox(Mailbox):
    """A mail server that refuses the addresses starting with "inconnu", as a server does for
    an unknown mailbox."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.startswith("inconnu"):
            return "550 5.1.1 Mailbox unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"


MAIL_KEYS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME")


@contextmanager
def loopback_smtp(config, mailbox: Mailbox | None = None):
    """Serve `mailbox` on 127.0.0.1 and point the mail settings of `config` at it; both are
    put back afterwards."""
    mailbox = mailbox if mailbox is not None else Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    saved = {key: config.get(key) for key in MAIL_KEYS}
    config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False,
                  MAIL_USE_SSL=False, MAIL_USERNAME="")
    try:
        yield mailbox
    finally:
        controller.stop()
        config.update(saved)


@pytest.fixture()
def smtp_server(app):
    """Start an SMTP server on 127.0.0.1 and point the application's mail settings at it."""
    with loopback_smtp(app.config) as mailbox:
        yield mailbox


@pytest.fixture()
def refusing_server(app):
    """The same, with a server refusing the "inconnu…" addresses."""
    with loopback_smtp(app.config, RefusingMailbox()) as mailbox:
        yield mailbox
