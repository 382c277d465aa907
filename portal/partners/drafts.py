"""Building the partner's next version of its listing from what it typed.

Each `with_*` function takes a snapshot (see portal.moderation.snapshots) and a validated form,
and returns a NEW snapshot with that part replaced; the edit round trip (editing.py) then hands
it to `moderation.operations.propose_change`. The `*_data` functions fill a form from a snapshot.
Nothing here writes to the database.
Nothing here reads an id from a form: services are found by their key in the snapshot of the
partner named in the URL, exceptions and closures by their position in it.
"""

from __future__ import annotations

import copy

from portal.directory.constants import ARCHIVED, PUBLISHED
from portal.moderation.snapshots import hm
from portal.partners import places
from portal.partners.text import clean_presentation

PRESENTATION_FIELDS = ("presentation", "phone", "email", "website", "address", "address_extra",
                       "postcode", "city", "accessibility", "accessibility_note", "languages")
# What the partner writes for signed-in professionals only (sections.PRO).
PRO_FIELDS = ("pro_phone", "pro_contact", "pro_email", "pro_procedure", "pro_documents")
# The reception modes are set with where the service is given (see places.py).
SERVICE_FORM_FIELDS = ("name", "description", "subneeds", "audiences", "fees", "fees_detail",
                       "access_modes", "documents", "languages", "accepts_orientations")


def presentation_data(snapshot: dict) -> dict:
    """Values of the presentation form, from a snapshot."""
    return {name: copy.deepcopy(snapshot["partner"].get(name)) for name in PRESENTATION_FIELDS}


def with_presentation(snapshot: dict, form) -> dict:
    """The snapshot with the presentation, contacts and address typed in the form."""
    new = copy.deepcopy(snapshot)
    for name in PRESENTATION_FIELDS:
        value = getattr(form, name).data
        new["partner"][name] = value if value is not None else ""
    # An untouched text is kept as it is, so that saving without a change changes nothing.
    typed = form.presentation.data or ""
    before = snapshot["partner"].get("presentation") or ""
    if clean_presentation(typed) != clean_presentation(before):
        new["partner"]["presentation"] = clean_presentation(typed)
    else:
        new["partner"]["presentation"] = before
    new["partner"]["languages"] = _unique(form.languages.data)
    return new


def pro_data(snapshot: dict, live: dict) -> dict:
    """Values of the "for professionals" form, from a snapshot (a field a snapshot stored
    before it existed is read from the public listing `live`)."""
    mine = snapshot["partner"]
    return {name: mine[name] if name in mine else live["partner"].get(name, "") for name in PRO_FIELDS}


def with_pro(snapshot: dict, form) -> dict:
    """The snapshot with what the partner wrote for professionals."""
    new = copy.deepcopy(snapshot)
    for name in PRO_FIELDS:
        new["partner"][name] = getattr(form, name).data or ""
    return new


def _unique(values) -> list:
    """A multiple choice as a list, each choice once (a request may repeat one at will)."""
    return list(dict.fromkeys(values or []))


def find_service(snapshot: dict, key: str) -> dict | None:
    """The service of that key in this snapshot, or None."""
    return next((s for s in snapshot["services"] if s["key"] == key), None)


def service_data(snapshot: dict, key: str | None) -> dict:
    """Values of the service form: the service of that key, or defaults for a new one."""
    service = find_service(snapshot, key) if key else None
    if service is None:
        return {"fees": "gratuit", "audiences": ["tous-publics"],
                **places.form_values(None)}
    values = {name: copy.deepcopy(service.get(name)) for name in SERVICE_FORM_FIELDS}
    values["accepts_orientations"] = bool(values["accepts_orientations"])
    return {**values, **places.form_values(service)}


def _new_key(snapshot: dict) -> str:
    used = {s["key"] for s in snapshot["services"]}
    n = 1
    while f"n{n}" in used:
        n += 1
    return f"n{n}"


