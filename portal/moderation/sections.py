"""The parts of a listing an administrator accepts or refuses one by one.

A revision's diff entries fall into sections: "presentation" (name, kind, presentation,
languages, accessibility), "contacts" (phone, e-mail, website), "address", one
"service:<key>" per service (everything inside it, or the whole new service), "hours" (the
weekly slots, public holidays and dated exceptions), "closures" and "pro" (what the partner
wrote for professionals only: direct line, contact, address for orientation requests,
procedure, documents). `merge` copies chosen
sections of one snapshot onto another: the accepted part of a revision onto the live listing,
or the refused part onto a draft.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

from portal.directory.constants import ARCHIVED
from portal.i18n import _

PRESENTATION = "presentation"
CONTACTS = "contacts"
ADDRESS = "address"
HOURS = "hours"
CLOSURES = "closures"
PRO = "pro"
SERVICE = "service:"

# Partner fields of each section (snapshot["partner"]).
PARTNER_FIELDS = {
    PRESENTATION: ("name", "kind", "presentation", "languages", "accessibility", "accessibility_note"),
    CONTACTS: ("phone", "email", "website"),
    ADDRESS: ("address", "address_extra", "postcode", "city"),
    HOURS: ("closed_on_public_holidays",),
    PRO: ("pro_phone", "pro_contact", "pro_email", "pro_procedure", "pro_documents"),
}
# Parts of a snapshot that are lists of their own.
LISTS = {HOURS: ("slots", "exceptions"), CLOSURES: ("closures",)}
# Dated exceptions this many days ahead (today included) are published without waiting.
URGENT_DAYS = 7
# The order sections are listed in; services come between the address and the hours.
_ORDER = (PRESENTATION, CONTACTS, ADDRESS, SERVICE, HOURS, CLOSURES, PRO)


def section_of(entry: dict) -> str:
    """The section a diff entry (see snapshots.diff_snapshots) belongs to."""
    field = entry.get("field", "")
    if field.startswith("services."):
        return SERVICE + field.split(".")[1]
    if field.startswith("slots.") or field == "exceptions":
        return HOURS
    if field == CLOSURES:
        return CLOSURES
    for section, names in PARTNER_FIELDS.items():
        if field in names:
            return section
    return PRESENTATION  # a field added to snapshots later is decided with the presentation


def _rank(section: str) -> int:
    return _ORDER.index(SERVICE if section.startswith(SERVICE) else section)


def sections_in(diff: list[dict]) -> list[str]:
    """The sections a diff touches, each once, in reading order (services as they come)."""
    found = list(dict.fromkeys(section_of(entry) for entry in diff))
    return sorted(found, key=_rank)  # sorted() is stable: services keep the diff's order


def entries_of(diff: list[dict], section: str) -> list[dict]:
    """The diff entries of one section."""
    return [entry for entry in diff if section_of(entry) == section]


def service_key(section: str) -> str | None:
    """The service key of a "service:<key>" section, else None."""
    return section.removeprefix(SERVICE) if section.startswith(SERVICE) else None


def _service(snapshot: dict, key: str) -> dict | None:
    return next((s for s in snapshot["services"] if s["key"] == key), None)


def label(section: str, snapshot: dict) -> str:
    """The section's name as an administrator or a partner reads it."""
    key = service_key(section)
    if key is not None:
        service = _service(snapshot, key)
        return _("Service « %(name)s »", name=service["name"] if service else key)
    names = {
        PRESENTATION: _("Présentation"),
        CONTACTS: _("Contacts"),
        ADDRESS: _("Adresse"),
        HOURS: _("Horaires"),
        CLOSURES: _("Fermetures temporaires"),
        PRO: _("Pour les professionnels"),
    }
    return names.get(section, section)


def pro_only(section: str) -> bool:
    """Whether the section is seen by signed-in professionals only, never by the public."""
    return section == PRO


def labels(diff: list[dict]) -> dict[str, str]:
    """Each section of a diff with its name, a service named as the diff names it (a new
    service that was refused is in no live listing to look its name up in)."""
    names = dict.fromkeys(sections_in(diff), "")
    for entry in diff:
        section = section_of(entry)
        if not names[section]:
            service = entry.get("service")
            names[section] = (_("Service « %(name)s »", name=service) if service
                              else label(section, {"services": []}))
    return names


def merge(base: dict, source: dict, sections: list[str]) -> dict:
    """A new snapshot: `base` with these sections copied from `source`.

    A service section copies that one service (added at the end if `base` lacks it; archived
    if `source` lacks it, as diff_snapshots reads a missing service).
    """
    new = copy.deepcopy(base)
    for section in sections:
        key = service_key(section)
        if key is not None:
            _merge_service(new, source, key)
            continue
        for name in PARTNER_FIELDS.get(section, ()):
            new["partner"][name] = copy.deepcopy(source["partner"].get(name))
        for part in LISTS.get(section, ()):
            new[part] = copy.deepcopy(source[part])
    return new


def _merge_service(new: dict, source: dict, key: str) -> None:
    wanted = _service(source, key)
    current = _service(new, key)
    if wanted is None:
        if current is not None:
            current["status"] = ARCHIVED
        return
    if current is None:
        new["services"].append(copy.deepcopy(wanted))
    else:
        new["services"][new["services"].index(current)] = copy.deepcopy(wanted)


def urgent(live: dict, snapshot: dict, today: date) -> dict:
    """`live` with the changes of `snapshot` that cannot wait for a review: the temporary
    closures, and the dated exceptions of the coming week (today and the six days after)."""
    last = today + timedelta(days=URGENT_DAYS - 1)

    def soon(exception: dict) -> bool:
        return today <= date.fromisoformat(exception["day"]) <= last

    new = copy.deepcopy(live)
    new["closures"] = copy.deepcopy(snapshot["closures"])
    exceptions = [e for e in live["exceptions"] if not soon(e)]
    exceptions += [e for e in snapshot["exceptions"] if soon(e)]
    new["exceptions"] = copy.deepcopy(sorted(exceptions, key=lambda e: (e["day"], e["opens"] or "")))
    return new
