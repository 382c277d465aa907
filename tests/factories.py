"""Small factories for test data; each returns a flushed model with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date, time

from sqlalchemy import select

from portal.directory.models import OpeningSlot, Partner, Quartier, Service, SubNeed
from portal.directory.operations import place_partner
from portal.extensions import db
from portal.workshops.models import Workshop

_counter = itertools.count(1)

# A point in Wazemmes (Marché de Wazemmes, place de la Nouvelle Aventure).
WAZEMMES = (50.6257, 3.0483)


def quartier(slug: str) -> Quartier:
    return db.session.scalars(select(Quartier).where(Quartier.slug == slug)).one()


def subneed(slug: str) -> SubNeed:
    return db.session.scalars(select(SubNeed).where(SubNeed.slug == slug)).one()


def make_partner(*, at: tuple[float, float] = WAZEMMES, weekly=None, **fields) -> Partner:
    """A published partner placed at `at`, open Monday–Friday 9:00–17:00 unless told otherwise."""
    n = next(_counter)
    values = {
        "slug": f"partenaire-{n}",
        "name": f"Partenaire {n}",
        "kind": "association",
        "address": "10 rue Gambetta",
        "postcode": "59000",
        "city": "Lille",
        "status": "published",
        "source": "manual",
    }
    values.update(fields)
    partner = Partner(**values)
    place_partner(partner, *at)
    if weekly is None:
        weekly = [(day, time(9), time(17)) for day in range(5)]
    partner.slots = [OpeningSlot(weekday=d, opens=o, closes=c) for d, o, c in weekly]
    db.session.add(partner)
    db.session.flush()
    return partner


def make_service(partner: Partner, subneeds: list[SubNeed], **fields) -> Service:
    """A published, free, walk-in service of a partner for the given sub-needs."""
    values = {
        "name": f"Service {next(_counter)}",
        "description": "Accueil et accompagnement.",
        "fees": "gratuit",
        "modes": ["en-presentiel"],
        "access_modes": ["sans-rdv"],
        "audiences": ["tous-publics"],
        "status": "published",
    }
    values.update(fields)
    service = Service(partner=partner, subneeds=list(subneeds), **values)
    db.session.add(service)
    db.session.flush()
    return service


# Accounts ---------------------------------------------------------------------------------

PASSWORD = "une phrase de passe assez longue"


def make_workshop(partner: Partner | None, *, subneeds=(), **fields) -> Workshop:
    """A published, free, walk-in beginners' workshop at the partner's address, on one date
    (the first Tuesday of January 2027, 14:00–16:00) unless told otherwise."""
    n = next(_counter)
    values = {
        "slug": f"atelier-{n}",
        "title": f"Atelier {n}",
        "description": "Apprendre à se servir de son smartphone.",
        "level": "debutant",
        "first_day": date(2027, 1, 5),
        "starts": time(14),
        "ends": time(16),
        "frequency": "once",
        "place_kind": "partner" if partner is not None else "online",
        "online_url": "" if partner is not None else "https://visio.exemple.fr/atelier",
        "organiser": "" if partner is not None else "CCAS de Lille",
        "registration": "walk-in",
        "status": "published",
        "reviewed": True,
    }
    values.update(fields)
    workshop = Workshop(partner=partner, subneeds=list(subneeds), **values)
    db.session.add(workshop)
    db.session.flush()
    return workshop


def make_user(role: str = "partner", *, partners=None, password: str | None = PASSWORD, **fields):
    """An active account with a known password; a partner member gets a new partner if none given."""
    from portal.accounts.models import User

    if role == "partner" and partners is None:
        partners = [make_partner()]
    user = User(email=fields.pop("email", f"personne{next(_counter)}@exemple.fr"), role=role,
                partners=list(partners or []), **fields)
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def login(client, user, password: str = PASSWORD):
    """Log `user` in through the login form; returns the response (a redirect when it worked)."""
    return client.post("/connexion", data={"email": user.email, "password": password})
