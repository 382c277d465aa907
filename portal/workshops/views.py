"""Residents' pages of the workshops: the list of the next sessions, with filters, and each
workshop's page (with its schema.org Events)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import abort, g, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.routing import BuildError

from portal.directory import presenters as directory_presenters
from portal.directory import queries as directory_queries
from portal.directory.models import Need, Partner, SubNeed
from portal.extensions import db
from portal.i18n import _, _l
from portal.pagination import Pager, page_number
from portal.workshops import jsonld, presenters, queries
from portal.workshops.blueprint import bp
from portal.workshops.constants import LEVEL_HINTS, LEVELS
from portal.workshops.models import Workshop, workshop_subneed

PAGE_SIZE = 40  # sessions per page: a phone screen scrolls through a few days at a time
NEXT_ON_PAGE = 12

# Default: the next three months, as far as partners usually plan; a week or a month narrow it.
WEEK, MONTH, QUARTER = "semaine", "mois", "3mois"
PERIODS = {WEEK: _l("Cette semaine"), MONTH: _l("Ce mois-ci"), QUARTER: _l("Les 3 prochains mois")}


def today() -> date:
    """Today in Paris (frozen in tests through the directory's presenters.now)."""
    return directory_presenters.now().date()


def period_end(period: str, start: date) -> date:
    """The last day of a period that starts today."""
    if period == WEEK:
        return start + timedelta(days=6 - start.weekday())  # until Sunday
    if period == MONTH:
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return start + timedelta(days=92)


@dataclass
class Filters:
    """The list's filters as read from the query string; a bad value is dropped with a message."""

    period: str = QUARTER
    quartier: object = None
    level: str = ""
    free: bool = False
    need: Need | None = None
    errors: dict[str, str] = field(default_factory=dict)

    def args(self) -> dict:
        """The query string that gives this list again (for the pages' links)."""
        args = {"periode": self.period, "quartier": self.quartier.slug if self.quartier else ""}
        if self.level:
            args["niveau"] = self.level
        if self.free:
            args["gratuit"] = "1"
        if self.need is not None:
            args["besoin"] = self.need.slug
        return args

    @property
    def narrowed(self) -> bool:
        return bool(self.quartier or self.level or self.free or self.need or self.period != QUARTER)


def read_filters(needs: list[Need]) -> Filters:
    """The filters of the request: the quartier chosen on the site when the URL does not say."""
    filters = Filters()
    period = request.args.get("periode", "").strip()
    if period in PERIODS:
        filters.period = period
    elif period:
        filters.errors["periode"] = _("Cette période n'existe pas : les 3 prochains mois sont montrés.")
    filters.free = request.args.get("gratuit", "") == "1"
    read_place_level_need(filters, needs)
    return filters


def read_place_level_need(target, needs: list[Need]) -> None:
    """Set `target`'s quartier, level and need from the request, as the list and the planning
    read them; a bad level or need is dropped and said in `target.errors`."""
    # "quartier=" (all quartiers) overrides the remembered one; an unknown one is said by the
    # page's notice (portal.directory.chosen_quartier).
    if "quartier" not in request.args or request.args.get("quartier", "").strip():
        target.quartier = g.get("quartier")
    level = request.args.get("niveau", "").strip()
    if level in LEVELS:
        target.level = level
    elif level:
        target.errors["niveau"] = _("Ce niveau n'existe pas : tous les niveaux sont montrés.")
    need = request.args.get("besoin", "").strip()
    if need:
        target.need = next((n for n in needs if n.slug == need), None)
        if target.need is None:
            target.errors["besoin"] = _("Ce besoin n'existe pas : tous les besoins sont montrés.")


def sessions_for(filters: Filters, start: date) -> list[queries.Session]:
    """The sessions of the list; with a quartier, the online ones too (open from anywhere)."""
    common = {"level": filters.level or None, "free": filters.free, "need": filters.need}
    end = period_end(filters.period, start)
    if filters.quartier is None:
        return queries.sessions_between(start, end, **common)
    found = queries.sessions_between(start, end, quartier_id=filters.quartier.id, **common)
    found += queries.sessions_between(start, end, online=True, **common)
    return sorted(found, key=lambda s: (s.starts_at, s.workshop.title.casefold(), s.workshop.id))


def needs_with_workshops() -> set[int]:
    """Ids of the needs that have at least one visible workshop."""
    visible = queries.visible_workshops().with_only_columns(Workshop.id).subquery()
    statement = (select(SubNeed.need_id).distinct()
                 .join(workshop_subneed, workshop_subneed.c.subneed_id == SubNeed.id)
                 .where(workshop_subneed.c.workshop_id.in_(select(visible.c.id))))
    return set(db.session.scalars(statement))


@bp.get("/ateliers")
def workshops():
    """The next workshop sessions, day by day, filtered by period, quartier, level, price, need."""
    needs = db.session.scalars(directory_queries.needs_in_order()).all()
    quartiers = db.session.scalars(directory_queries.quartiers_by_name()).all()
    filters = read_filters(needs)
    start = today()
    sessions = sessions_for(filters, start)
    pager = Pager.of(page_number(), len(sessions), PAGE_SIZE)
    if pager.page > pager.pages:
        abort(404)
    first = (pager.page - 1) * PAGE_SIZE
    pager.items = sessions[first:first + PAGE_SIZE]
    with_workshops = needs_with_workshops()
    need_groups = ([n for n in needs if n.id in with_workshops],
                   [n for n in needs if n.id not in with_workshops])
    return render_template(
        "workshops/list.html", filters=filters, pager=pager, days=presenters.by_day(pager.items),
        quartiers=quartiers, need_groups=need_groups, periods=PERIODS, levels=LEVELS,
        today=start, period_end=period_end(filters.period, start), wtext=presenters,
        planning_url=_planning_url())


def _planning_url() -> str:
    """The monthly planning's address, when that page exists."""
    try:
        return url_for("workshops.planning")
    except BuildError:  # the planning is built separately; the list must not depend on it
        return ""


def workshop_page(slug: str) -> Workshop | None:
    """A workshop with what its page shows, whatever its status."""
    statement = select(Workshop).where(Workshop.slug == slug).options(
        selectinload(Workshop.dates), selectinload(Workshop.subneeds).selectinload(SubNeed.need),
        selectinload(Workshop.partner).selectinload(Partner.quartier), selectinload(Workshop.quartier))
    return db.session.scalars(statement).first()


@bp.get("/ateliers/<slug>")
def workshop(slug: str):
    """One workshop: what, for whom, where, how to register, and its next sessions."""
    found = workshop_page(slug)
    if found is None or not queries.is_visible(found):
        abort(404)
    start = today()
    sessions = queries.next_sessions(found, start, limit=NEXT_ON_PAGE)
    described = sessions or queries.sessions_of(found, found.first_day, found.last_day)[-1:]
    page_url = url_for("workshops.workshop", slug=found.slug, _external=True)
    organiser_url = (url_for("directory.partner", slug=found.partner.slug, _external=True)
                     if found.partner is not None else None)
    events = jsonld.workshop_events(found, described, page_url=page_url, organiser_url=organiser_url)
    return render_template(
        "workshops/workshop.html", workshop=found, sessions=sessions, events=events, today=start,
        level_hint=LEVEL_HINTS.get(found.level, ""), level=LEVELS.get(found.level, found.level),
        registration=presenters.registration(found), wtext=presenters)
