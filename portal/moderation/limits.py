"""What one partner's members may store: how big a listing may grow, how often it may be saved.

Every save of a listing is a revision, so a member (or a stolen account, or a script) saving
without end would grow the database without end. The limits are settings (0: no limit):
PORTAL_MAX_SERVICES_PER_PARTNER (archived services count: they stay in every version),
PORTAL_MAX_DATED_ENTRIES_PER_PARTNER (exceptions, and closures, each), PORTAL_EDITS_PER_HOUR and
PORTAL_EDITS_PER_DAY. Saves are counted from the revisions' dates in the database, so the count
is the same on every server. Administrators and imports (no author) are not limited.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from portal.db import utcnow
from portal.extensions import db
from portal.i18n import _, ngettext
from portal.moderation.constants import CONFIRM, DRAFT, EDIT
from portal.moderation.models import Revision

# The parts of a snapshot a member can add to, and the setting that caps each.
CAPS = {
    "services": "PORTAL_MAX_SERVICES_PER_PARTNER",
    "exceptions": "PORTAL_MAX_DATED_ENTRIES_PER_PARTNER",
    "closures": "PORTAL_MAX_DATED_ENTRIES_PER_PARTNER",
}
# The kinds of revision a member's saves and "up to date" button create.
COUNTED = (EDIT, CONFIRM)


class EditRefused(ValueError):
    """A save refused for a reason the member can act on; the message is shown with the form,
    which keeps what was typed. `status` is the HTTP status of that page."""

    status = 422


class ListingFull(EditRefused):
    """The save would add one more service (or dated entry) than a listing may hold."""


class TooManySaves(EditRefused):
    """The listing was saved too often lately."""

    status = 429


def applies_to(author) -> bool:
    """Whether the limits apply to this author (a member; not an administrator, not an import)."""
    return author is not None and not getattr(author, "is_admin", False)


def _full_message(part: str, cap: int) -> str:
    if part == "services":
        return ngettext(
            "Une fiche compte au plus %(num)d service (archivés compris), le maximum est "
            "atteint. Modifiez un service existant plutôt que d'en ajouter un.",
            "Une fiche compte au plus %(num)d services (archivés compris), le maximum est "
            "atteint. Modifiez un service existant plutôt que d'en ajouter un.", cap)
    if part == "exceptions":
        return ngettext(
            "Une fiche compte au plus %(num)d horaire exceptionnel, le maximum est atteint. "
            "Retirez ceux qui sont passés avant d'en ajouter un.",
            "Une fiche compte au plus %(num)d horaires exceptionnels, le maximum est atteint. "
            "Retirez ceux qui sont passés avant d'en ajouter un.", cap)
    return ngettext(
        "Une fiche compte au plus %(num)d fermeture temporaire, le maximum est atteint. "
        "Retirez celles qui sont passées avant d'en ajouter une.",
        "Une fiche compte au plus %(num)d fermetures temporaires, le maximum est atteint. "
        "Retirez celles qui sont passées avant d'en ajouter une.", cap)


def full(snapshot: dict, part: str) -> str | None:
    """Why nothing more can be added to this part of the listing, or None if there is room."""
    cap = current_app.config.get(CAPS[part], 0)
    if cap and len(snapshot[part]) >= cap:
        return _full_message(part, cap)
    return None


def check_size(before: dict, after: dict) -> None:
    """ListingFull if `after` grows a part past its cap (a listing imported bigger than the
    cap can still be edited, as long as the edit does not make it bigger)."""
    for part, setting in CAPS.items():
        cap = current_app.config.get(setting, 0)
        if cap and len(after[part]) > cap and len(after[part]) > len(before[part]):
            raise ListingFull(_full_message(part, cap))


def check_rate(partner) -> None:
    """TooManySaves if the partner's listing was saved as often as allowed in the last hour
    (PORTAL_EDITS_PER_HOUR) or the last day (PORTAL_EDITS_PER_DAY)."""
    now = utcnow()
    for window, setting in ((timedelta(hours=1), "PORTAL_EDITS_PER_HOUR"),
                            (timedelta(days=1), "PORTAL_EDITS_PER_DAY")):
        allowed = current_app.config.get(setting, 0)
        if not allowed:
            continue
        saves = db.session.scalar(
            select(func.count()).select_from(Revision).where(
                Revision.partner_id == partner.id, Revision.kind.in_(COUNTED),
                # A draft is the team's refusal kept for the partner, not a save of theirs.
                Revision.status != DRAFT, Revision.created_at > now - window)
        )
        if saves >= allowed:
            raise TooManySaves(_(
                "Cette fiche a déjà été enregistrée %(num)d fois en peu de temps, le maximum : "
                "rien n'est enregistré cette fois-ci. Réessayez plus tard.", num=allowed))
