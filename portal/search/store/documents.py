"""What goes in the search index: the document of each live service, read from the database."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.directory import constants
from portal.directory.models import Partner, Quartier, Service, SubNeed
from portal.directory.text import fold
from portal.search.core.analysis import stems, words
from portal.search.core.schema import GEO_SCALE


def services_query():
    """Live services with everything a document needs, in a bounded number of queries."""
    return (
        select(Service)
        .where(Service.is_live)
        .options(
            joinedload(Service.partner),
            selectinload(Service.subneeds).joinedload(SubNeed.need),
            selectinload(Service.stops),
        )
        # A partner's documents are written side by side: the engine counts partners by runs
        # of neighbouring documents (see `core.bits.Bits.count_partners`).
        .order_by(Service.partner_id, Service.id)
    )


def _stamp(*moments) -> str:
    """The version of a document: the later change of its service and of its partner."""
    known = [m for m in moments if m is not None]
    return max(known).isoformat() if known else ""


def database_stamps(session: Session) -> dict[int, str]:
    """service id -> the stamp its document would carry now."""
    rows = session.execute(
        select(Service.id, Service.updated_at, Partner.updated_at)
        .join(Service.partner)
        .where(Service.is_live)
    ).all()
    return {service_id: _stamp(*moments) for service_id, *moments in rows}


def _labels(mapping: dict, codes: Iterable[str]) -> list[str]:
    return [constants.label(mapping, code) for code in codes]


def quartier_names(session: Session) -> dict[int, tuple[str, str]]:
    """quartier id -> (slug, name), without loading the polygons."""
    return {qid: (slug, name) for qid, slug, name in session.execute(
        select(Quartier.id, Quartier.slug, Quartier.name))}


def points_value(places) -> bytes:
    """The places of a service as the index stores them: "lat lon;lat lon" in micro-degrees,
    each point once; empty when none has coordinates (given only at a distance)."""
    points = dict.fromkeys(
        f"{round(p.latitude * GEO_SCALE)} {round(p.longitude * GEO_SCALE)}"
        for p in places if p.has_point)
    return ";".join(points).encode("ascii")


def build_document(service: Service, quartiers: dict[int, tuple[str, str]]) -> dict:
    """The index document of one live service (labels always in French)."""
    partner = service.partner
    subneeds = list(service.subneeds)
    needs = {s.need.slug: s.need for s in subneeds}
    languages = sorted(set(service.languages or []) | set(partner.languages or []))
    places = service.places
    where = [quartiers[qid] for qid in dict.fromkeys(p.quartier_id for p in places) if qid in quartiers]
    with force_locale("fr"):
        facts = " ".join(
            [
                *(name for _slug, name in where),
                partner.city,
                *_labels(constants.NATIONAL_LABELS, partner.labels or []),
                constants.label(constants.PARTNER_KINDS, partner.kind),
                *_labels(constants.ACCESS_MODES, service.access_modes or []),
                *_labels(constants.AUDIENCES, service.audiences or []),
                # Everyone speaks French here: only the other languages are worth a word.
                *_labels(constants.LANGUAGES, [code for code in languages if code != "fr"]),
            ]
        )
    texts = {
        "partner_name": partner.name,
        "service_name": service.name,
        "subneed": " ".join(s.label for s in subneeds),
        "need_text": " ".join(
            [*(n.label for n in needs.values()), *(n.description for n in needs.values()),
             *(s.description for s in subneeds)]
        ),
        # What a resident means to find: not what to bring ("À apporter") nor the fees' details,
        # which stay on the page but no longer make a service match; "gratuit" is a preference.
        "body": service.description,
        "facts": facts,
        "presentation": partner.presentation,
    }
    analyzed = {name: stems(value) for name, value in texts.items()}
    doc = {
        "service_id": str(service.id),
        "partner": str(partner.id),
        "all": " ".join(dict.fromkeys(t for terms in analyzed.values() for t in terms)),
        "fuzzy_text": " ".join(dict.fromkeys(w for value in texts.values() for w in words(value))),
        "need": ",".join(needs),
        "subneed_slug": ",".join(s.slug for s in subneeds),
        "audience": ",".join(service.audiences or []),
        "language": ",".join(languages),
        "free": "1" if service.is_free else "0",
        "walk_in": "1" if service.is_walk_in else "0",
        "order": f"{fold(partner.name)}\x00{service.position:05d}\x00{service.id:09d}",
        "stamp": _stamp(service.updated_at, service.partner.updated_at),
        **{name: " ".join(terms) for name, terms in analyzed.items()},
    }
    doc["quartier"] = ",".join(slug for slug, _name in where)
    doc["points"] = points_value(places)
    return {key: value for key, value in doc.items() if value != ""}
