"""The rows of the open-data files, read from the database: data·inclusion structures and
services (portal/api/data_inclusion.py maps them) and the lieux de médiation numérique
(portal/api/mednum.py).

What is exported is what residents see: published partners (`Partner.is_published`) and live
services (`Service.is_live`), never a professional-only field (`pro_*`,
`accepts_orientations`), `contact_email`, `imported` or `is_trusted`: the mappings are given
the public values by name, nothing else.

Identifiers. A structure's id is `SOURCE--<partner slug>`: the slug never changes once made,
and an import can keep it (it is the id without the `SOURCE--` prefix). A service's id is
`SOURCE--<service database id>`, which never changes either; an import that wants the same ids
on a second export keeps that number as the service's id. Both ids are the same in every
export of the same data.

Rows are generated one by one from queries read in batches (`yield_per`), with the related
rows (hours, stops, sub-needs) loaded by a fixed number of statements per batch: an export of
50,000 services never holds them all in memory. A row the official package refuses is left
out and counted, with its reason, in the `Report` given by the caller (never an error).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.api import data_inclusion
from portal.directory import hours
from portal.directory.models import Partner, Service, SubNeed
from portal.directory.queries import with_hours
from portal.directory.text import slugify
from portal.extensions import db

BATCH = 500
COMMUNES_FILE = (Path(__file__).resolve().parents[2] / "seed" / "data"
                 / "mel_communes_decoupage_administratif.json")


@dataclass
class Report:
    """What an export wrote and what it left out (id and reason), for the command and tests."""

    written: int = 0
    left_out: list[tuple[str, str]] = field(default_factory=list)

    def leave_out(self, key: str, error: Exception | str) -> None:
        self.left_out.append((key, reason(error)))


def reason(error: Exception | str) -> str:
    """A short French reason: the fields the package refused and its messages."""
    if isinstance(error, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'ligne'} : {e['msg']}"
                         for e in error.errors())
    return str(error)


# Queries -------------------------------------------------------------------------------------


def published_partners() -> Select:
    """Every published partner, in slug order, with its hours (fixed number of statements)."""
    return select(Partner).where(Partner.is_published).order_by(Partner.slug).options(*with_hours())


def live_services() -> Select:
    """Every live service, in id order, with its partner, hours, stops and sub-needs."""
    return (
        select(Service)
        .where(Service.is_live)
        .order_by(Service.id)
        .options(joinedload(Service.partner).options(*with_hours()),
                 selectinload(Service.stops), selectinload(Service.subneeds))
    )


def _stream(statement: Select):
    return db.session.scalars(statement.execution_options(yield_per=BATCH))


# Plain values --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _insee_codes() -> tuple[dict[str, str], dict[str, str]]:
    """(postcode → INSEE code, folded name → INSEE code) of the communes of the métropole; a
    postcode shared by two communes is left out of the first table."""
    communes = json.loads(COMMUNES_FILE.read_text(encoding="utf-8"))
    by_postcode: dict[str, set[str]] = {}
    by_name = {}
    names = {c["code"]: _fold(c["nom"]) for c in communes}
    for commune in communes:
        current = commune.get("chefLieu") or commune["code"]  # Lomme, Hellemmes: part of Lille
        name = _fold(commune["nom"])
        by_name[name] = current
        # "Hellemmes-Lille" is written "Hellemmes" in addresses.
        by_name[name.removesuffix("-" + names.get(current, ""))] = current
        for postcode in commune.get("codesPostaux", ()):
            by_postcode.setdefault(postcode, set()).add(current)
    return {p: next(iter(c)) for p, c in by_postcode.items() if len(c) == 1}, by_name


def _fold(name: str) -> str:
    return slugify(name)


def insee_code(postcode: str, city: str) -> str:
    """The INSEE code of the commune (our territory's communes); "" when unknown."""
    by_postcode, by_name = _insee_codes()
    return by_name.get(_fold(city or "")) or by_postcode.get((postcode or "").strip(), "")


def weekly_hours(slots, closed_on_public_holidays: bool) -> str:
    """Weekly slots in OSM `opening_hours` syntax (dated exceptions are not published: they
    are short-lived and the schema's field describes the usual hours)."""
    schedule = hours.Schedule(
        slots=tuple(hours.Slot(s.weekday, s.opens, s.closes) for s in slots),
        closed_on_public_holidays=closed_on_public_holidays,
    )
    return hours.format_osm(schedule)


def updated_on(*stamps: datetime | None):
    """The date of the latest change among technical dates and human confirmations."""
    return max((s for s in stamps if s is not None), default=datetime.min).date()


class Links:
    """The public page of a partner, as an absolute URL, built once (not once per row)."""

    def __init__(self) -> None:
        from portal import mail

        marker = "0slug0"
        self._template = mail.absolute_url("directory.partner", slug=marker).replace(marker, "{}")

    def partner(self, slug: str) -> str:
        return self._template.format(slug)


def structure_values(partner: Partner, links: Links) -> dict:
    """The public values of a partner that `data_inclusion.to_structure` maps."""
    return {
        "partner_key": partner.slug,
        "name": partner.name,
        "updated_on": updated_on(partner.updated_at, partner.last_confirmed_at),
        "description": partner.presentation or "",
        "labels": list(partner.labels or []),
        "kind": partner.kind or "",
        "phone": partner.phone or "",
        "email": partner.email or "",
        "website": partner.website or "",
        # The SIRET is public (the Sirene register) and the key national tools match on.
        "siret": getattr(partner, "siret", "") or "",
        "address": partner.address or "",
        "address_extra": partner.address_extra or "",
        "postcode": partner.postcode or "",
        "city": partner.city or "",
        "insee": insee_code(partner.postcode, partner.city),
        "latitude": partner.latitude,
        "longitude": partner.longitude,
        "opening_hours": weekly_hours(partner.slots, partner.closed_on_public_holidays),
        "link": links.partner(partner.slug),
    }


def service_values(service: Service, links: Links) -> dict:
    """The public values of a live service that `data_inclusion.to_service` maps: its partner's
    phone and e-mail, its first place (its stop, its own place, else its partner's address) and
    its hours (its stops' when they have hours, else its partner's)."""
    partner = service.partner
    thematiques = dict.fromkeys(t for sub in service.subneeds for t in (sub.thematiques or []))
    places = service.places
    place = places[0] if places else None
    timed = [s for s in service.stops if s.weekday is not None and s.opens and s.closes]
    return {
        "partner_key": partner.slug,
        "service_key": str(service.id),
        "name": service.name,
        "description": service.description or "",
        "updated_on": updated_on(service.updated_at, partner.last_confirmed_at),
        "thematiques": list(thematiques),
        "fees": service.fees,
        "fees_detail": service.fees_detail or "",
        "audiences": service.audiences or [],
        "modes": service.modes or [],
        "access_modes": service.access_modes or [],
        "phone": partner.phone or "",
        "email": partner.email or "",
        "address": place.address if place else "",
        # Away from the partner's address, the place's name helps find it.
        "address_extra": ((place.name if service.is_elsewhere else partner.address_extra) or "")
        if place else "",
        "postcode": place.postcode if place else "",
        "city": place.city if place else "",
        "insee": insee_code(place.postcode, place.city) if place else "",
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "opening_hours": weekly_hours(timed or partner.slots, partner.closed_on_public_holidays),
        "conditions": service.documents or "",
        "link": links.partner(partner.slug),
    }


# Rows ----------------------------------------------------------------------------------------


def structure_rows(report: Report | None = None) -> Iterator[dict]:
    """The data·inclusion `Structure` rows of every published partner, validated."""
    report = report if report is not None else Report()
    links = Links()
    for partner in _stream(published_partners()):
        try:
            record = data_inclusion.to_structure(**structure_values(partner, links))
        except ValidationError as error:
            report.leave_out(data_inclusion.structure_id(partner.slug), error)
            continue
        report.written += 1
        yield data_inclusion.row(record)


def service_rows(report: Report | None = None) -> Iterator[dict]:
    """The data·inclusion `Service` rows of every live service, validated, with their quality
    score."""
    report = report if report is not None else Report()
    links = Links()
    for service in _stream(live_services()):
        try:
            record = data_inclusion.to_service(**service_values(service, links))
        except ValidationError as error:
            report.leave_out(f"{data_inclusion.SOURCE}--{service.id}", error)
            continue
        report.written += 1
        yield data_inclusion.row(record)


# What the files hold, without building them --------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """How many records a file holds and the latest change among them (None when empty)."""

    count: int
    updated: datetime | None


def partners_summary() -> Summary:
    count, latest = db.session.execute(
        select(func.count(Partner.id), func.max(Partner.updated_at)).where(Partner.is_published)
    ).one()
    return Summary(count, latest)


def services_summary() -> Summary:
    count, latest = db.session.execute(
        select(func.count(Service.id), func.max(Service.updated_at)).where(Service.is_live)
    ).one()
    partners = partners_summary().updated
    # A service row also shows its partner's phone, e-mail and hours.
    latest = max((d for d in (latest, partners) if d is not None), default=None) if count else None
    return Summary(count, latest)


def fingerprint() -> str:
    """What the exported rows depend on, cheap to read: counts and latest changes of the
    published data, the taxonomy's thématiques, and today's date (the quality score and
    `date_maj` move with it). Any edit of a listing changes the partner's or the service's
    `updated_at` (hours and stops are saved through a revision of the partner)."""
    from portal.directory.models import OpeningSlot, ServiceStop, service_subneed

    parts = [datetime.now().date().isoformat(), repr(partners_summary()), repr(services_summary())]
    for column in (OpeningSlot.id, ServiceStop.id, service_subneed.c.subneed_id):
        parts.append(repr(db.session.execute(select(func.count(column), func.max(column))).one()))
    parts.append(repr(db.session.execute(select(SubNeed.slug, SubNeed.thematiques)
                                         .order_by(SubNeed.slug)).all()))
    return "|".join(parts)
