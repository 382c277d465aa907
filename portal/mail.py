"""Sending e-mail: SMTP when MAIL_SERVER is set, .eml files on a developer's machine.

Settings are read at send time, so a test can point an application at a local SMTP server.
Without MAIL_SERVER, development writes each message to instance/mail/ and tests keep them
in memory (see `outbox()`); production refuses to pretend it sent anything.
"""

from __future__ import annotations

import smtplib
import ssl
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, has_request_context, url_for


class MailNotConfigured(RuntimeError):
    """Raised when a message must leave but no SMTP server is configured."""


def send_mail(
    to: str | list[str], subject: str, body_text: str, body_html: str | None = None
) -> EmailMessage:
    """Send one message to one or several recipients; returns the message that left."""
    config = current_app.config
    recipients = [to] if isinstance(to, str) else list(to)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="portal.local")
    message.set_content(body_text)
    if body_html:
        message.add_alternative(body_html, subtype="html")

    if config.get("MAIL_SERVER"):
        _send_smtp(message, recipients)
    elif config.get("TESTING"):
        outbox().append(message)
    elif config.get("PORTAL_ENV") == "development":
        _write_eml(message)
    else:
        raise MailNotConfigured("MAIL_SERVER must be set to send e-mail outside development.")
    return message


def outbox() -> list[EmailMessage]:
    """Messages kept in memory by a test application that has no MAIL_SERVER."""
    return current_app.extensions.setdefault("portal_outbox", [])


def absolute_url(endpoint: str, **values) -> str:
    """A full URL for an e-mail: PORTAL_BASE_URL when set, else the current host."""
    base = current_app.config.get("PORTAL_BASE_URL")
    if base:
        return base + url_for(endpoint, _external=False, **values)
    if not has_request_context() and not current_app.config.get("SERVER_NAME"):
        raise RuntimeError("Set PORTAL_BASE_URL to build links outside a request.")
    return url_for(endpoint, _external=True, **values)


def _send_smtp(message: EmailMessage, recipients: list[str]) -> None:
    config = current_app.config
    host, timeout = config["MAIL_SERVER"], config["MAIL_TIMEOUT"]
    use_ssl = config.get("MAIL_USE_SSL")
    port = config.get("MAIL_PORT") or (465 if use_ssl else 587 if config.get("MAIL_USE_TLS") else 25)
    context = ssl.create_default_context()
    if use_ssl:
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config.get("MAIL_USE_TLS") and not use_ssl:
            smtp.starttls(context=context)
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(message, to_addrs=recipients)


def _write_eml(message: EmailMessage) -> Path:
    folder = Path(current_app.instance_path) / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"{stamp}.eml"
    path.write_bytes(bytes(message))
    current_app.logger.info("E-mail not sent (no MAIL_SERVER), written to %s: %s", path, message["Subject"])
    return path
