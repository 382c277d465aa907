"""Favourites and saved searches of a professional, and what the weekly digest compares.

A favourite keeps, in `seen`, the fingerprint of its place as the professional last heard of
it (taken when starring, then after each digest): weekly hours, dated exceptions and closures
from today on, the access modes of its services, and whether it is published. A saved search
keeps the query-string arguments of its page (only the names the page understands, never an
address or a position) and, in `known`, the places it found last time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.directory import presenters, queries
from portal.directory.constants import AUDIENCES, LANGUAGES, PUBLISHED
from portal.directory.hours import PARIS
from portal.directory.models import Partner, Quartier, SubNeed
from portal.extensions import db
from portal.i18n import _, _l
from portal.orientation.constants import ACCESS, CHANGE_KINDS, CLOSURE, HOURS, REPUBLISHED, UNPUBLISHED
from portal.orientation.models import Favourite, SavedSearch

MAX_SEARCHES = 20
LABEL_LENGTH = 120

# The two pages a search can be saved from, and the query-string arguments kept for each.
SUBNEED = "subneed"
SEARCH = "search"
KEPT_ARGS = {
    SUBNEED: ("quartier", "ouvert", "gratuit", "sans_rdv"),
    SEARCH: ("q", "besoin", "quartier", "public", "langue", "ouvert", "gratuit", "sans_rdv", "tri"),
}
# The sub-need page's own place in its URL (not a query-string argument).
PAGE_ARGS = {SUBNEED: ("besoin", "sous_besoin"), SEARCH: ()}
FLAGS = ("ouvert", "gratuit", "sans_rdv")
FLAG_LABELS = {
    "gratuit": _l("gratuit"),
    "sans_rdv": _l("sans rendez-vous"),
    "ouvert": _l("ouvert maintenant"),
}
# A saved search's results in the digest: at most this many pages of the search (100 each).
SEARCH_PAGES = 5



class TooManySearches(Exception):
    """The professional already keeps MAX_SEARCHES saved searches."""


# Favourites ---------------------------------------------------------------------------------


def today(at: datetime | None = None) -> date:
    """The date in Lille at `at` (now by default)."""
    return (at or datetime.now(PARIS)).astimezone(PARIS).date()


def _hm(value) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def fingerprint(partner: Partner, on: date) -> dict:
    """What the digest watches on a place, as JSON values, from `on` (a date in Lille)."""
    services = [s for s in partner.services if s.status == PUBLISHED]
    return {
        "published": partner.is_published,
        "slots": sorted([s.weekday, _hm(s.opens), _hm(s.closes)] for s in partner.slots),
        "stops": sorted([s.id, stop.weekday if stop.weekday is not None else -1, _hm(stop.opens),
                         _hm(stop.closes)] for s in services for stop in s.stops),
        "holidays": partner.closed_on_public_holidays,
        "exceptions": sorted([e.day.isoformat(), _hm(e.opens), _hm(e.closes), e.label]
                             for e in partner.exceptions if e.day >= on),
        "closures": sorted([c.start_date.isoformat(), c.end_date.isoformat(), c.message]
                           for c in partner.closures if c.end_date >= on),
        "access": sorted([s.id, sorted(s.access_modes or [])] for s in services),
    }


@dataclass(frozen=True)
class Change:
    """One thing that changed on a favourite: a CHANGE_KINDS code, and for a closure its dates
    and message."""

    kind: str
    start: date | None = None
    end: date | None = None
    message: str = ""


def changes(seen: dict | None, current: dict, on: date) -> list[Change]:
    """What differs between the fingerprint the professional saw and the current one. Dated
    exceptions and closures over before `on` are not changes: they simply went by."""
    if not seen:
        return []
    if seen.get("published") and not current["published"]:
        return [Change(UNPUBLISHED)]
    if not current["published"]:
        return []
    found = [] if seen.get("published", True) else [Change(REPUBLISHED)]
    day = on.isoformat()
    seen_closures = [c for c in seen.get("closures", []) if c[1] >= day]
    seen_exceptions = [e for e in seen.get("exceptions", []) if e[0] >= day]
    for start, end, message in current["closures"]:
        if [start, end, message] not in seen_closures:
            found.append(Change(CLOSURE, date.fromisoformat(start), date.fromisoformat(end), message))
    hours_moved = any(seen.get(key) != current[key] for key in ("slots", "stops", "holidays"))
    closure_lifted = any(c not in current["closures"] for c in seen_closures)
    if hours_moved or closure_lifted or seen_exceptions != current["exceptions"]:
        found.append(Change(HOURS))
    if seen.get("access") != current["access"]:
        found.append(Change(ACCESS))
    return found


def remember(favourite: Favourite, current: dict, at: datetime, found: list[Change] = ()) -> None:
    """Record what the professional has now been told about a favourite."""
    seen = dict(favourite.seen or {})
    seen.update(fp=current, checked_at=at.isoformat())
    if found:
        seen.update(changed_at=at.isoformat(), changes=[c.kind for c in found])
    favourite.seen = seen  # a new dict: the JSON column sees the change


def watched_partner(partner_id: int) -> Partner | None:
    """A place with everything its fingerprint reads."""
    return db.session.scalars(
        select(Partner).where(Partner.id == partner_id).options(*queries.with_hours())
    ).first()


def star(user, partner: Partner, at: datetime) -> Favourite:
    """Follow a place (nothing changes if it is already followed); what it looks like now is
    what the first digest compares with."""
    favourite = db.session.scalars(
        select(Favourite).where(Favourite.user_id == user.id, Favourite.partner_id == partner.id)
    ).first()
    if favourite is None:
        favourite = Favourite(user_id=user.id, partner_id=partner.id, created_at=at)
        remember(favourite, fingerprint(partner, today(at)), at)
        db.session.add(favourite)
        db.session.flush()
    return favourite


def unstar(user, partner_id: int) -> bool:
    """Stop following a place; False when it was not followed."""
    favourite = db.session.scalars(
        select(Favourite).where(Favourite.user_id == user.id, Favourite.partner_id == partner_id)
    ).first()
    if favourite is None:
        return False
    db.session.delete(favourite)
    db.session.flush()
    return True


def starred_ids(user) -> set[int]:
    """The ids of the places `user` follows."""
    return set(db.session.scalars(select(Favourite.partner_id).where(Favourite.user_id == user.id)))


def favourites_of(user) -> list[Favourite]:
    """The places `user` follows, by name, with their hours and quartier."""
    return list(db.session.scalars(
        select(Favourite).join(Favourite.partner).where(Favourite.user_id == user.id)
        .options(joinedload(Favourite.partner).options(*queries.with_hours()))
        .order_by(func.lower(Partner.name), Favourite.id)
    ).unique())


def last_change(favourite: Favourite) -> tuple[datetime, list[str]] | None:
    """When the digest last told of a change of this place, and what (CHANGE_KINDS labels)."""
    seen = favourite.seen or {}
    if not seen.get("changed_at"):
        return None
    try:
        at = datetime.fromisoformat(seen["changed_at"])
    except (TypeError, ValueError):
        return None
    return at, [str(CHANGE_KINDS[code]) for code in seen.get("changes", []) if code in CHANGE_KINDS]


# Saved searches -----------------------------------------------------------------------------


def searches_of(user) -> list[SavedSearch]:
    """The searches `user` saved, oldest first."""
    return list(db.session.scalars(
        select(SavedSearch).where(SavedSearch.user_id == user.id).order_by(SavedSearch.id)
    ))


def search_count(user) -> int:
    return db.session.scalar(select(func.count(SavedSearch.id)).where(SavedSearch.user_id == user.id))


def _first(params: dict, name: str) -> str:
    values = params.get(name) or []
    return values[0] if values and isinstance(values[0], str) else ""


def clean_params(view: str, values) -> dict | None:
    """The arguments of a search to keep, as a dict of lists, from a form's or a page's values
    (`values.get(name)`): the known names only, each checked; None when they name no search
    (an unknown page or sub-need, or a search page without words nor filter)."""
    if view not in KEPT_ARGS:
        return None
    params: dict[str, list[str]] = {"vue": [view]}
    for name in PAGE_ARGS[view] + KEPT_ARGS[view]:
        value = " ".join(str(values.get(name) or "").split())[:200]
        if name in FLAGS:
            value = "1" if value == "1" else ""
        elif name == "tri":
            value = "distance" if value == "distance" else ""
        if value:
            params[name] = [value]
    if _first(params, "quartier") and _quartier(_first(params, "quartier")) is None:
        params.pop("quartier")
    if view == SUBNEED:
        return params if _subneed(params) is not None else None
    need = _first(params, "besoin")
    if need and db.session.scalars(queries.need_with_slug(need)).first() is None:
        params.pop("besoin")
    if _first(params, "public") not in AUDIENCES:
        params.pop("public", None)
    if _first(params, "langue") not in LANGUAGES:
        params.pop("langue", None)
    meaningful = set(params) - {"vue", "tri"}
    return params if meaningful else None


def _quartier(slug: str) -> Quartier | None:
    return db.session.scalars(queries.quartier_with_slug(slug)).first() if slug else None


def _subneed(params: dict) -> SubNeed | None:
    need, slug = _first(params, "besoin"), _first(params, "sous_besoin")
    if not need or not slug:
        return None
    return db.session.scalars(queries.subneed_of(need, slug)).first()


def default_label(params: dict) -> str:
    """A readable summary of a search, in the page's language: "Colis alimentaire · Wazemmes ·
    gratuit"."""
    parts = []
    if _first(params, "vue") == SUBNEED:
        subneed = _subneed(params)
        if subneed is not None:
            parts.append(_(subneed.label))
    else:
        if _first(params, "q"):
            parts.append(_("« %(words)s »", words=_first(params, "q")))
        need = _first(params, "besoin")
        found = db.session.scalars(queries.need_with_slug(need)).first() if need else None
        if found is not None:
            parts.append(_(found.label))
    quartier = _quartier(_first(params, "quartier"))
    if quartier is not None:
        parts.append(quartier.name)
    if _first(params, "public"):
        parts.append(str(AUDIENCES[_first(params, "public")]))
    if _first(params, "langue"):
        parts.append(str(LANGUAGES[_first(params, "langue")]))
    parts += [str(text) for name, text in FLAG_LABELS.items() if _first(params, name)]
    return " · ".join(parts)[:LABEL_LENGTH] or _("Ma recherche")


