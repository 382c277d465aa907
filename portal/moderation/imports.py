"""What an open-data import writes in the moderation history and queue.

seed.importer decides, value by value, what it may write (nobody changed it since the last
import) and what it must only propose (a person set it). Both are recorded here as revisions
of kind "import" without an author: the written values as an applied, already reviewed
revision (so the history says where they came from), the proposed ones as a pending revision
an administrator accepts or refuses like a partner's edit. Flushes, never commits.
"""

from __future__ import annotations

import copy

from portal.directory.models import Partner
from portal.extensions import db
from portal.moderation.constants import APPLIED, IMPORT, PENDING
from portal.moderation.models import Revision
from portal.moderation.operations import head_of
from portal.moderation.snapshots import diff_snapshots, snapshot_of


def record_import(partner: Partner, before: dict) -> Revision | None:
    """Record what the import just wrote on the live listing (`before` is its snapshot from
    before the writes); None when it wrote nothing a person can see."""
    after = snapshot_of(partner)
    changes = diff_snapshots(before, after)
    if not changes:
        return None
    head = head_of(partner)
    if head.pending is not None:
        # The pending edit was made from the old values: carry the source's new values into it
        # where its author left them as they were, so approving it does not write them back.
        snapshot = copy.deepcopy(head.pending.snapshot)
        for name, value in after["partner"].items():
            if snapshot["partner"].get(name) == before["partner"].get(name):
                snapshot["partner"][name] = value
        head.pending.snapshot = snapshot
    revision = Revision(partner=partner, author=None, kind=IMPORT, status=APPLIED, reviewed=True,
                        base_version=partner.version, snapshot=after, diff=changes)
    db.session.add(revision)
    db.session.flush()
    return revision


def propose_from_source(partner: Partner, proposal: dict) -> Revision | None:
    """Put the source's new values for fields a person set up for review.

    `proposal` is shaped like `Partner.imported` (see seed.merge), holding only the values to
    propose. Returns None when another change already awaits a decision (the caller proposes
    again at the next import) or when the proposal would change nothing.
    """
    head = head_of(partner)
    if head.pending is not None:
        return None
    snapshot = copy.deepcopy(head.snapshot)
    snapshot["partner"].update(copy.deepcopy(proposal.get("partner", {})))
    if "slots" in proposal:
        snapshot["slots"] = [{"weekday": d, "opens": o, "closes": c} for d, o, c in proposal["slots"]]
    services = {s["name"]: s for s in snapshot["services"]}
    new_keys = 0
    for name, values in proposal.get("services", {}).items():
        service = services.get(name)
        if service is None:
            new_keys += 1
            service = {"key": f"n{new_keys}", "id": None, "name": name, "documents": "",
                       "languages": [], "status": "published", "fees": "non-precise",
                       "fees_detail": "", "audiences": [], "modes": [], "access_modes": [],
                       "description": "", "subneeds": []}
            snapshot["services"].append(service)
        service.update(copy.deepcopy(values))
    changes = diff_snapshots(head.live, snapshot)
    if not changes:
        return None
    revision = Revision(partner=partner, author=None, kind=IMPORT, status=PENDING,
                        base_version=partner.version, snapshot=snapshot, diff=changes)
    db.session.add(revision)
    db.session.flush()
    return revision
