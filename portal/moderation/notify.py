"""E-mails to a partner's members about decisions on its listing, sent only once saved.

Operations compose the message while the data is at hand and queue it with
`mail.send_after_commit`: it leaves after the caller's commit and is dropped on rollback, so
nobody is told about a decision that was not recorded. A mail failure never undoes the decision.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale

from portal.directory.constants import label
from portal.i18n import _
from portal.mail import absolute_url, compose, send_after_commit
from portal.moderation import sections
from portal.moderation.constants import APPLIED, APPROVED, REJECTED, REJECTION_REASONS, RESTORE


def queue_decision(revision) -> bool:
    """Queue the e-mail telling the partner's members what became of a revision.

    Members are written to in French, the language of the directory, whatever page the
    administrator was on. Returns False when the partner has no active member to tell.
    """
    partner = revision.partner
    recipients = [m.email for m in partner.members if m.is_active]
    if not recipients:
        return False
    with force_locale("fr"):
        link = absolute_url("partners.listing", slug=partner.slug)
        subjects = {
            APPROVED: _("Votre modification de « %(name)s » est en ligne", name=partner.name),
            APPLIED: _("Votre modification de « %(name)s » a été relue", name=partner.name),
            REJECTED: _("Votre modification de « %(name)s » n'a pas été acceptée", name=partner.name),
        }
        subject = subjects.get(revision.status, subjects[APPROVED])
        if revision.kind == RESTORE:
            subject = _("La fiche « %(name)s » est revenue à une version précédente", name=partner.name)
        reason = label(REJECTION_REASONS, revision.reason) if revision.reason else ""
        names = sections.labels(revision.diff)
        refused_codes = revision.refused_sections or []
        refused = [names[s] for s in refused_codes if s in names]
        accepted = [text for s, text in names.items() if s not in refused_codes]
        if revision.status == APPROVED and refused:
            subject = _("Votre modification de « %(name)s » est en partie en ligne", name=partner.name)
        # Rendered without the page context processors: a decision may be taken outside a
        # request (a command), and an e-mail needs none of them.
        template = current_app.jinja_env.get_template("partners/email/decision.txt")
        body = template.render(revision=revision, partner=partner, link=link, reason=reason,
                               accepted=accepted, refused=refused)
    send_after_commit(compose(recipients, subject, body))
    return True
