"""E-mails to a partner's members about decisions on its listing, sent only once saved.

Operations compose the message while the data is at hand and queue it on the session; it
leaves after the caller's commit, and is dropped on rollback, so nobody is told about a
decision that was not recorded. A mail failure is logged and never undoes the decision.
"""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.directory.constants import label
from portal.extensions import db
from portal.i18n import _
from portal.mail import MailNotConfigured, absolute_url, send_mail
from portal.moderation.constants import REJECTION_REASONS

log = logging.getLogger(__name__)
QUEUE = "moderation_mail"
_listening = False


def _listen() -> None:
    global _listening
    if not _listening:
        event.listen(Session, "after_commit", _send_queued)
        event.listen(Session, "after_rollback", _forget_queued)
        _listening = True


def _send_queued(session: Session) -> None:
    for recipients, subject, body in session.info.pop(QUEUE, []):
        try:
            send_mail(recipients, subject, body)
        except (MailNotConfigured, OSError):
            log.exception("moderation e-mail to %s failed", ", ".join(recipients))


def _forget_queued(session: Session) -> None:
    session.info.pop(QUEUE, None)


def queue_decision(revision) -> bool:
    """Queue the e-mail telling the partner's members what became of a revision.

    Members are written to in French, the language of the directory, whatever page the
    administrator was on. Returns False when the partner has no active member to tell.
    """
    partner = revision.partner
    recipients = [m.email for m in getattr(partner, "members", []) if m.is_active]
    if not recipients:
        return False
    with force_locale("fr"):
        link = absolute_url("partners.listing", slug=partner.slug)
        subjects = {
            "approved": _("Votre modification de « %(name)s » est en ligne", name=partner.name),
            "published": _("Votre modification de « %(name)s » a été relue", name=partner.name),
            "rejected": _("Votre modification de « %(name)s » n'a pas été acceptée", name=partner.name),
        }
        subject = subjects.get(revision.status, subjects["approved"])
        if revision.kind == "restore":
            subject = _("La fiche « %(name)s » est revenue à une version précédente", name=partner.name)
        reason = label(REJECTION_REASONS, revision.reason) if revision.reason else ""
        # Rendered without the page context processors: a decision may be taken outside a
        # request (a command), and an e-mail needs none of them.
        template = current_app.jinja_env.get_template("partners/email/decision.txt")
        body = template.render(revision=revision, partner=partner, link=link, reason=reason)
    _listen()
    db.session().info.setdefault(QUEUE, []).append((recipients, subject, body))
    return True
