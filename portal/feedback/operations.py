"""Every write of the feedback domain. Operations flush; the view or the command commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from portal.directory.constants import DRAFT
from portal.directory.models import Need, Partner
from portal.directory.text import slugify
from portal.extensions import db
from portal.feedback.constants import ACCEPTED, DUPLICATE, HANDLED, NEW, PROPOSAL_SOURCE, REFUSED
from portal.feedback.models import PlaceProposal, Report
from portal.i18n import _


class AlreadyDecided(Exception):
    """A proposal another administrator has already accepted or closed."""

    def __str__(self) -> str:
        return _("Cette proposition a déjà été traitée par quelqu'un d'autre.")


def record_report(partner: Partner, code: str, text: str, email: str = "",
                  is_professional: bool = False) -> Report:
    """Store what a visitor says is wrong on a listing; the listing itself is not touched."""
    report = Report(partner=partner, code=code, text=text, email=email or "",
                    is_professional=is_professional)
    db.session.add(report)
    db.session.flush()
    return report


def record_proposal(*, name: str, city: str, offer: str, address: str = "", postcode: str = "",
                    phone: str = "", website: str = "", need: Need | None = None, email: str = "",
                    represents_place: bool = False) -> PlaceProposal:
    """Store a place someone proposes; nothing is listed until an administrator accepts it."""
    proposal = PlaceProposal(name=name, address=address, postcode=postcode, city=city, phone=phone,
                             website=website, offer=offer, need=need, email=email or "",
                             represents_place=represents_place)
    db.session.add(proposal)
    db.session.flush()
    return proposal


def mark_handled(report: Report, admin, now: datetime) -> None:
    """An administrator has dealt with the report (the first one to say so is remembered)."""
    if report.status == NEW:
        report.status, report.handled_by, report.handled_at = HANDLED, admin, now
        db.session.flush()


def _unique_slug(name: str) -> str:
    base = slugify(name, 100) or "lieu-propose"
    slug, n = base, 1
    while db.session.scalar(select(Partner.id).where(Partner.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _decide(proposal: PlaceProposal, status: str, admin, now: datetime, **values) -> None:
    """Move a new proposal to `status`, or raise AlreadyDecided. The row changes only if it is
    still new, so two administrators deciding at the same moment cannot both act on it."""
    result = db.session.execute(
        update(PlaceProposal).where(PlaceProposal.id == proposal.id, PlaceProposal.status == NEW)
        .values(status=status, handled_by_id=admin.id, handled_at=now, **values)
        .execution_options(synchronize_session=False))
    db.session.refresh(proposal)
    if result.rowcount != 1:
        raise AlreadyDecided


def accept(proposal: PlaceProposal, admin, now: datetime) -> Partner:
    """Make a draft listing from the proposal, for the administrator to complete and publish;
    residents see nothing of it meanwhile."""
    if proposal.status != NEW:
        raise AlreadyDecided
    partner = Partner(slug=_unique_slug(proposal.name), name=proposal.name, status=DRAFT,
                      source=PROPOSAL_SOURCE, address=proposal.address, postcode=proposal.postcode,
                      city=proposal.city, phone=proposal.phone, website=proposal.website)
    db.session.add(partner)
    db.session.flush()
    _decide(proposal, ACCEPTED, admin, now, partner_id=partner.id)
    return partner


def close(proposal: PlaceProposal, admin, status: str, note: str, now: datetime) -> None:
    """Set a proposal aside as a duplicate of an existing listing, or refuse it, with a note."""
    if status not in (DUPLICATE, REFUSED):
        raise ValueError(status)
    _decide(proposal, status, admin, now, note=note)


def purge_emails(before: datetime) -> int:
    """Erase the e-mails left on reports and proposals made before `before`; returns how many."""
    erased = 0
    for model in (Report, PlaceProposal):
        result = db.session.execute(
            update(model).where(model.created_at < before, model.email != "").values(email="")
            .execution_options(synchronize_session=False))
        erased += result.rowcount
    db.session.flush()
    return erased
