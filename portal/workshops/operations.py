"""Every write of the workshops: publish, propose a change, review, mark dates, cancel, withdraw.

Operations flush; the view commits. Moderation is the listing's: a trusted partner's workshop
is published at once (still shown to the moderators, `reviewed` False); another partner's new
workshop waits (`pending`), and a change of its published workshop waits in `proposal` (the
values below, JSON-safe) while residents keep seeing the published ones. A date's state, a
cancellation and a withdrawal are published at once, whoever the partner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select

from portal.accounts.constants import ADMIN
from portal.db import utcnow
from portal.directory import geo, geocoding
from portal.directory.models import Partner, SubNeed
from portal.directory.text import slugify
from portal.extensions import db
from portal.i18n import _
from portal.workshops import constants as wc
from portal.workshops.models import Workshop, WorkshopDate

# The keys of a workshop's values, in the order the review shows them.
FIELDS = ("title", "description", "subneeds", "level", "audience", "organiser", "first_day", "starts",
          "ends", "frequency", "until", "skip_school_holidays", "exceptions", "place_kind",
          "place_name", "address", "postcode", "city", "latitude", "longitude", "quartier_id",
          "online_url", "is_free", "price", "registration", "registration_contact", "capacity", "full")


def _hm(moment: time | None) -> str | None:
    return moment.strftime("%H:%M") if moment is not None else None


def values_of(workshop: Workshop) -> dict:
    """A workshop's values as stored (JSON-safe): what a proposal is compared with."""
    return {
        "title": workshop.title, "description": workshop.description,
        "subneeds": [s.slug for s in workshop.subneeds], "level": workshop.level,
        "audience": workshop.audience, "organiser": workshop.organiser,
        "first_day": workshop.first_day.isoformat(), "starts": _hm(workshop.starts),
        "ends": _hm(workshop.ends), "frequency": workshop.frequency,
        "until": workshop.until.isoformat() if workshop.until else None,
        "skip_school_holidays": workshop.skip_school_holidays,
        "exceptions": sorted(workshop.exceptions or []), "place_kind": workshop.place_kind,
        "place_name": workshop.place_name, "address": workshop.address, "postcode": workshop.postcode,
        "city": workshop.city, "latitude": workshop.latitude, "longitude": workshop.longitude,
        "quartier_id": workshop.quartier_id, "online_url": workshop.online_url,
        "is_free": workshop.is_free, "price": workshop.price, "registration": workshop.registration,
        "registration_contact": workshop.registration_contact, "capacity": workshop.capacity,
        "full": workshop.full,
    }


def values_from(form) -> dict:
    """The values a valid form describes (coordinates are added by `locate`)."""
    recurring = form.frequency.data != wc.ONCE
    kind = form.place_kind.data
    elsewhere = kind == wc.ELSEWHERE
    return {
        "title": form.title.data, "description": form.description.data,
        "subneeds": list(form.subneeds.data or []), "level": form.level.data,
        "audience": form.audience.data or "",
        "organiser": form.organiser.data if hasattr(form, "organiser") else "",
        "first_day": form.first_day.parsed.isoformat(), "starts": _hm(form.starts.parsed),
        "ends": _hm(form.ends.parsed), "frequency": form.frequency.data,
        "until": form.until.parsed.isoformat() if recurring else None,
        "skip_school_holidays": bool(form.skip_school_holidays.data) and recurring,
        "exceptions": sorted({d.isoformat() for d in form.exception_days}) if recurring else [],
        "place_kind": kind,
        "place_name": form.place_name.data or "" if elsewhere else "",
        "address": form.address.data or "" if elsewhere else "",
        "postcode": form.postcode.data or "" if elsewhere else "",
        "city": form.city.data or "" if elsewhere else "",
        "latitude": None, "longitude": None, "quartier_id": None,
        "online_url": form.online_url.data or "" if kind == wc.ONLINE else "",
        "is_free": form.fees.data != "paid", "price": "" if form.fees.data != "paid" else form.price.data,
        "registration": form.registration.data,
        "registration_contact": ("" if form.registration.data == wc.WALK_IN
                                 else form.registration_contact.data),
        "capacity": int(form.capacity.data) if form.capacity.data else None,
        "full": bool(form.full.data),
    }


def form_data(values: dict) -> dict:
    """What to fill the form with from stored values."""
    def day(text):
        return date.fromisoformat(text).strftime("%d/%m/%Y") if text else ""

    return {
        **{k: values.get(k) for k in ("title", "description", "subneeds", "level", "audience",
                                      "organiser", "starts", "ends", "frequency", "skip_school_holidays",
                                      "place_kind", "place_name", "address", "postcode", "city",
                                      "online_url", "price", "registration", "registration_contact",
                                      "full")},
        # Date inputs take ISO dates; the exceptions are read by people: dd/mm/yyyy.
        "first_day": values.get("first_day") or "", "until": values.get("until") or "",
        "exceptions": "\n".join(day(d) for d in values.get("exceptions") or []),
        "fees": "free" if values.get("is_free", True) else "paid",
        "capacity": str(values["capacity"]) if values.get("capacity") else "",
    }


@dataclass
class Located:
    """The point of the address, or why there is none (said next to the address)."""

    problem: str = ""


