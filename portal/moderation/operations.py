"""Every write of moderation: proposing a change, deciding on it, restoring, confirming.

Transactions: these operations never commit; they flush, and the caller (a view, a command,
a test) commits. E-mails to members are composed here and leave only after that commit (see
notify.py). Errors the user can act on are raised as `ModerationError` (message translated),
`EditConflict`, or `limits.EditRefused` (a member's save past the limits).

The partner space proposes changes (`head_of`, `propose_change`, `confirm_up_to_date`); the
back office decides (`approve`, `reject`, `decide` by section, `restore`, `set_trusted`). What
is refused lives on as the partner's draft (refused.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.db import utcnow
from portal.directory import presenters as directory_presenters
from portal.directory.constants import DRAFT as DRAFT_LISTING
from portal.directory.constants import PUBLISHED
from portal.directory.models import Partner
from portal.extensions import db
from portal.i18n import _
from portal.moderation import limits, notify, refused, sections
from portal.moderation.constants import (
    APPLIED,
    APPROVED,
    CONFIRM,
    EDIT,
    PENDING,
    REJECTED,
    REJECTION_REASONS,
    RESTORABLE,
    RESTORE,
    SUPERSEDED,
)
from portal.moderation.models import Revision
from portal.moderation.snapshots import apply_snapshot, diff_snapshots, same, snapshot_of


class ModerationError(ValueError):
    """A decision that cannot be taken as asked; the message is shown to the user."""


class EditConflict(Exception):
    """Someone changed the listing since the form was opened.

    `current_snapshot` is what the listing looks like now for its editors (the pending revision
    if there is one, else the live data); `base_version` and `base_revision_id` are the values
    a re-submitted form must carry to overwrite it knowingly.
    """

    def __init__(self, current_snapshot: dict, base_version: int, base_revision_id: int | None):
        super().__init__("the listing changed since the form was opened")
        self.current_snapshot = current_snapshot
        self.base_version = base_version
        self.base_revision_id = base_revision_id


def pending_for(partner: Partner) -> Revision | None:
    """The revision of this partner waiting for a decision, if any (there is at most one)."""
    return db.session.scalars(
        select(Revision).where(Revision.partner_id == partner.id, Revision.status == PENDING)
    ).first()


@dataclass
class Head:
    """What a partner's editors start from, read once per request: the pending revision's
    listing if there is one, else the live listing; and the tokens a form carries back so
    that a save based on an older state is recognised as a conflict."""

    partner: Partner
    pending: Revision | None
    snapshot: dict
    _live: dict | None = field(default=None, repr=False)

    @property
    def revision_id(self) -> int | None:
        return self.pending.id if self.pending is not None else None

    @property
    def live(self) -> dict:
        """The public listing (the same as `snapshot` when nothing is pending)."""
        if self.pending is None:
            return self.snapshot
        if self._live is None:
            self._live = snapshot_of(self.partner)
        return self._live

    @property
    def tokens(self) -> dict:
        """The hidden fields of every edit form: the version and the pending revision."""
        return {"base_version": self.partner.version, "base_revision": self.revision_id or ""}

    def is_based_on(self, base_version: int, base_revision_id: int | None) -> bool:
        """Whether a form carrying these tokens was built from this state."""
        return base_version == self.partner.version and (base_revision_id or None) == self.revision_id

    def conflict(self) -> EditConflict:
        return EditConflict(self.snapshot, self.partner.version, self.revision_id)


def head_of(partner: Partner) -> Head:
    """The state of a listing as its editors see it now."""
    pending = pending_for(partner)
    if pending is not None:
        return Head(partner, pending, pending.snapshot)
    return Head(partner, None, snapshot_of(partner))


def _supersede(head: Head) -> None:
    """Retire the pending revision, unless someone else already did (then it is a conflict).

    Its snapshot is dropped: a superseded revision is never applied nor restored (the newer one
    holds its changes), and keeping a whole listing per save is what let one partner grow the
    database without end. Its diff stays, for the history.
    """
    if head.pending is None:
        return
    done = db.session.execute(
        update(Revision).where(Revision.id == head.pending.id, Revision.status == PENDING)
        .values(status=SUPERSEDED, snapshot={}).execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise head.conflict()
    db.session.expire(head.pending, ["status", "snapshot"])


def propose_change(
    partner: Partner, snapshot: dict, author, base_version: int, base_revision_id: int | None = None,
    *, head: Head | None = None, link=None,
) -> Revision | None:
    """Record a member's new version of the listing; returns None when nothing changed.

    The form must have been built from the listing's head (`head_of(partner)`, passed as `head`
    when the caller already read it), and carry the partner's version and the pending
    revision's id at that time: if either moved since, EditConflict. The new revision replaces
    the pending one (which is marked superseded: the new snapshot already contains its
    changes); its diff is against the live listing. A trusted partner's revision is applied at
    once with status "applied" (to be reviewed afterwards); otherwise it stays "pending" and the
    public page does not change, except for what cannot wait (sections.urgent: temporary
    closures, exceptions of the coming week): that part is applied at once as its own "applied"
    revision, reviewed afterwards, and the pending one holds the rest, based on the new public
    version. Returns the pending (or applied) revision; the urgent one when it was all there
    was to the change (a caller sees that something went public as `partner.version` moving).
    A no-op save creates nothing and does not touch the "last
    confirmed" date. A member's save that would grow the listing past its caps, or come too
    soon after many others, raises ListingFull or TooManySaves (see limits.py).

    `link` is the campaign link (campaign_models.ListingToken) of a change made without an
    account ("Je corrige"): `author` is then None, the limits apply, and the change always
    waits for an administrator, even for a trusted partner, urgent or not.
    """
    head = head if head is not None else head_of(partner)
    if not head.is_based_on(base_version, base_revision_id):
        raise head.conflict()
    if same(snapshot, head.snapshot):
        return None
    changes = diff_snapshots(head.live, snapshot)
    limited = limits.applies_to(author) or link is not None
    if changes and limited:  # going back to the public version is always allowed
        limits.check_size(head.snapshot, snapshot)
        limits.check_rate(partner)
    _supersede(head)
    if not changes:  # back to what is public: the pending change is withdrawn, nothing to review
        db.session.flush()
        return None
    live = head.live
    urgent = None
    if partner.is_trusted and link is None:
        revision = Revision(partner=partner, author=author, kind=EDIT, status=APPLIED,
                            base_version=partner.version, snapshot=snapshot, diff=changes)
        revision.snapshot, revision.flags = apply_snapshot(partner, snapshot, live=live)
    else:
        if link is None:
            urgent = _publish_urgent(partner, snapshot, author, live)
        if urgent is not None:
            changes = diff_snapshots(urgent.snapshot, snapshot)
        revision = Revision(partner=partner, author=author, kind=EDIT, status=PENDING,
                            base_version=partner.version, snapshot=snapshot, diff=changes, link=link)
    if changes:
        db.session.add(revision)
    try:
        db.session.flush()
    except IntegrityError:  # another first edit of the same partner was saved meanwhile
        db.session.rollback()
        raise head_of(db.session.get(Partner, partner.id)).conflict() from None
    return revision if changes else urgent


def _publish_urgent(partner: Partner, snapshot: dict, author, live: dict) -> Revision | None:
    """Publish at once what cannot wait for a review (sections.urgent: closures, the coming
    week's exceptions), as an applied revision to be reviewed afterwards; None if nothing."""
    part = sections.urgent(live, snapshot, directory_presenters.now().date())
    if same(part, live):
        return None
    revision = Revision(partner=partner, author=author, kind=EDIT, status=APPLIED,
                        base_version=partner.version, diff=diff_snapshots(live, part))
    revision.snapshot, revision.flags = apply_snapshot(partner, part, live=live)
    db.session.add(revision)
    return revision


def _decide(revision: Revision, reviewer, status: str, message: str) -> None:
    revision.status = status
    revision.reviewed = True
    revision.reviewed_by = reviewer
    revision.reviewed_at = utcnow()
    revision.message = (message or "").strip()


def approve(revision: Revision, reviewer, message: str = "") -> Revision:
    """Accept a pending revision (it goes public, search index included, at commit) or mark a
    trusted partner's applied one as reviewed; either way the listing counts as checked by a
    person now ("last confirmed"), and the members are e-mailed."""
    partner = revision.partner
    if not revision.awaits_review:
        raise ModerationError(_("Cette modification a déjà été traitée."))
    if revision.status == PENDING:
        if revision.base_version != partner.version:
            raise ModerationError(_("La fiche a changé depuis cette proposition : refusez-la et "
                                    "demandez au partenaire de recommencer."))
        revision.snapshot, revision.flags = apply_snapshot(partner, revision.snapshot)
        _decide(revision, reviewer, APPROVED, message)
    else:
        _decide(revision, reviewer, APPLIED, message)
    partner.last_confirmed_at = utcnow()
    db.session.flush()
    notify.queue_decision(revision)
    return revision


def reject(revision: Revision, reviewer, reason: str, message: str = "") -> Revision:
    """Refuse a revision with a reason code (constants.REJECTION_REASONS) and e-mail the members.

    A pending revision never reaches the public page; a member's one is kept as the partner's
    draft (refused.py), to correct and send again. A trusted partner's applied revision (or an
    urgent change, published at once) stays online: restore an earlier version to take it down.
    """
    if reason not in REJECTION_REASONS:
        raise ModerationError(_("Choisissez une raison dans la liste."))
    if not revision.awaits_review:
        raise ModerationError(_("Cette modification a déjà été traitée."))
    was_pending = revision.status == PENDING
    _decide(revision, reviewer, REJECTED, message)
    revision.reason = reason
    if was_pending:
        revision.refused_sections = sections.sections_in(revision.diff)
        refused.keep_as_draft(revision, revision.snapshot, revision.refused_sections,
                              snapshot_of(revision.partner))
    db.session.flush()
    notify.queue_decision(revision)
    return revision


def decide(revision: Revision, reviewer, refused_sections: list[str], reason: str = "",
           message: str = "") -> Revision:
    """Accept some sections (sections.py) of a pending revision and refuse the others.

    Nothing refused is an approval, everything refused a rejection. Otherwise the accepted
    sections go public (search index included, at commit) and the revision is "approved" with
    the refused sections, the reason code and the message recorded; the refused sections become
    the partner's draft; the listing counts as checked by a person; the members are e-mailed.
    """
    parts = sections.sections_in(revision.diff)
    wanted = set(refused_sections)
    refusing = [s for s in parts if s in wanted]
    if not refusing:
        return approve(revision, reviewer, message)
    if len(refusing) == len(parts):
        return reject(revision, reviewer, reason, message)
    if reason not in REJECTION_REASONS:
        raise ModerationError(_("Choisissez une raison dans la liste."))
    if revision.status != PENDING:
        raise ModerationError(_("Cette modification a déjà été traitée."))
    partner = revision.partner
    if revision.base_version != partner.version:
        raise ModerationError(_("La fiche a changé depuis cette proposition : refusez-la et "
                                "demandez au partenaire de recommencer."))
    live, proposed = snapshot_of(partner), revision.snapshot
    accepted = sections.merge(live, proposed, [s for s in parts if s not in wanted])
    revision.snapshot, revision.flags = apply_snapshot(partner, accepted, live=live)
    _decide(revision, reviewer, APPROVED, message)
    revision.reason = reason
    revision.refused_sections = refusing
    partner.last_confirmed_at = utcnow()
    refused.keep_as_draft(revision, proposed, refusing, revision.snapshot)
    db.session.flush()
    notify.queue_decision(revision)
    return revision


def restore(partner: Partner, revision: Revision, admin) -> Revision:
    """Put an earlier version of the listing back online, as a new approved revision.

    Only a version that was public (approved, applied, or confirmed) can be restored. A
    pending change is withdrawn (superseded): it was based on what is being replaced. The
    members are e-mailed. The "last confirmed" date is left alone: nobody checked with the place.
    """
    if revision.partner_id != partner.id or revision.status not in RESTORABLE:
        raise ModerationError(_("Cette version ne peut pas être remise en ligne."))
    head = head_of(partner)
    _supersede(head)
    restored = Revision(partner=partner, author=admin, kind=RESTORE, base_version=partner.version,
                        snapshot=revision.snapshot, diff=diff_snapshots(head.live, revision.snapshot))
    restored.snapshot, restored.flags = apply_snapshot(partner, revision.snapshot, live=head.live)
    _decide(restored, admin, APPROVED, "")
    db.session.add(restored)
    db.session.flush()
    notify.queue_decision(restored)
    return restored


def confirm_up_to_date(partner: Partner, user) -> Revision:
    """A member (or an administrator) says the public listing is right as it is: sets
    "last confirmed" and records it in the history as an approved revision of kind "confirm".
    Counts as a save for the limits (TooManySaves)."""
    if limits.applies_to(user):
        limits.check_rate(partner)
    now = utcnow()
    partner.last_confirmed_at = now
    revision = Revision(partner=partner, author=user, kind=CONFIRM, status=APPROVED, reviewed=True,
                        reviewed_at=now, base_version=partner.version, snapshot=snapshot_of(partner),
                        diff=[])
    db.session.add(revision)
    db.session.flush()
    return revision


def set_published(partner: Partner, published: bool, admin) -> None:
    """Show a listing to the public (its page, the lists, the search, the sitemap) or take it
    off; a place proposed by a resident starts as a draft until an administrator publishes it."""
    partner.status = PUBLISHED if published else DRAFT_LISTING
    db.session.flush()


def set_trusted(partner: Partner, trusted: bool, admin) -> None:
    """Mark a partner as trusted (its edits publish at once, reviewed afterwards) or not."""
    partner.is_trusted = bool(trusted)
    db.session.flush()
