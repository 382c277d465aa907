"""What became of each message of a campaign, in words, and the filter of the progress page;
and, for invitations, recording what the invited did.

One status per campaign message (CampaignReminder), the furthest it got: never reached (the
listing has no address), failed, corrected, confirmed, opened, sent, or not sent yet (a run
that stopped before it). The same definitions give the label and the SQL filter.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select, update

from portal.accounts.models import User
from portal.db import utcnow
from portal.extensions import db
from portal.i18n import _, _l
from portal.moderation.campaign_models import INVITE, REMIND, Campaign, CampaignReminder
from portal.moderation.campaigns import NO_ADDRESS
from portal.moderation.constants import CONFIRM, EDIT
from portal.moderation.models import Revision

KINDS = {REMIND: _l("Rappel"), INVITE: _l("Invitation")}

UNREACHED, FAILED, CORRECTED, CONFIRMED = "jamais-atteinte", "echec", "corrigee", "confirmee"
OPENED, SENT, WAITING = "ouverte", "envoyee", "en-attente"

r = CampaignReminder
_delivered = r.sent_at.is_not(None) & r.failed_at.is_(None)
CONDITIONS = {
    UNREACHED: r.email == NO_ADDRESS,
    FAILED: r.failed_at.is_not(None),
    CORRECTED: _delivered & r.corrected_at.is_not(None),
    CONFIRMED: _delivered & r.corrected_at.is_(None) & r.confirmed_at.is_not(None),
    OPENED: _delivered & r.corrected_at.is_(None) & r.confirmed_at.is_(None) & r.opened_at.is_not(None),
    SENT: _delivered & r.corrected_at.is_(None) & r.confirmed_at.is_(None) & r.opened_at.is_(None),
    WAITING: (r.email != NO_ADDRESS) & r.sent_at.is_(None) & r.failed_at.is_(None),
}

# For the filter's choices; SENT is worded by the campaign's kind (see `label`).
LABELS = {
    UNREACHED: _l("Jamais atteinte (aucune adresse)"),
    FAILED: _l("Échec d'envoi"),
    CORRECTED: _l("Corrigée"),
    CONFIRMED: _l("Confirmée"),
    OPENED: _l("Ouverte"),
    SENT: _l("Écrite, sans réponse"),
    WAITING: _l("Pas encore envoyée"),
}


def status_of(reminder: CampaignReminder) -> str:
    """The status code of one message."""
    if reminder.email == NO_ADDRESS:
        return UNREACHED
    if reminder.failed_at is not None:
        return FAILED
    if reminder.sent_at is None:
        return WAITING
    if reminder.corrected_at is not None:
        return CORRECTED
    if reminder.confirmed_at is not None:
        return CONFIRMED
    return OPENED if reminder.opened_at is not None else SENT


def label(reminder: CampaignReminder, kind: str) -> str:
    """The status of one message in words, with the server's answer when it failed."""
    code = status_of(reminder)
    if code == FAILED:
        return _("Échec d'envoi : %(error)s", error=reminder.error or _("raison inconnue"))
    if code == SENT:
        return _("Invitée") if kind == INVITE else _("Rappel envoyé")
    if code == OPENED and kind == INVITE:
        return _("Ouverte (compte activé)")
    return str(LABELS[code])


def filtered(statement: Select, code: str | None) -> Select:
    """`statement` (rows with a CampaignReminder) kept to one status; all of them for None."""
    return statement if code is None else statement.where(CONDITIONS[code])


# Invitations: what the invited did ---------------------------------------------------------


def account_opened(user: User) -> None:
    """The invitation (or a reset link) was used: mark this person's invitations as opened."""
    r = CampaignReminder
    db.session.execute(
        update(r)
        .where(r.user_id == user.id, r.opened_at.is_(None), r.sent_at.is_not(None), r.failed_at.is_(None),
               r.campaign_id.in_(select(Campaign.id).where(Campaign.kind == INVITE)))
        .values(opened_at=utcnow())
    )


def record_outcomes(campaign: Campaign) -> None:
    """What the invited members did since their message: confirmed or changed the listing.

    Read from the listing's revisions by the invited account (the reminders' links record
    theirs as they are used; an invitation has no such link)."""
    r = CampaignReminder
    for kind, column in ((CONFIRM, r.confirmed_at), (EDIT, r.corrected_at)):
        first = (
            select(func.min(Revision.created_at))
            .where(Revision.partner_id == r.partner_id, Revision.author_id == r.user_id,
                   Revision.kind == kind, Revision.created_at >= r.sent_at)
            .scalar_subquery()
        )
        db.session.execute(
            update(r)
            .where(r.campaign_id == campaign.id, r.user_id.is_not(None), r.sent_at.is_not(None),
                   r.failed_at.is_(None), column.is_(None), first.is_not(None))
            .values({column.key: first})
            .execution_options(synchronize_session=False)
        )
