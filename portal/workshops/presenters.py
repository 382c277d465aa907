"""Workshops in plain words, for every page that shows them.

Stable names, imported by other pages (planning, partner space, diagnostic):

- ``clock(t)``: "14 h", "14 h 30" in French (with no-break spaces); the locale's short time elsewhere.
- ``time_range(session)``: "14 h – 16 h".
- ``day_text(day, today=None)``: "mardi 12 janvier" (the year added when it is not this year's).
- ``session_when(session, today=None)``: "mardi 12 janvier, 14 h – 16 h".
- ``rhythm(workshop)``: "Chaque mardi de 14 h à 16 h, jusqu'au 30 juin, sauf vacances scolaires".
- ``registration(workshop)``: a ``Registration`` (sentence, link, link text) to say how to register.
- ``place_text(workshop)``: "Centre social, 2 rue de Fives, 59800 Lille" or "En ligne".
- ``state_text(session)``: "Annulé", "Complet" or "".
- ``level_label(code)``, ``price_text(workshop)``: "Débutant", "Gratuit" / the price.
- ``where_short(workshop)``: "Centre social Marcel Pagnol (Lille-Sud)" or "En ligne".
- ``by_day(sessions)``: [(day, [sessions…]), …] in the sessions' order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from itertools import groupby

from babel.dates import format_date, format_time
from flask_babel import get_locale

from portal.i18n import _
from portal.workshops.constants import (
    BY_EMAIL,
    BY_LINK,
    BY_PHONE,
    FORTNIGHTLY,
    LEVELS,
    MONTHLY,
    ONCE,
    REGISTRATIONS,
    WALK_IN,
    WEEKLY,
)


def _locale() -> str:
    return str(get_locale() or "fr")


def clock(moment: time) -> str:
    """A time of day: "14 h" or "14 h 30" in French, the locale's short form elsewhere."""
    locale = _locale()
    if locale.startswith("fr"):
        # No-break spaces, as French typography wants: "11 h 30" never splits across lines.
        hour = f"{moment.hour}\u00a0h"
        return hour if not moment.minute else f"{hour}\u00a0{moment.minute:02d}"
    return format_time(moment, "short", locale=locale)


def time_range(session) -> str:
    """"14 h – 16 h" for a session (or anything with starts_at / ends_at)."""
    return f"{clock(session.starts_at.time())} – {clock(session.ends_at.time())}"


def day_text(day: date, today: date | None = None) -> str:
    """"mardi 12 janvier", with the year when it is not the current one."""
    pattern = "EEEE d MMMM" if today is None or day.year == today.year else "EEEE d MMMM y"
    return format_date(day, pattern, locale=_locale())


def session_when(session, today: date | None = None) -> str:
    """"mardi 12 janvier, 14 h – 16 h"."""
    return f"{day_text(session.day, today)}, {time_range(session)}"


def state_text(session) -> str:
    """What residents must see first about a session: cancelled or full, in words."""
    if session.cancelled:
        return _("Annulé")
    if session.full:
        return _("Complet")
    return ""


def _nth(day: date) -> int:
    """1 to 4 for the 1st to 4th such weekday of the month; 5 means the last one."""
    return (day.day - 1) // 7 + 1


def rhythm(workshop, today: date | None = None) -> str:
    """When the workshop takes place, in one sentence (its first date said when still to come)."""
    locale = _locale()
    weekday = format_date(workshop.first_day, "EEEE", locale=locale)
    hours = {"start": clock(workshop.starts), "end": clock(workshop.ends)}
    if workshop.frequency == ONCE or workshop.until is None:
        return _("Le %(day)s, de %(start)s à %(end)s",
                 day=format_date(workshop.first_day, "EEEE d MMMM y", locale=locale), **hours)
    if workshop.frequency == WEEKLY:
        text = _("Chaque %(weekday)s de %(start)s à %(end)s", weekday=weekday, **hours)
    elif workshop.frequency == FORTNIGHTLY:
        text = _("Un %(weekday)s sur deux de %(start)s à %(end)s", weekday=weekday, **hours)
    elif workshop.frequency == MONTHLY:
        nth = _nth(workshop.first_day)
        ordinals = {1: _("Le premier"), 2: _("Le deuxième"), 3: _("Le troisième"),
                    4: _("Le quatrième"), 5: _("Le dernier")}
        text = _("%(which)s %(weekday)s du mois de %(start)s à %(end)s",
                 which=ordinals[nth], weekday=weekday, **hours)
    else:
        text = _("De %(start)s à %(end)s", **hours)
    last = format_date(workshop.until, "d MMMM y", locale=locale)
    if today is not None and workshop.first_day > today:
        text += ", " + _("du %(first)s au %(last)s", last=last,
                         first=format_date(workshop.first_day, "d MMMM", locale=locale))
    else:
        text += ", " + _("jusqu'au %(last)s", last=last)
    if workshop.skip_school_holidays:
        text += ", " + _("sauf pendant les vacances scolaires")
    return text


@dataclass(frozen=True)
class Registration:
    """How to register: a sentence, the link to act on it (empty for walk-in), the contact shown
    as the link's text, and the words of a big button doing it ("Appeler pour s'inscrire")."""

    text: str
    href: str = ""
    link_text: str = ""
    action: str = ""


def registration(workshop) -> Registration:
    """"Inscription par téléphone : 03 20 …" with a tel:, mailto: or web link."""
    contact = (workshop.registration_contact or "").strip()
    if workshop.registration == WALK_IN or not contact:
        if workshop.registration == WALK_IN:
            return Registration(_("Sans inscription : venez directement."))
        return Registration(str(REGISTRATIONS.get(workshop.registration, "")))
    if workshop.registration == BY_PHONE:
        digits = "".join(ch for ch in contact if ch.isdigit() or ch == "+")
        return Registration(_("Inscription par téléphone :"), f"tel:{digits}", contact,
                            _("Appeler pour s'inscrire"))
    if workshop.registration == BY_EMAIL:
        return Registration(_("Inscription par e-mail :"), f"mailto:{contact}", contact,
                            _("Écrire pour s'inscrire"))
    if workshop.registration == BY_LINK:
        href = contact if contact.startswith(("https://", "http://")) else ""
        if not href:
            return Registration(_("Inscription en ligne :"), "", contact)
        return Registration(_("Inscription en ligne, sur le site de l'organisateur."), href, "",
                            _("S'inscrire en ligne"))
    return Registration(str(REGISTRATIONS.get(workshop.registration, "")))


def place_text(workshop) -> str:
    """Where, in one line: name and address, or "En ligne"."""
    if workshop.is_online:
        return _("En ligne")
    where = workshop.where
    parts = [where["name"], where["address"], f"{where['postcode']} {where['city']}".strip()]
    return ", ".join(p for p in parts if p)


def level_label(code: str) -> str:
    """The level in words ("Débutant")."""
    return str(LEVELS.get(code, code))


def price_text(workshop) -> str:
    """"Gratuit", or the price as the partner wrote it."""
    if workshop.is_free:
        return _("Gratuit")
    return workshop.price or _("Payant")


def where_short(workshop) -> str:
    """The place's name and quartier for a list, or "En ligne"."""
    if workshop.is_online:
        return _("En ligne")
    where = workshop.where
    name = where["name"] or where["address"]
    if where["quartier"] is not None:
        return f"{name} ({where['quartier'].name})" if name else where["quartier"].name
    return name


def by_day(sessions) -> list[tuple[date, list]]:
    """Sessions grouped by day, keeping their order."""
    return [(day, list(group)) for day, group in groupby(sessions, key=lambda s: s.day)]
