"""Revisions made readable: a diff entry as a label and two texts, codes turned into words."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.directory import constants as directory
from portal.directory.models import SubNeed
from portal.extensions import db
from portal.i18n import _
from portal.moderation import places, sections
from portal.moderation.constants import field_label
from portal.moderation.snapshots import SERVICE_FIELDS

# Which vocabulary turns the stored codes of a field into words.
VOCABULARIES = {
    "kind": directory.PARTNER_KINDS,
    "accessibility": directory.ACCESSIBILITY,
    "languages": directory.LANGUAGES,
    "fees": directory.FEES,
    "modes": directory.MODES,
    "access_modes": directory.ACCESS_MODES,
    "audiences": directory.AUDIENCES,
}


@dataclass
class Change:
    """One line of a diff table."""

    label: str
    before: str
    after: str
    # Whether each side is text written by the partner (shown as written, in French), rather
    # than words of the interface (codes turned into labels, "(vide)", "Oui").
    before_written: bool = False
    after_written: bool = False
    # Information the public never sees (sections.PRO): marked wherever a change is shown.
    pro_only: bool = False


def _subneed_labels(diff: list[dict]) -> dict[str, str]:
    slugs: set[str] = set()
    for entry in diff:
        for side in (entry.get("before"), entry.get("after")):
            if entry.get("label_code") == "service.subneeds" and isinstance(side, list):
                slugs.update(side)
            elif entry.get("label_code") == "service.added" and isinstance(side, dict):
                slugs.update(side.get("subneeds") or [])
    if not slugs:
        return {}
    rows = db.session.execute(select(SubNeed.slug, SubNeed.label).where(SubNeed.slug.in_(slugs))).all()
    return dict(rows)


def _field_name(entry: dict) -> str:
    return entry.get("label_code", "").removeprefix("service.")


def _text(name: str, value, subneeds: dict[str, str]) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return _("(vide)")
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    if name == "status":
        return _("En ligne") if value == directory.PUBLISHED else _("Archivé")
    if name == "subneeds":
        return ", ".join(subneeds.get(v, v) for v in value)
    if name == "place":
        return places.place_text(value) or _("À l'adresse du lieu")
    if name == "stops":
        return "\n".join(places.stop_text(stop) for stop in value)
    vocabulary = VOCABULARIES.get(name)
    if isinstance(value, list):
        return ", ".join(directory.label(vocabulary, v) if vocabulary else str(v) for v in value)
    return directory.label(vocabulary, value) if vocabulary else str(value)


def _written(name: str, value) -> bool:
    """Whether _text() shows `value` as the partner wrote it."""
    if value is None or value == "" or value == [] or isinstance(value, bool):
        return False
    if name == "place" and not places.place_text(value):
        return False
    return name not in ("status", "subneeds") and name not in VOCABULARIES


def _new_service_text(fields: dict, subneeds: dict[str, str]) -> str:
    labels = {"name": _("Nom"), "description": _("Description"), "subneeds": _("Besoins"),
              "audiences": _("Publics"), "fees": _("Prix"), "fees_detail": _("Précisions sur le prix"),
              "modes": _("Où"), "access_modes": _("Comment y accéder"), "documents": _("À apporter"),
              "languages": _("Langues"), "status": _("État"),
              "accepts_orientations": _("Accepte les demandes d'orientation")}
    lines = [f"{labels[name]} : {_text(name, fields.get(name), subneeds)}"
             for name in SERVICE_FIELDS if fields.get(name) not in (None, "", [], False)]
    if places.place_text(fields.get("place") or {}):
        lines.append(f"{_('Lieu')} : {places.place_text(fields['place'])}")
    lines += [f"{_('Passage')} : {places.stop_text(stop)}" for stop in fields.get("stops") or []]
    return "\n".join(lines)


def changes(diff: list[dict]) -> list[Change]:
    """The rows of a revision's diff table, in the order the diff lists them."""
    subneeds = _subneed_labels(diff)
    rows = []
    for entry in diff:
        name = _field_name(entry)
        if entry.get("label_code") == "service.added":
            after = _new_service_text(entry.get("after") or {}, subneeds)
            rows.append(Change(field_label(entry), _("(nouveau)"), after))
            continue
        before, after = entry.get("before"), entry.get("after")
        rows.append(Change(field_label(entry), _text(name, before, subneeds), _text(name, after, subneeds),
                           _written(name, before), _written(name, after),
                           sections.pro_only(sections.section_of(entry))))
    return rows


@dataclass
class Part:
    """One section of a revision (sections.py): its name, its rows, whether it was refused."""

    section: str
    label: str
    changes: list[Change]
    refused: bool = False

    @property
    def pro_only(self) -> bool:
        """Whether this part is seen by signed-in professionals only."""
        return sections.pro_only(self.section)


def parts(diff: list[dict], refused: list[str] | None = None) -> list[Part]:
    """The diff table of a revision cut into its sections, in reading order."""
    names = sections.labels(diff)
    return [Part(section, text, changes(sections.entries_of(diff, section)), section in (refused or []))
            for section, text in names.items()]
