"""Sending e-mail: SMTP when MAIL_SERVER is set, .eml files on a developer's machine.

Settings are read at send time, so a test can point an application at a local SMTP server.
Without MAIL_SERVER, development writes each message to instance/mail/ and tests keep them
in memory (see `outbox()`); production refuses to pretend it sent anything.

Operations compose messages (`compose`) and never send them before the data they speak of is
saved: either the caller commits and then calls `deliver` (or `send_after_response`, when the
page must not wait for the mail server), or the operation queues the message with
`send_after_commit`, and it leaves after the commit (dropped on rollback). The session
listeners behind that queue are installed by `create_app` through `listen()`.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from contextlib import nullcontext
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import Response, current_app, has_app_context, has_request_context, url_for
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.extensions import db

log = logging.getLogger(__name__)
QUEUE = "portal_mail_after_commit"
# Where the development demo is served (`flask --app portal run`), for links built by a command.
DEMO_BASE_URL = "http://127.0.0.1:5000"


class MailNotConfigured(RuntimeError):
    """Raised when a message must leave but no SMTP server is configured."""


def compose(
    to: str | list[str], subject: str, body_text: str, body_html: str | None = None
) -> EmailMessage:
    """One message to one or several recipients, ready to leave."""
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
    return message


def deliver(message: EmailMessage) -> EmailMessage:
    """Send a composed message now; returns it."""
    config = current_app.config
    recipients = [address.strip() for address in message["To"].split(",")]
    if config.get("MAIL_SERVER"):
        _send_smtp(message, recipients)
    elif config.get("TESTING"):
        outbox().append(message)
    elif config.get("PORTAL_ENV") == "development":
        _write_eml(message)
    else:
        raise MailNotConfigured("MAIL_SERVER must be set to send e-mail outside development.")
    return message


def send_mail(
    to: str | list[str], subject: str, body_text: str, body_html: str | None = None
) -> EmailMessage:
    """Compose and send one message now; returns the message that left."""
    return deliver(compose(to, subject, body_text, body_html))


def send_after_commit(message: EmailMessage) -> None:
    """Send `message` once the current transaction is committed; forget it on rollback. A
    failure to send is logged and never undoes what was committed."""
    db.session().info.setdefault(QUEUE, []).append(message)


def send_after_response(response: Response, message: EmailMessage | None) -> Response:
    """Send `message` (if any) once `response` has left for the browser, when the server closes
    it: how long a page takes then tells nothing about the e-mail behind it. A failure to send
    is logged."""
    app = current_app._get_current_object()

    def send() -> None:
        if message is None:
            return
        # The request's context is gone by now, unless something (a test) keeps one open.
        active = has_app_context() and current_app._get_current_object() is app
        with nullcontext() if active else app.app_context():
            try:
                deliver(message)
            except Exception as error:
                _log_failure(message, error)

    response.call_on_close(send)
    return response


def _log_failure(message: EmailMessage, error: Exception) -> None:
    """Log a message that did not leave without its recipient's address (some recipients are
    residents, whose address serves one message and is kept nowhere, logs included): the
    domain, the subject, and the error's kind and SMTP codes, never its text or traceback."""
    domain = str(message["To"] or "").rpartition("@")[2].strip("> ")
    codes = ""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = " " + ",".join(str(code) for code, _text in error.recipients.values())
    elif isinstance(error, smtplib.SMTPResponseException):
        codes = f" {error.smtp_code}"
    log.error("e-mail to …@%s failed: %s (%s%s)", domain, message["Subject"], type(error).__name__, codes)


def _send_queued(session: Session) -> None:
    for message in session.info.pop(QUEUE, []):
        try:
            deliver(message)
        except (MailNotConfigured, OSError) as error:
            _log_failure(message, error)


def _forget_queued(session: Session) -> None:
    session.info.pop(QUEUE, None)


def listen() -> None:
    """Install the session listeners of `send_after_commit` (once per process)."""
    if not event.contains(Session, "after_commit", _send_queued):
        event.listen(Session, "after_commit", _send_queued)
        event.listen(Session, "after_rollback", _forget_queued)


def outbox() -> list[EmailMessage]:
    """Messages kept in memory by a test application that has no MAIL_SERVER."""
    return current_app.extensions.setdefault("portal_outbox", [])


def absolute_url(endpoint: str, **values) -> str:
    """A full URL for an e-mail, on PORTAL_BASE_URL. Only development and tests may leave it
    unset (the configuration refuses elsewhere); they get the current host instead, or, in a
    command of the development demo, the address `flask run` serves it on."""
    config = current_app.config
    base = config.get("PORTAL_BASE_URL")
    if not base and not has_request_context() and not config.get("SERVER_NAME"):
        if config.get("PORTAL_ENV") != "development":
            raise RuntimeError("Set PORTAL_BASE_URL to build links outside a request.")
        base = DEMO_BASE_URL
    if base:
        with current_app.test_request_context("/") if not has_request_context() else nullcontext():
            return base + url_for(endpoint, _external=False, **values)
    return url_for(endpoint, _external=True, **values)


def _send_smtp(message: EmailMessage, recipients: list[str]) -> None:
    config = current_app.config
    host, timeout = config["MAIL_SERVER"], config["MAIL_TIMEOUT"]
    use_ssl = config.get("MAIL_USE_SSL")
    port = config.get("MAIL_PORT") or (465 if use_ssl else 587 if config.get("MAIL_USE_TLS") else 25)
    # Loading the system's certificates is costly: only for a server that speaks TLS.
    context = ssl.create_default_context() if use_ssl or config.get("MAIL_USE_TLS") else None
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
