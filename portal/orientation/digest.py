"""The weekly digest of favourites and saved searches.

For each active professional or administrator who follows places or keeps searches, the
digest compares each favourite's fingerprint with what they last heard of it, and each saved
search's places with those it found last time, then writes one e-mail listing what changed:
nothing changed, no e-mail. It runs from a command (`flask --app portal orientation digest`,
weekly); the messages are written in French, the language of the directory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import force_locale, format_date
from sqlalchemy import exists, or_, select

from portal.accounts.constants import ADMIN, PROFESSIONAL
from portal.accounts.models import User
from portal.directory.models import Partner
from portal.extensions import db
from portal.i18n import _
from portal.mail import absolute_url, compose, send_after_commit
from portal.orientation import favourites
from portal.orientation.constants import CHANGE_KINDS, CLOSURE
from portal.orientation.favourites import Change
from portal.orientation.models import Favourite, SavedSearch


@dataclass
class PlaceNews:
    """A favourite that changed: its name, its page, and one line per change."""

    name: str
    link: str
    lines: list[str] = field(default_factory=list)


@dataclass
class SearchNews:
    """A saved search that found new places: its label, its page, and the new places."""

    label: str
    link: str
    places: list[PlaceNews] = field(default_factory=list)


def readers() -> list[User]:
    """The active professionals and administrators who follow a place or keep a search."""
    return list(db.session.scalars(
        select(User).where(
            User.is_active, User.role.in_((PROFESSIONAL, ADMIN)),
            or_(exists().where(Favourite.user_id == User.id),
                exists().where(SavedSearch.user_id == User.id)),
        ).order_by(User.id)
    ))


def change_line(change: Change) -> str:
    """One change of a favourite, in a sentence."""
    if change.kind == CLOSURE:
        line = _("fermé temporairement du %(start)s au %(end)s",
                 start=format_date(change.start, "long"), end=format_date(change.end, "long"))
        return f"{line} ({change.message})" if change.message else line
    return str(CHANGE_KINDS[change.kind])


def _partner_link(partner: Partner) -> str:
    return absolute_url("directory.partner", slug=partner.slug)


def place_news(user: User, now: datetime) -> list[PlaceNews]:
    """What changed on `user`'s favourites since the last digest; `seen` is brought up to date
    (the fingerprint taken when starring is the first reference)."""
    on = favourites.today(now)
    news = []
    for favourite in favourites.favourites_of(user):
        partner = favourite.partner
        current = favourites.fingerprint(partner, on)
        found = favourites.changes((favourite.seen or {}).get("fp"), current, on)
        favourites.remember(favourite, current, now, found)
        if found:
            # An unpublished place has no public page: the professional's space lists it.
            link = absolute_url("orientation.home") if not partner.is_published else _partner_link(partner)
            news.append(PlaceNews(partner.name, link, [change_line(c) for c in found]))
    return news


def search_news(user: User, now: datetime) -> list[SearchNews]:
    """The new places of `user`'s saved searches since the last digest; `known` is brought up
    to date. A search that cannot run now (index being rebuilt) waits for the next digest."""
    news = []
    for saved in favourites.searches_of(user):
        found = favourites.results(saved)
        if found is None:
            continue
        new_ids = found - set(saved.known or [])
        if saved.digest_at is not None and new_ids:
            places = db.session.scalars(
                select(Partner).where(Partner.id.in_(new_ids), Partner.is_published).order_by(Partner.name)
            ).all()
            if places:
                news.append(SearchNews(saved.label, favourites.search_url(saved, external=True),
                                       [PlaceNews(p.name, _partner_link(p)) for p in places]))
        saved.known = sorted(found)
        saved.digest_at = now
    return news


def digest_message(user: User, places: list[PlaceNews], searches: list[SearchNews]):
    """The e-mail telling `user` what changed."""
    template = current_app.jinja_env.get_template("orientation/email/digest.txt")
    body = template.render(places=places, searches=searches, space=absolute_url("orientation.home"))
    return compose(user.email, _("Vos lieux suivis et vos recherches : du nouveau"), body)


def send_digests(now: datetime) -> int:
    """Write to each professional whose favourites or saved searches changed since their last
    digest; returns how many messages were sent."""
    sent = 0
    with force_locale("fr"):
        for user_id in [u.id for u in readers()]:
            user = db.session.get(User, user_id)
            places = place_news(user, now)
            searches = search_news(user, now)
            if places or searches:
                send_after_commit(digest_message(user, places, searches))
                sent += 1
            db.session.flush()
            # One commit per person: their message leaves once what it tells is recorded as
            # told, and a failure further on never sends the same news to them twice.
            db.session.commit()
    return sent
