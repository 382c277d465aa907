"""A real SMTP server on the loopback interface, collecting what the application sends."""

from __future__ import annotations

import re
import socket
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


@pytest.fixture()
def smtp_server(app, monkeypatch):
    """Start an SMTP server on 127.0.0.1 and point the application's mail settings at it."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
    monkeypatch.setitem(app.config, "MAIL_USE_SSL", False)
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "")
    try:
        yield mailbox
    finally:
        controller.stop()