def locate(values: dict, before: dict | None, accept_unlocated: bool) -> Located:
    """Put the typed address on the map (in `values`); an address already known keeps its point."""
    if values["place_kind"] != wc.ELSEWHERE:
        return Located()
    key = ("address", "postcode", "city")
    if before and all(before.get(k) == values[k] for k in key) and before.get("latitude") is not None:
        values.update(latitude=before["latitude"], longitude=before["longitude"],
                      quartier_id=before.get("quartier_id"))
        return Located()
    try:
        found = geocoding.geocode(f"{values['address']} {values['postcode']} {values['city']}")
    except geocoding.GeocoderUnavailable:
        problem = _("Le service qui situe les adresses sur la carte ne répond pas pour le moment. "
                    "Votre saisie est gardée : réessayez plus tard, ou enregistrez l'adresse sans "
                    "position sur la carte.")
        return Located("" if accept_unlocated else problem)
    if found is None:
        problem = _("Cette adresse est introuvable : vérifiez-la (numéro, rue, code postal), ou "
                    "enregistrez-la sans position sur la carte.")
        return Located("" if accept_unlocated else problem)
    values.update(latitude=found.latitude, longitude=found.longitude,
                  quartier_id=geo.quartier_id_at(found.latitude, found.longitude))
    return Located()


def _apply(workshop: Workshop, values: dict) -> None:
    for key in FIELDS:
        value = values[key]
        if key == "subneeds":
            slugs = list(value)
            found = db.session.scalars(select(SubNeed).where(SubNeed.slug.in_(slugs))).all() if slugs else []
            workshop.subneeds = sorted(found, key=lambda s: (s.need_id, s.position))
        elif key in ("first_day", "until"):
            setattr(workshop, key, date.fromisoformat(value) if value else None)
        elif key in ("starts", "ends"):
            setattr(workshop, key, time.fromisoformat(value))
        else:
            setattr(workshop, key, value)


def unique_slug(title: str, workshop_id: int | None = None) -> str:
    """A slug from the title, numbered when taken."""
    base = slugify(title, 140) or "atelier"
    slug, n = base, 1
    while db.session.scalar(select(Workshop.id).where(Workshop.slug == slug,
                                                      Workshop.id != (workshop_id or -1))) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _publishes_at_once(user, partner: Partner | None) -> bool:
    return user.role == ADMIN or (partner is not None and partner.is_trusted)


def create(partner: Partner | None, values: dict, user) -> Workshop:
    """A new workshop: published at once for an administrator or a trusted partner, else pending."""
    workshop = Workshop(partner=partner, slug=unique_slug(values["title"]), created_by_id=user.id)
    _apply(workshop, values)
    admin = user.role == ADMIN
    workshop.status = wc.PUBLISHED if _publishes_at_once(user, partner) else wc.PENDING
    workshop.reviewed = admin
    if admin:
        workshop.reviewed_by_id, workshop.reviewed_at = user.id, utcnow()
    db.session.add(workshop)
    db.session.flush()
    return workshop


def update(workshop: Workshop, values: dict, user) -> str:
    """Save a change: applied at once, or kept as a proposal. Returns the new status in words
    for the flash: "published", "pending" or "proposal"."""
    at_once = _publishes_at_once(user, workshop.partner)
    if at_once or workshop.status in (wc.PENDING, wc.REJECTED, wc.WITHDRAWN):
        _apply(workshop, values)
        workshop.proposal = None
        workshop.status = wc.PUBLISHED if at_once else wc.PENDING
        workshop.reviewed = user.role == ADMIN
        workshop.review_message = ""
        db.session.flush()
        return "published" if at_once else "pending"
    workshop.proposal = None if values == values_of(workshop) else values
    workshop.review_message = ""
    db.session.flush()
    return "proposal" if workshop.proposal else "unchanged"


def approve(workshop: Workshop, admin) -> None:
    """Publish a pending workshop or apply its proposal; the moderators have seen it."""
    if workshop.proposal:
        _apply(workshop, workshop.proposal)
        workshop.proposal = None
    if workshop.status in (wc.PENDING, wc.REJECTED):
        workshop.status = wc.PUBLISHED
    workshop.reviewed, workshop.reviewed_by_id, workshop.reviewed_at = True, admin.id, utcnow()
    workshop.review_message = ""
    db.session.flush()


def refuse(workshop: Workshop, admin, reason: str) -> None:
    """Refuse with a reason: a proposal is dropped (the published version stays), a new
    workshop is rejected. The partner reads the reason on its list."""
    if workshop.proposal:
        workshop.proposal = None
    elif workshop.status == wc.PENDING:
        workshop.status = wc.REJECTED
    workshop.reviewed, workshop.reviewed_by_id, workshop.reviewed_at = True, admin.id, utcnow()
    workshop.review_message = reason
    db.session.flush()


def set_date_state(workshop: Workshop, day: date, state: str | None, note: str = "") -> None:
    """Cancel one date, mark it full, or put it back to normal: published at once."""
    current = workshop.state_on(day)
    if state is None:
        if current is not None:
            workshop.dates.remove(current)
    elif current is None:
        workshop.dates.append(WorkshopDate(day=day, state=state, note=note))
    else:
        current.state, current.note = state, note
    db.session.flush()


def cancel(workshop: Workshop, reason: str) -> None:
    """Cancel the whole workshop, at once: its sessions show as cancelled, with the reason."""
    workshop.cancelled, workshop.cancel_reason = True, reason
    db.session.flush()


def withdraw(workshop: Workshop) -> None:
    """Take the workshop down: residents no longer see it; it is kept for the history."""
    workshop.status = wc.WITHDRAWN
    workshop.proposal = None
    db.session.flush()
