""""Ma sélection": the places a professional gathers for one person, kept in the browser session.

Nothing about the person is stored: the session cookie holds, in order, which place (a partner,
and optionally one of its services) and the professional's short note for it. The list is
small (MAX_ITEMS) so that the signed cookie stays well under browsers' 4 KB.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import session

from portal.directory.models import Partner, Service
from portal.extensions import db

SESSION_KEY = "selection"
MAX_ITEMS = 10
NOTE_LENGTH = 200


@dataclass(frozen=True)
class Entry:
    """One place of a selection, read back from the database: what a slip shows."""

    key: str
    partner: Partner
    service: Service | None
    note: str


def key_of(partner_id: int, service_id: int | None) -> str:
    """A selection entry's stable key: "p12" for a place, "s34" for one of its services."""
    return f"s{service_id}" if service_id else f"p{partner_id}"


def raw() -> list[dict]:
    """The stored entries [{"partner": id, "service": id or None, "note": str}], in order;
    anything malformed in the cookie is dropped."""
    held = session.get(SESSION_KEY)
    if not isinstance(held, list):
        return []
    items = []
    for item in held[:MAX_ITEMS]:
        if not isinstance(item, dict) or not isinstance(item.get("partner"), int):
            continue
        service = item.get("service")
        note = item.get("note")
        items.append({"partner": item["partner"],
                      "service": service if isinstance(service, int) else None,
                      "note": note[:NOTE_LENGTH] if isinstance(note, str) else ""})
    return items


def _store(items: list[dict]) -> None:
    session[SESSION_KEY] = items


def keys() -> set[str]:
    """The keys in the selection (to show "Dans ma sélection" instead of "Ajouter")."""
    return {key_of(item["partner"], item["service"]) for item in raw()}


def count() -> int:
    return len(raw())


def is_full() -> bool:
    return count() >= MAX_ITEMS


def add(partner_id: int, service_id: int | None = None) -> bool:
    """Add a place (or one of its services) at the end; False when it is already there or the
    selection is full."""
    items = raw()
    key = key_of(partner_id, service_id)
    if len(items) >= MAX_ITEMS or any(key_of(i["partner"], i["service"]) == key for i in items):
        return False
    items.append({"partner": partner_id, "service": service_id, "note": ""})
    _store(items)
    return True


def remove(key: str) -> None:
    """Take an entry out."""
    _store([i for i in raw() if key_of(i["partner"], i["service"]) != key])


def move(key: str, offset: int) -> None:
    """Move an entry up (-1) or down (+1)."""
    items = raw()
    index = next((n for n, i in enumerate(items) if key_of(i["partner"], i["service"]) == key), None)
    if index is None:
        return
    target = max(0, min(len(items) - 1, index + offset))
    items.insert(target, items.pop(index))
    _store(items)


def set_notes(notes: dict[str, str]) -> None:
    """Replace the notes of the entries named by key (other entries keep theirs)."""
    items = raw()
    for item in items:
        key = key_of(item["partner"], item["service"])
        if key in notes:
            item["note"] = (notes[key] or "").strip()[:NOTE_LENGTH]
    _store(items)


def clear() -> None:
    """Empty the selection (the next person)."""
    session.pop(SESSION_KEY, None)


def resolve(items: list[dict]) -> list[Entry]:
    """Entries with their partner and service, in order, keeping only what residents can see
    now (a place unpublished since, or an archived service, drops out)."""
    partner_ids = {i["partner"] for i in items}
    service_ids = {i["service"] for i in items if i["service"]}
    partners = {p.id: p for p in db.session.scalars(
        db.select(Partner).where(Partner.id.in_(partner_ids), Partner.is_published))} if partner_ids else {}
    services = {s.id: s for s in db.session.scalars(
        db.select(Service).where(Service.id.in_(service_ids), Service.is_live))} if service_ids else {}
    entries = []
    for item in items:
        partner = partners.get(item["partner"])
        service = services.get(item["service"]) if item["service"] else None
        if partner is None or (item["service"] and (service is None or service.partner_id != partner.id)):
            continue
        entries.append(Entry(key_of(partner.id, service.id if service else None), partner, service,
                             item.get("note", "")))
    return entries


def entries() -> list[Entry]:
    """The current selection, read back from the database."""
    return resolve(raw())
