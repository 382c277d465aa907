"""The partner's draft (what an administrator refused, see moderation/refused.py) laid over
the partner space: the overview shows it with why it was refused, and the form page of each
refused section opens filled with the refused text, to be corrected and sent again.

The draft is not the head of the listing (moderation.operations.Head): forms still carry the
head's tokens, and a save is proposed like any other. Only the values a form starts from, and
what a save is built from, have the draft's sections laid over the head.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from flask import url_for

from portal.directory.constants import label
from portal.moderation import presenters, refused, sections
from portal.moderation.constants import REJECTION_REASONS
from portal.moderation.models import Revision

# The form pages a draft's sections are corrected on (endpoint -> sections of the page).
PAGES = {
    "partners.presentation": lambda args: [sections.PRESENTATION, sections.CONTACTS, sections.ADDRESS],
    "partners.weekly_hours": lambda args: [sections.HOURS],
    "partners.edit_service": lambda args: [sections.SERVICE + str(args.get("key", ""))],
    "partners.pro_info": lambda args: [sections.PRO],
}


@dataclass
class Note:
    """The draft as a page shows it: why it was refused, and its changes."""

    reason: str
    message: str
    changes: list[presenters.Change]
    links: list[tuple[str, str]] = field(default_factory=list)  # (part, url of its form page)
    created_at: object = None


def sections_here(draft: Revision | None, head, endpoint: str | None, view_args: dict | None) -> list[str]:
    """The sections of the draft still to take up that the page `endpoint` edits; `head` is
    the listing's moderation.operations.Head (its public listing is read only if needed)."""
    page = PAGES.get(endpoint or "")
    if draft is None or page is None:
        return []
    mine = page(view_args or {})
    return [s for s in refused.open_sections(draft, head.live) if s in mine]


def laid_over(draft: Revision, snapshot: dict, live: dict, wanted: list[str]) -> dict:
    """`snapshot` with the draft's changes in these sections: the partner's fields the draft
    changes (not the others of the section, which someone may have changed since), whole
    services, whole hours."""
    new = copy.deepcopy(snapshot)
    changed = {entry["field"] for entry in refused.changes_of(draft, live, wanted)}
    for name in new["partner"]:
        if name in changed:
            new["partner"][name] = copy.deepcopy(draft.snapshot["partner"].get(name))
    whole = [s for s in wanted if sections.service_key(s) is not None or s in sections.LISTS]
    return sections.merge(new, draft.snapshot, whole)


def _why(draft: Revision) -> str:
    return str(label(REJECTION_REASONS, draft.reason)) if draft.reason else ""


def note(draft: Revision, live: dict, wanted: list[str]) -> Note:
    """What a form page says about the refused text it was filled with."""
    return Note(_why(draft), draft.message, presenters.changes(refused.changes_of(draft, live, wanted)))


def _page_of(section: str, slug: str) -> str:
    key = sections.service_key(section)
    if key is not None:
        return url_for("partners.edit_service", slug=slug, key=key)
    if section == sections.HOURS:
        return url_for("partners.weekly_hours", slug=slug)
    if section == sections.CLOSURES:
        return url_for("partners.closures", slug=slug)
    if section == sections.PRO:
        return url_for("partners.pro_info", slug=slug)
    return url_for("partners.presentation", slug=slug)


def overview(draft: Revision | None, slug: str, live: dict) -> Note | None:
    """The draft on the listing's overview, with a link to the form of each refused part;
    None when there is none, or nothing of it differs from the public listing any more."""
    wanted = refused.open_sections(draft, live)
    if not wanted:
        return None
    entries = refused.changes_of(draft, live, wanted)
    names = sections.labels(entries)
    links = [(names.get(section, section), _page_of(section, slug)) for section in wanted]
    return Note(_why(draft), draft.message, presenters.changes(entries), links, draft.created_at)
