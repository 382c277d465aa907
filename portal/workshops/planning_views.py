"""The monthly planning of the workshops (on screen and on paper) and its calendar feeds."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

from flask import abort, current_app, make_response, render_template, request, url_for
from sqlalchemy import select

from portal.directory import presenters as directory_presenters
from portal.directory import queries as directory_queries
from portal.directory.models import Need, Partner, Quartier
from portal.extensions import db
from portal.i18n import _
from portal.mail import absolute_url
from portal.workshops import feeds, planning, presenters, queries
from portal.workshops.blueprint import bp
from portal.workshops.constants import LEVELS
from portal.workshops.models import Workshop
from portal.workshops.views import read_place_level_need


def today():
    """Today in Paris (frozen in tests through the directory's presenters.now)."""
    return directory_presenters.now().date()


@dataclass
class Choice:
    """The planning's month and filters as read from the query string."""

    month: planning.Month
    quartier: Quartier | None = None
    need: Need | None = None
    level: str = ""
    typed_month: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    def args(self, **changes) -> dict:
        """The query string that gives this planning again (for links), with `changes`."""
        args = {"mois": self.month.code, "quartier": self.quartier.slug if self.quartier else "",
                "besoin": self.need.slug if self.need else "", "niveau": self.level}
        args.update(changes)
        return {key: value for key, value in args.items() if value or key == "quartier"}

    @property
    def narrowed(self) -> bool:
        return bool(self.quartier or self.need or self.level)


def read_choice(needs: list[Need]) -> Choice:
    """The month and filters of the request; a bad value is dropped and said next to its field."""
    current = planning.Month.of(today())
    typed = request.args.get("mois", "").strip()
    month = planning.Month.parse(typed) if typed else current
    choice = Choice(month=month or current, typed_month=typed)
    if month is None:
        choice.errors["mois"] = _("Ce mois n'existe pas (il s'écrit AAAA-MM, par exemple %(example)s) : "
                                  "le mois en cours est montré.", example=current.code)
    elif month.distance(current) > planning.MAX_MONTHS_AWAY:
        choice.month = current
        choice.errors["mois"] = _("Le planning montre les ateliers jusqu'à deux ans avant ou après "
                                  "aujourd'hui : le mois en cours est montré.")
    read_place_level_need(choice, needs)  # as on the list of workshops
    return choice


def month_options(current: planning.Month) -> list[planning.Month]:
    """The months offered by the form: six past ones and the next twelve."""
    return [current.shift(n) for n in range(-6, 13)]


def _link_month(choice: Choice, months: int) -> planning.Month | None:
    """The previous or next month, unless it is too far away."""
    other = choice.month.shift(months)
    return other if other.distance(planning.Month.of(today())) <= planning.MAX_MONTHS_AWAY else None


def feed_url(choice: Choice) -> str:
    """The calendar feed that best matches the planning shown."""
    if choice.quartier is not None:
        return absolute_url("workshops.feed_quartier", slug=choice.quartier.slug)
    if choice.need is not None:
        return absolute_url("workshops.feed_need", slug=choice.need.slug)
    return absolute_url("workshops.feed_network")


def workshop_url(slug: str, external: bool = False) -> str:
    """A workshop's page (on PORTAL_BASE_URL when it goes out, in a calendar feed)."""
    return absolute_url("workshops.workshop", slug=slug) if external else url_for(
        "workshops.workshop", slug=slug)


def _planning_page(template: str):
    needs = db.session.scalars(directory_queries.needs_in_order()).all()
    choice = read_choice(needs)
    sessions = planning.month_sessions(choice.month, quartier=choice.quartier, need=choice.need,
                                       level=choice.level)
    current = planning.Month.of(today())
    context = {
        "choice": choice, "weeks": planning.by_week(choice.month, sessions), "count": len(sessions),
        "needs": needs, "levels": LEVELS, "wtext": presenters, "today": today(),
        "quartiers": db.session.scalars(directory_queries.quartiers_by_name()).all(),
        "previous": _link_month(choice, -1), "next": _link_month(choice, 1),
        "months": month_options(current), "current": current,
        "organisers": planning.organisers(sessions), "feed_url": feed_url(choice),
        "workshop_url": workshop_url,
    }
    status = 422 if "mois" in choice.errors else 200
    return render_template(template, **context), status


@bp.get("/planning", endpoint="planning")
def planning_month():
    """The workshops of one month, by week then day, filtered by quartier, need and level."""
    return _planning_page("workshops/planning.html")


@bp.get("/planning/imprimer")
def planning_print():
    """The same month on A4 paper: black on white, with the organisers' contacts."""
    return _planning_page("workshops/planning_print.html")


# --- Calendar feeds ---------------------------------------------------------------------------

def _host() -> str:
    base = current_app.config.get("PORTAL_BASE_URL") or ""
    return urlparse(base).netloc or request.host


def _feed(name: str, **filters):
    """A calendar response of the visible sessions over the feed's span."""
    first, last = feeds.span(today())
    quartier = filters.pop("quartier", None)
    if quartier is not None:
        sessions = queries.sessions_between(first, last, quartier_id=quartier.id, **filters)
        sessions += queries.sessions_between(first, last, online=True, **filters)
        sessions.sort(key=lambda s: (s.starts_at, s.workshop.title.casefold(), s.workshop.id))
    else:
        sessions = queries.sessions_between(first, last, **filters)
    return _calendar_response(name, sessions)


def _calendar_response(name: str, sessions: list[queries.Session]):
    body = feeds.calendar(name, sessions, host=_host(),
                          url_of=lambda slug: workshop_url(slug, external=True))
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    # Calendar applications poll every few hours; an unchanged feed answers 304.
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.add_etag()
    return response.make_conditional(request)


def _one(statement):
    found = db.session.scalars(statement).first()
    if found is None:
        abort(404)
    return found


@bp.get("/planning/reseau.ics")
def feed_network():
    """Every workshop of the network, as a calendar to subscribe to."""
    return _feed(_("Ateliers du réseau – Lille"))


@bp.get("/planning/partenaire/<slug>.ics")
def feed_partner(slug: str):
    """The workshops of one published partner."""
    partner = _one(select(Partner).where(Partner.slug == slug))
    if not partner.is_published:
        abort(404)
    return _feed(_("Ateliers – %(name)s", name=partner.name), partner_id=partner.id)


@bp.get("/planning/besoin/<slug>.ics")
def feed_need(slug: str):
    """The workshops of one need."""
    need = _one(directory_queries.need_with_slug(slug))
    return _feed(_("Ateliers – %(need)s", need=_(need.label)), need=need)


@bp.get("/planning/quartier/<slug>.ics")
def feed_quartier(slug: str):
    """The workshops of one quartier, and the online ones."""
    quartier = _one(directory_queries.quartier_with_slug(slug))
    return _feed(_("Ateliers – %(quartier)s", quartier=quartier.name), quartier=quartier)


@bp.get("/ateliers/<slug>.ics")
def feed_workshop(slug: str):
    """One workshop's sessions."""
    workshop = _one(select(Workshop).where(Workshop.slug == slug))
    if not queries.is_visible(workshop):
        abort(404)
    first, last = feeds.span(today())
    return _calendar_response(workshop.title, queries.sessions_of(workshop, first, last))