def with_service(snapshot: dict, key: str | None, form, located: places.Located | None = None) -> dict:
    """The snapshot with service `key` changed, or a new published service when key is None;
    `located` is where it is given (places.locate), if the form says."""
    new = copy.deepcopy(snapshot)
    if key is None:
        service = {"key": _new_key(new), "id": None, "status": PUBLISHED}
        new["services"].append(service)
    else:
        service = find_service(new, key)
        if service is None:
            raise KeyError(key)
    for name in SERVICE_FORM_FIELDS:
        value = getattr(form, name).data
        if isinstance(value, list) or name == "subneeds":
            service[name] = _unique(value)
        elif name == "accepts_orientations":
            service[name] = bool(value)
        else:
            service[name] = value if value is not None else ""
    if located is not None:
        places.write(service, form, located)
    return new


def with_service_status(snapshot: dict, key: str, archived: bool) -> dict:
    """The snapshot with service `key` archived or back online (KeyError if none)."""
    new = copy.deepcopy(snapshot)
    service = find_service(new, key)
    if service is None:
        raise KeyError(key)
    service["status"] = ARCHIVED if archived else PUBLISHED
    return new


def weekly_data(snapshot: dict, per_day: int) -> dict:
    """Values of the weekly grid, `per_day` intervals a day; "after midnight" ticked where needed."""
    days = []
    for weekday in range(7):
        intervals = [
            {"opens": s["opens"], "closes": s["closes"],
             "overnight": s["closes"] != "00:00" and s["closes"] <= s["opens"]}
            for s in snapshot["slots"] if s["weekday"] == weekday
        ]
        intervals += [{"opens": "", "closes": "", "overnight": False}] * (per_day - len(intervals))
        # A day without hours is closed already: the box is for closing a day that has some.
        days.append({"closed": False, "intervals": intervals})
    return {"days": days, "closed_on_public_holidays": snapshot["partner"]["closed_on_public_holidays"]}


def with_weekly(snapshot: dict, form) -> dict:
    """The snapshot with the weekly slots of the grid (empty intervals and the intervals of a
    day ticked "closed" are dropped)."""
    new = copy.deepcopy(snapshot)
    slots = []
    for weekday, day in enumerate(form.days):
        if day.form.closed.data:
            continue
        for entry in day.form.intervals:
            opens, closes = entry.form.opens.parsed, entry.form.closes.parsed
            if opens is not None and closes is not None:
                slots.append({"weekday": weekday, "opens": hm(opens), "closes": hm(closes)})
    new["slots"] = sorted(slots, key=lambda s: (s["weekday"], s["opens"]))
    new["partner"]["closed_on_public_holidays"] = bool(form.closed_on_public_holidays.data)
    return new


def with_exception(snapshot: dict, form) -> dict:
    """Add a dated exception; a new one for a date replaces the earlier one of that date."""
    new = copy.deepcopy(snapshot)
    day = form.day.parsed.isoformat()
    closed = bool(form.closed.data)
    entry = {"day": day, "opens": None if closed else hm(form.opens.parsed),
             "closes": None if closed else hm(form.closes.parsed), "label": form.label.data or ""}
    kept = [e for e in new["exceptions"] if e["day"] != day]
    new["exceptions"] = sorted([*kept, entry], key=lambda e: (e["day"], e["opens"] or ""))
    return new


def with_closure(snapshot: dict, form) -> dict:
    """The snapshot with one more temporary closure."""
    new = copy.deepcopy(snapshot)
    entry = {"start": form.start.parsed.isoformat(), "end": form.end.parsed.isoformat(),
             "message": form.message.data or ""}
    new["closures"] = sorted([*new["closures"], entry], key=lambda c: c["start"])
    return new


def without(snapshot: dict, part: str, index: int) -> dict:
    """The snapshot without the exception or closure at `index` (IndexError if none there)."""
    new = copy.deepcopy(snapshot)
    if not 0 <= index < len(new[part]):
        raise IndexError(index)
    del new[part][index]
    return new
