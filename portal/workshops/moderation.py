"""What the moderators and the partner read about a workshop's review: its stage in words, and
what a proposal changes, field by field (before → after), with translated labels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from portal.directory.models import SubNeed
from portal.extensions import db
from portal.i18n import _, _l
from portal.workshops import constants as wc
from portal.workshops.constants import PENDING
from portal.workshops.models import Workshop
from portal.workshops.operations import FIELDS, values_of

LABELS = {
    "title": _l("Titre"), "description": _l("Description"), "subneeds": _l("Besoins"),
    "level": _l("Niveau"), "audience": _l("Public"), "organiser": _l("Organisateur"),
    "first_day": _l("Date (ou première date)"), "starts": _l("Heure de début"),
    "ends": _l("Heure de fin"), "frequency": _l("Fréquence"), "until": _l("Jusqu'au"),
    "skip_school_holidays": _l("Pas pendant les vacances scolaires"),
    "exceptions": _l("Dates où l'atelier n'a pas lieu"), "place_kind": _l("Lieu"),
    "place_name": _l("Nom du lieu"), "address": _l("Adresse"), "postcode": _l("Code postal"),
    "city": _l("Commune"), "online_url": _l("Lien de la séance en ligne"), "is_free": _l("Gratuit"),
    "price": _l("Prix à payer"), "registration": _l("Inscription"),
    "registration_contact": _l("Téléphone, e-mail ou lien pour s'inscrire"),
    "capacity": _l("Nombre de places"), "full": _l("Complet"),
}
CODES = {"level": wc.LEVELS, "frequency": wc.FREQUENCIES, "place_kind": wc.PLACES,
         "registration": wc.REGISTRATIONS}
HIDDEN = {"latitude", "longitude", "quartier_id"}  # follow the address; not typed


@dataclass(frozen=True)
class Change:
    """One field of a proposal: its label, the published value and the proposed one, in words."""

    label: str
    before: str
    after: str


def _day(text: str | None) -> str:
    return date.fromisoformat(text).strftime("%d/%m/%Y") if text else ""


def _text(key: str, value, subneeds: dict[str, str]) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    if key in CODES:
        return str(CODES[key].get(value, value))
    if key in ("first_day", "until"):
        return _day(value)
    if key == "exceptions":
        return ", ".join(_day(d) for d in value)
    if key == "subneeds":
        return ", ".join(subneeds.get(slug, slug) for slug in value)
    return str(value)


def awaiting_review():
    """The condition of a workshop waiting for a moderator: new, or a change to a published one."""
    return or_(Workshop.status == PENDING, Workshop.proposal.is_not(None))


def awaiting_review_count():
    """How many workshops wait for a moderator (the back office's home says it)."""
    return select(func.count()).select_from(Workshop).where(awaiting_review())


def changes(workshop: Workshop) -> list[Change]:
    """What the waiting proposal changes; [] when there is none."""
    if not workshop.proposal:
        return []
    before, after = values_of(workshop), workshop.proposal
    slugs = set(before["subneeds"]) | set(after.get("subneeds") or [])
    subneeds = {slug: _(label) for slug, label in db.session.execute(
        select(SubNeed.slug, SubNeed.label).where(SubNeed.slug.in_(slugs)))} if slugs else {}
    return [Change(str(LABELS[key]), _text(key, before.get(key), subneeds),
                   _text(key, after.get(key), subneeds))
            for key in FIELDS if key not in HIDDEN and before.get(key) != after.get(key)]


def stage(workshop) -> str:
    """Where the workshop is in its review, in words for the partner and the moderators."""
    if workshop.status == wc.PENDING:
        return _("En attente de validation")
    if workshop.status == wc.REJECTED:
        return _("Refusé")
    if workshop.status == wc.WITHDRAWN:
        return _("Retiré")
    if workshop.proposal:
        return _("Publié ; modification en attente de validation")
    if workshop.cancelled:
        return _("Publié ; annulé")
    return _("Publié") if workshop.reviewed else _("Publié, pas encore relu")