def save_search(user, params: dict, label: str, locale: str, at: datetime) -> SavedSearch:
    """Keep a search (params from `clean_params`) under `label` (its summary when empty), with
    the places it finds now as the digest's starting point. Raises TooManySearches."""
    if search_count(user) >= MAX_SEARCHES:
        raise TooManySearches()
    params = dict(params, langue_page=[locale])
    saved = SavedSearch(user_id=user.id, params=params, created_at=at,
                        label=(label or "").strip()[:LABEL_LENGTH] or default_label(params))
    found = results(saved)
    # `digest_at` says when `known` was taken: without it, the next digest takes it and tells
    # nothing (a search that could not run now must not make every place look new later).
    saved.known = sorted(found) if found is not None else []
    saved.digest_at = at if found is not None else None
    db.session.add(saved)
    db.session.flush()
    return saved


def rename_search(saved: SavedSearch, label: str) -> None:
    saved.label = label.strip()[:LABEL_LENGTH] or default_label(saved.params)
    db.session.flush()


def delete_search(saved: SavedSearch) -> None:
    db.session.delete(saved)
    db.session.flush()


def search_of(user, search_id: int) -> SavedSearch | None:
    """One of `user`'s saved searches, or None (another person's is nobody's business)."""
    return db.session.scalars(
        select(SavedSearch).where(SavedSearch.id == search_id, SavedSearch.user_id == user.id)
    ).first()


