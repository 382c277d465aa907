"""What goes in the search index: its schema and the document of each published service."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from portal.directory import constants
from portal.directory.models import Partner, Quartier, Service, SubNeed
from portal.directory.queries import is_published_service
from portal.directory.text import fold
from portal.search.analysis import stems, words

GEO_SCALE = 1_000_000  # coordinates are stored as integers (micro-degrees)
NO_GEO = 2**63 - 1  # what the column holds when a document has no coordinates

# Scored text fields and their query-time boosts: a name or sub-need match beats a word deep
# in a description.
TEXT_FIELDS = {
    "partner_name": 3.0,
    "service_name": 2.5,
    "subneed": 3.0,
    "need_text": 1.5,
    "body": 1.0,
    "facts": 0.8,
    "presentation": 0.5,  # the partner's own words, shared by all its services
}


def make_schema() -> Schema:
    """Text arrives already analyzed (see `build_document`): the fields only split on spaces.

    Analysis happens once per distinct text, through the cached French chain of
    `portal.search.analysis`; queries use the same chain, so both sides always agree.
    """
    pre = SpaceSeparatedTokenizer()
    text = {name: TEXT(analyzer=pre, phrase=False) for name in TEXT_FIELDS}
    # Scorable only so that Whoosh keeps field lengths: without them its segment writer stats a
    # file for every posting, which makes building the index several times slower.
    unscored = {"lowercase": False, "commas": False, "scorable": True}
    return Schema(
        service_id=ID(stored=True, unique=True),
        partner=ID(stored=True, sortable=True),
        # Every stem of the texts above, once: what matches (scoring uses the fields above).
        all=KEYWORD(**unscored),
        # Unstemmed folded words: the vocabulary of fuzzy matching and "did you mean".
        fuzzy_text=KEYWORD(**unscored),
        need=KEYWORD(commas=True, scorable=True),
        subneed_slug=KEYWORD(commas=True, scorable=True),
        quartier=ID,
        audience=KEYWORD(commas=True, scorable=True),
        language=KEYWORD(commas=True, scorable=True),
        free=ID,
        walk_in=ID,
        lat=NUMERIC(numtype=int, bits=64, signed=True, sortable=True),
        lon=NUMERIC(numtype=int, bits=64, signed=True, sortable=True),
        order=ID(sortable=True),
        stamp=STORED,
        **text,
    )


def services_query():
    """Published services with everything a document needs, in a bounded number of queries."""
    return (
        select(Service)
        .where(is_published_service())
        .options(
            joinedload(Service.partner),
            selectinload(Service.subneeds).joinedload(SubNeed.need),
        )
        .order_by(Service.id)
    )


def _stamp(service: Service) -> str:
    moments = [m for m in (service.updated_at, service.partner.updated_at) if m is not None]
    return max(moments).isoformat() if moments else ""


def database_stamps(session: Session) -> dict[int, str]:
    """service id -> the stamp its document would carry now (the same rule as `_stamp`)."""
    rows = session.execute(
        select(Service.id, Service.updated_at, Partner.updated_at)
        .join(Service.partner)
        .where(is_published_service())
    ).all()
    result = {}
    for service_id, *moments in rows:
        moments = [m for m in moments if m is not None]
        result[service_id] = max(moments).isoformat() if moments else ""
    return result


def _labels(mapping: dict, codes: Iterable[str]) -> list[str]:
    return [constants.label(mapping, code) for code in codes]


def quartier_names(session: Session) -> dict[int, tuple[str, str]]:
    """quartier id -> (slug, name), without loading the polygons."""
    return {qid: (slug, name) for qid, slug, name in session.execute(
        select(Quartier.id, Quartier.slug, Quartier.name))}


def build_document(service: Service, quartiers: dict[int, tuple[str, str]]) -> dict:
    """The index document of one published service (labels always in French)."""
    partner = service.partner
    subneeds = list(service.subneeds)
    needs = {s.need.slug: s.need for s in subneeds}
    languages = sorted(set(service.languages or []) | set(partner.languages or []))
    quartier = quartiers.get(partner.quartier_id) if partner.quartier_id else None
    with force_locale("fr"):
        facts = " ".join(
            [
                quartier[1] if quartier else "",
                partner.city,
                *_labels(constants.NATIONAL_LABELS, partner.labels or []),
                constants.label(constants.PARTNER_KINDS, partner.kind),
                constants.label(constants.FEES, service.fees),
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
        "body": " ".join([service.description, service.fees_detail, service.documents]),
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
        "walk_in": "1" if "sans-rdv" in (service.access_modes or []) else "0",
        "order": f"{fold(partner.name)}\x00{service.position:05d}\x00{service.id:09d}",
        "stamp": _stamp(service),
        **{name: " ".join(terms) for name, terms in analyzed.items()},
    }
    if quartier:
        doc["quartier"] = quartier[0]
    if partner.latitude is not None and partner.longitude is not None:
        doc["lat"] = round(partner.latitude * GEO_SCALE)
        doc["lon"] = round(partner.longitude * GEO_SCALE)
    return {key: value for key, value in doc.items() if value != ""}
