"""What residents see of the workshops, and their sessions over a span of dates.

"Published workshop" is defined once here (`visible_workshops`) and used by the pages, the
planning, the feeds, the search, the diagnostic, the API and the statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import selectinload

from portal.directory.constants import PUBLISHED as PARTNER_PUBLISHED
from portal.directory.models import Partner, SubNeed
from portal.extensions import db
from portal.workshops import recurrence, school_holidays
from portal.workshops.constants import AT_PARTNER, CANCELLED, FULL, PUBLISHED
from portal.workshops.models import Workshop, workshop_subneed


def visible_workshops() -> Select:
    """Workshops residents can see: published, of a published partner or network-wide."""
    return (
        select(Workshop)
        .outerjoin(Partner, Workshop.partner_id == Partner.id)
        .where(Workshop.status == PUBLISHED,
               or_(Workshop.partner_id.is_(None), Partner.status == PARTNER_PUBLISHED))
    )


def is_visible(workshop: Workshop) -> bool:
    """The same rule as visible_workshops(), for one loaded workshop."""
    return workshop.status == PUBLISHED and (
        workshop.partner is None or workshop.partner.is_published)


@dataclass(frozen=True)
class Session:
    """One dated session of a workshop, as residents see it."""

    workshop: Workshop
    day: date
    starts_at: datetime
    ends_at: datetime
    cancelled: bool
    full: bool
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.workshop.slug}/{self.day.isoformat()}"


def _filtered(statement: Select, *, need=None, subneed=None, quartier_id=None, level=None,
              free=None, partner_id=None, online=None) -> Select:
    if partner_id is not None:
        statement = statement.where(Workshop.partner_id == partner_id)
    if level:
        statement = statement.where(Workshop.level == level)
    if free:
        statement = statement.where(Workshop.is_free.is_(True))
    if online is not None:
        statement = statement.where((Workshop.place_kind == "online") == online)
    if subneed is not None:
        statement = statement.where(exists().where(
            workshop_subneed.c.workshop_id == Workshop.id,
            workshop_subneed.c.subneed_id == subneed.id))
    elif need is not None:
        statement = statement.where(exists().where(
            workshop_subneed.c.workshop_id == Workshop.id,
            workshop_subneed.c.subneed_id == SubNeed.id, SubNeed.need_id == need.id))
    if quartier_id is not None:
        # At the partner's: the partner's quartier; elsewhere: the workshop's own.
        statement = statement.where(or_(
            and_(Workshop.place_kind == AT_PARTNER, Partner.quartier_id == quartier_id),
            and_(Workshop.place_kind != AT_PARTNER, Workshop.quartier_id == quartier_id)))
    return statement


def workshops_between(start: date, end: date, **filters) -> list[Workshop]:
    """Visible workshops whose dates may fall between `start` and `end`, with what pages need."""
    statement = _filtered(visible_workshops(), **filters).where(
        Workshop.first_day <= end,
        or_(Workshop.until.is_(None), Workshop.until >= start, Workshop.first_day >= start),
    ).options(selectinload(Workshop.dates), selectinload(Workshop.subneeds),
              selectinload(Workshop.partner).selectinload(Partner.quartier),
              selectinload(Workshop.quartier))
    return list(db.session.scalars(statement.order_by(Workshop.id)).unique())


def sessions_of(workshop: Workshop, start: date, end: date,
                holidays: tuple[recurrence.Period, ...] | None = None) -> list[Session]:
    """The sessions of one workshop between two dates (inclusive), cancelled ones included."""
    if holidays is None:
        holidays = school_holidays.periods()
    rule = workshop.rule
    states = {d.day: d for d in workshop.dates}
    found = []
    for day in recurrence.dates(rule, start, end, holidays):
        starts_at, ends_at = recurrence.bounds(rule, day)
        state = states.get(day)
        found.append(Session(
            workshop=workshop, day=day, starts_at=starts_at, ends_at=ends_at,
            cancelled=workshop.cancelled or (state is not None and state.state == CANCELLED),
            full=workshop.full or (state is not None and state.state == FULL),
            note=(state.note if state is not None else "") or (
                workshop.cancel_reason if workshop.cancelled else ""),
        ))
    return found


def sessions_between(start: date, end: date, *, include_cancelled: bool = True,
                     **filters) -> list[Session]:
    """Every visible session between two dates, in time order; filters as in _filtered()."""
    holidays = school_holidays.periods()
    found = [
        session
        for workshop in workshops_between(start, end, **filters)
        for session in sessions_of(workshop, start, end, holidays)
        if include_cancelled or not session.cancelled
    ]
    return sorted(found, key=lambda s: (s.starts_at, s.workshop.title.casefold(), s.workshop.id))


def upcoming_sessions(today: date, *, days: int = 62, limit: int | None = None,
                      include_cancelled: bool = True, **filters) -> list[Session]:
    """The next sessions from `today` over `days` days, soonest first."""
    found = sessions_between(today, today + timedelta(days=days),
                             include_cancelled=include_cancelled, **filters)
    return found[:limit] if limit is not None else found


def next_sessions(workshop: Workshop, today: date, limit: int = 5, days: int = 366) -> list[Session]:
    """One workshop's next sessions (cancelled ones included, so residents know)."""
    return sessions_of(workshop, today, today + timedelta(days=days))[:limit]