def search_url(saved: SavedSearch, *, external: bool = False) -> str:
    """The page of a saved search, with its arguments."""
    params = saved.params or {}
    args = {name: _first(params, name) for name in KEPT_ARGS.get(_first(params, "vue"), ())
            if _first(params, name)}
    if _first(params, "vue") == SUBNEED:
        endpoint, values = "directory.subneed", dict(need_slug=_first(params, "besoin"),
                                                     slug=_first(params, "sous_besoin"), **args)
    else:
        endpoint, values = "search.search", args
    if external:
        from portal.mail import absolute_url

        return absolute_url(endpoint, **values)
    return url_for(endpoint, **values)


def results(saved: SavedSearch) -> set[int] | None:
    """The places a saved search finds now, computed as its page does; None when the search
    cannot tell now (an index being rebuilt, a sub-need gone). "Ouvert maintenant" is left out:
    which places are open depends on the hour the digest runs, not on what changed."""
    params = saved.params or {}
    if _first(params, "vue") == SUBNEED:
        subneed = _subneed(params)
        if subneed is None:
            return None
        services = db.session.scalars(queries.services_for(subneed)).unique().all()
        services = presenters.with_filters(services, free=bool(_first(params, "gratuit")),
                                           walk_in=bool(_first(params, "sans_rdv")))
        return {s.partner_id for s in services}
    return _search_results(params)


def _search_results(params: dict) -> set[int] | None:
    from portal.search.core.engine import SearchRequest
    from portal.search.searching import search as run_search

    found: set[int] = set()
    page = 1
    while page <= SEARCH_PAGES:
        result = run_search(SearchRequest(
            text=_first(params, "q"), need=_first(params, "besoin") or None,
            quartier=_first(params, "quartier") or None, free=bool(_first(params, "gratuit")),
            walk_in=bool(_first(params, "sans_rdv")), audience=_first(params, "public") or None,
            language=_first(params, "langue") or None, locale=_first(params, "langue_page") or "fr",
            page=page, per_page=100,
        ))
        if result.unavailable:
            return None
        found |= {hit.partner_id for hit in result.hits}
        if page >= result.pages:
            break
        page += 1
    return found


# The professional's space -------------------------------------------------------------------

DIGEST_EVERY_DAYS = 7


def next_digest(user, favs: list[Favourite], searches: list[SavedSearch]) -> date | None:
    """About when the next weekly digest reaches `user`: a week after the last one that read
    their favourites or searches; None before the first one."""
    runs = []
    for favourite in favs:
        try:
            checked = datetime.fromisoformat((favourite.seen or {}).get("checked_at", ""))
        except (TypeError, ValueError):
            continue
        if (checked - favourite.created_at).total_seconds() > 60:  # not the starring itself
            runs.append(checked)
    runs += [s.digest_at for s in searches
             if s.digest_at is not None and (s.digest_at - s.created_at).total_seconds() > 60]
    if not runs:
        return None
    return today(max(runs) + timedelta(days=DIGEST_EVERY_DAYS))
