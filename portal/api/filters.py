"""The query parameters of the API's lists: read, checked, and turned into SQL conditions.

A value the API cannot understand is refused with a 400 naming the parameter (`BadParameter`),
never ignored: a developer whose filter is silently dropped would publish wrong lists. The
conditions reuse the directory's definitions (`Service.is_live`, `Service.is_free`,
`Service.is_walk_in`, `Schedule.is_open`), never their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import and_, false, not_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.directory import queries
from portal.directory.hours import PARIS
from portal.directory.models import Need, Partner, Quartier, Service, ServiceStop, SubNeed
from portal.extensions import db
from portal.search.store import state

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 100_000
TRUE = ("true", "1")
FALSE = ("false", "0")
_NUMBER = re.compile(r"[0-9]{1,7}")


class BadParameter(ValueError):
    """A query parameter the API cannot understand (answered with a 400 naming it)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ListQuery:
    """What a list request asks for, checked."""

    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    need: Need | None = None
    subneed: SubNeed | None = None
    quartier: Quartier | None = None
    open_now: bool = False
    free: bool = False
    walk_in: bool = False
    updated_since: datetime | None = None  # aware, UTC


def _number(args, name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name)
    if raw is None:
        return default
    if not _NUMBER.fullmatch(raw) or not low <= int(raw) <= high:
        raise BadParameter(name, f"« {name} » doit être un nombre entier de {low} à {high}.")
    return int(raw)


def _flag(args, name: str) -> bool:
    raw = args.get(name)
    if raw is None or raw.lower() in FALSE:
        return False
    if raw.lower() in TRUE:
        return True
    raise BadParameter(name, f"« {name} » vaut true ou false.")


def _by_slug(args, name: str, model, what: str):
    raw = args.get(name)
    if raw is None:
        return None
    found = db.session.scalars(select(model).where(model.slug == raw)).first() if raw else None
    if found is None:
        raise BadParameter(name, f"{what} « {raw[:80]} » n'existe pas (voir la liste dans l'API).")
    return found


def parse_moment(raw: str) -> datetime:
    """An ISO date (midnight in Lille) or date-time (Lille time when it names no offset), in UTC."""
    text = raw.strip().upper()  # RFC 3339 allows "t" and "z"
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time(0), tzinfo=PARIS)
        else:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=PARIS)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise ValueError(raw) from None


def list_query(args) -> ListQuery:
    """The checked parameters of a list request (`args`: the query string)."""
    since = None
    if args.get("updated_since") is not None:
        try:
            since = parse_moment(args["updated_since"])
        except ValueError:
            raise BadParameter("updated_since", "« updated_since » doit être une date ISO 8601 "
                               "(2026-01-31) ou une date et heure (2026-01-31T08:00:00+01:00).") from None
    return ListQuery(
        page=_number(args, "page", 1, 1, MAX_PAGE),
        page_size=_number(args, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
        need=_by_slug(args, "need", Need, "Le besoin"),
        subneed=_by_slug(args, "subneed", SubNeed, "Le besoin précis"),
        quartier=_by_slug(args, "quartier", Quartier, "Le quartier"),
        open_now=_flag(args, "open_now"),
        free=_flag(args, "free"),
        walk_in=_flag(args, "walk_in"),
        updated_since=since,
    )


# Open now --------------------------------------------------------------------------------

def _has_timed_stops():
    """Services whose own stops give their hours (see `Service.schedule`)."""
    return Service.stops.any(and_(ServiceStop.weekday.is_not(None), ServiceStop.opens.is_not(None),
                                  ServiceStop.closes.is_not(None)))


def open_partner_ids(at: datetime) -> frozenset[int]:
    """Published partners open at that instant: the search's "open now" set (each partner's
    `schedule`, as on its page), kept a minute per process and forgotten when hours change."""
    return state.open_partner_ids(at)


def open_service_condition(at: datetime):
    """Live services open at that instant: those with their own hours (timed stops) by their
    `schedule`, the others by their partner's."""
    partner_ids = open_partner_ids(at)
    own = [s.id for s in _services_with_own_hours() if s.schedule.is_open(at)]
    return or_(and_(Service.partner_id.in_(sorted(partner_ids)), not_(_has_timed_stops())),
               Service.id.in_(own) if own else false())


def _services_with_own_hours() -> list[Service]:
    return db.session.scalars(
        select(Service).where(Service.is_live, _has_timed_stops())
        .options(joinedload(Service.partner).options(*queries.with_hours()), selectinload(Service.stops))
    ).unique().all()


# Conditions -----------------------------------------------------------------------------

def _service_conditions(query: ListQuery) -> list:
    """What a service itself must be for the need, sub-need, free and walk-in filters."""
    conditions = []
    if query.need is not None:
        conditions.append(Service.subneeds.any(SubNeed.need_id == query.need.id))
    if query.subneed is not None:
        conditions.append(Service.subneeds.any(SubNeed.id == query.subneed.id))
    if query.free:
        conditions.append(Service.is_free)
    if query.walk_in:
        conditions.append(Service.is_walk_in)
    return conditions


def in_quartier(quartier: Quartier):
    """Services given in a quartier, as its page lists them: at their partner's address there,
    at a place of their own there, or with a stop there."""
    return or_(Service.partner.has(Partner.quartier_id == quartier.id),
               Service.place_quartier_id == quartier.id,
               Service.stops.any(ServiceStop.quartier_id == quartier.id))


def services_statement(query: ListQuery, at: datetime):
    """Live services matching the filters, in a stable order (by id)."""
    statement = select(Service).where(Service.is_live, *_service_conditions(query))
    if query.quartier is not None:
        statement = statement.where(in_quartier(query.quartier))
    if query.open_now:
        statement = statement.where(open_service_condition(at))
    if query.updated_since is not None:
        since = query.updated_since
        statement = statement.where(or_(Service.updated_at >= since,
                                        Service.partner.has(Partner.updated_at >= since)))
    return statement.order_by(Service.id)


def structures_statement(query: ListQuery, at: datetime):
    """Published partners matching the filters, in a stable order (by id). The need, sub-need,
    free and walk-in filters keep a partner when one of its live services meets them all."""
    statement = select(Partner).where(Partner.is_published)
    conditions = _service_conditions(query)
    if conditions:
        statement = statement.where(Partner.services.any(and_(Service.is_live, *conditions)))
    if query.quartier is not None:
        statement = statement.where(Partner.quartier_id == query.quartier.id)
    if query.open_now:
        statement = statement.where(Partner.id.in_(sorted(open_partner_ids(at))))
    if query.updated_since is not None:
        statement = statement.where(Partner.updated_at >= query.updated_since)
    return statement.order_by(Partner.id)
