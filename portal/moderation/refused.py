"""What an administrator refused, kept as a draft the partner can correct and send again.

A draft is a revision of status DRAFT (at most one per partner): its snapshot is the public
listing with the refused sections (sections.py) of the refused revision, its diff shows them
against the public listing, and its reason and message say why. It is never public and never
pending: the partner space shows it beside the listing, fills the forms of its sections from
it, and each section sent again leaves it; a draft with nothing left, or given up, is
deleted. Like operations.py, these functions flush and never commit.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.moderation import sections
from portal.moderation.constants import DRAFT, EDIT
from portal.moderation.models import Revision
from portal.moderation.snapshots import diff_snapshots, snapshot_of

# A service added in a draft is named "b1", "b2"… there: never the key of a live service (its
# id) nor of one added by a later edit ("n1"…), so sending it again cannot overwrite another.
DRAFT_KEY = "b"


def draft_for(partner) -> Revision | None:
    """The partner's draft, if there is one."""
    return db.session.scalars(
        select(Revision).where(Revision.partner_id == partner.id, Revision.status == DRAFT)
        .order_by(Revision.id.desc())
    ).first()


def _retire(draft: Revision) -> None:
    # A draft is a working copy, not history: the refused revision keeps what was refused.
    db.session.delete(draft)


def _own_keys(snapshot: dict, refused: list[str]) -> tuple[dict, list[str]]:
    renamed: dict[str, str] = {}
    added = [s for s in snapshot["services"] if s.get("id") is None]
    for n, service in enumerate(added, start=1):
        renamed[service["key"]] = f"{DRAFT_KEY}{n}"
        service["key"] = renamed[service["key"]]
    return snapshot, [_renamed(section, renamed) for section in refused]


def _renamed(section: str, renamed: dict[str, str]) -> str:
    key = sections.service_key(section)
    return section if key is None or key not in renamed else sections.SERVICE + renamed[key]


def keep_as_draft(revision: Revision, proposed: dict, refused: list[str], live: dict) -> Revision | None:
    """Keep the refused sections of a member's revision (whose snapshot was `proposed`) as the
    partner's draft, on top of `live`, the public listing after the decision. An older draft
    is replaced. Returns None (and keeps nothing) when the refusal leaves nothing to take up."""
    if revision.kind != EDIT or not refused:
        return None
    partner = revision.partner
    older = draft_for(partner)
    if older is not None:
        _retire(older)
    snapshot, refused = _own_keys(sections.merge(live, proposed, refused), refused)
    diff = diff_snapshots(live, snapshot)
    if not diff:
        return None
    draft = Revision(partner=partner, author=revision.author, kind=EDIT, status=DRAFT,
                     base_version=partner.version, snapshot=snapshot, diff=diff, reviewed=True,
                     reviewed_by=revision.reviewed_by, reviewed_at=revision.reviewed_at,
                     reason=revision.reason, message=revision.message, refused_sections=refused)
    db.session.add(draft)
    db.session.flush()
    return draft


def open_sections(draft: Revision | None, live: dict) -> list[str]:
    """The sections of a draft that still differ from the public listing `live`."""
    if draft is None:
        return []
    differ = set(sections.sections_in(diff_snapshots(live, draft.snapshot)))
    return [s for s in draft.refused_sections if s in differ]


def changes_of(draft: Revision, live: dict, only: list[str] | None = None) -> list[dict]:
    """The diff entries of the draft's open sections (or of `only` these) against `live`."""
    wanted = set(open_sections(draft, live) if only is None else only)
    return [e for e in diff_snapshots(live, draft.snapshot) if sections.section_of(e) in wanted]


def settle(partner, done: list[str]) -> None:
    """Take these sections out of the partner's draft (they were sent again); the draft is
    retired when nothing of it is left."""
    draft = draft_for(partner)
    if draft is None or not set(done) & set(draft.refused_sections):
        return
    live = snapshot_of(partner)
    left = [s for s in open_sections(draft, live) if s not in done]
    if not left:
        _retire(draft)
    else:
        draft.snapshot = sections.merge(live, draft.snapshot, left)
        draft.diff = diff_snapshots(live, draft.snapshot)
        draft.refused_sections = left
    db.session.flush()


def abandon(partner) -> bool:
    """Give up the partner's draft; False when there was none."""
    draft = draft_for(partner)
    if draft is None:
        return False
    _retire(draft)
    db.session.flush()
    return True
