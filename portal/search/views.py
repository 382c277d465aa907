"""The search page, and the OpenSearch description that lets browsers use it."""

from __future__ import annotations

import time

from flask import Blueprint, abort, current_app, g, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from portal.directory import near, presenters, queries
from portal.directory.constants import AUDIENCES, LANGUAGES
from portal.extensions import db
from portal.i18n import _, select_locale
from portal.pagination import Pager
from portal.search import operations, pagecache
from portal.search import workshops as workshop_search
from portal.search.core.engine import Hit, SearchRequest
from portal.search.core.ranking import km
from portal.search.forms import SearchForm, read_form
from portal.search.searching import search as run_search
from portal.search.store.generations import index_root, stamp_key
from portal.workshops import presenters as workshop_text

bp = Blueprint("search", __name__)

PER_PAGE = 20


def _origin(form: SearchForm) -> tuple[float, float] | None:
    """Where distances are measured from: the place the list pages use (portal.directory.near),
    its address message shown next to the search form's address field."""
    origin = near.resolve()
    if "adresse" in g.near_errors:
        form.errors["address"] = g.near_errors["adresse"]
    if origin is None:
        return None
    if origin.kind == "address":
        form.address_label = origin.label
    return origin.point


def _cards(hits: list[Hit], origin: tuple[float, float] | None = None) -> list[presenters.Card]:
    """One card per hit (a partner), in the hits' order, with its matched services best first,
    its distance as the search measured it and, then, the place that distance leads to."""
    ids = [service_id for h in hits for service_id in h.service_ids]
    services = {s.id: s for s in db.session.scalars(queries.services_by_ids(ids)).unique()}
    # Each partner is one hit, so grouping the services by partner keeps one card per hit.
    ordered = [services[service_id] for service_id in ids if service_id in services]
    cards = presenters.cards_for_services(ordered)
    distances = {h.partner_id: h.distance_km for h in hits}
    for card in cards:
        card.distance_km = distances.get(card.partner.id)
        located = [p for p in card.places if p.has_point]
        if origin is not None and card.distance_km is not None and located:
            card.nearest = min(located, key=lambda p: km(*origin, p.latitude, p.longitude))
    return cards


def _log(form: SearchForm, total: int, started: float) -> None:
    """Log the first page of each search (never who searched)."""
    if form.page == 1:
        operations.log_search(form.q, form.filters, total, (time.perf_counter() - started) * 1000)
        db.session.commit()


@bp.get("/recherche")
def search():
    """Search with everyday words, filter with counts, sort by relevance or distance."""
    needs = db.session.scalars(queries.needs_in_order()).all()
    quartiers = {q.slug: q for q in db.session.scalars(queries.quartiers_by_name())}
    form = read_form(request.args, {n.slug for n in needs}, set(quartiers))
    if form.page < 1:
        abort(404)
    choices = {
        "need": [(n.slug, _(n.label)) for n in needs],
        "quartier": [(slug, q.name) for slug, q in quartiers.items()],
        "audience": [(code, str(text)) for code, text in AUDIENCES.items()],
        "language": [(code, str(text)) for code, text in LANGUAGES.items()],
    }
    context = {"form": form, "needs": needs, "choices": choices, "result": None, "cards": []}
    if form.is_empty:
        return _page(form, render_template("search/_search.html", **context))

    started = time.perf_counter()
    key = _cache_key(form)
    cached = pagecache.get(key) if key else None
    if cached is not None:
        html, total = cached
        _log(form, total, started)
        return _page(form, html)

    origin = _origin(form)
    result = run_search(SearchRequest(
        text=form.q, need=form.need or None, quartier=form.quartier or None,
        open_now=form.open_now, free=form.free, walk_in=form.walk_in,
        audience=form.audience or None, language=form.language or None, locale=select_locale(),
        sort="distance" if form.sort == "distance" and origin else "relevance",
        origin=origin, page=form.page, per_page=PER_PAGE,
    ), at=presenters.now())
    if form.page > max(result.pages, 1):
        abort(404)
    if not result.unavailable:  # "nothing found" would be a false entry in the zero-result list
        _log(form, result.total, started)
    context.update(result=result, cards=_cards(result.hits, origin),
                   pager=Pager.of(form.page, result.total, PER_PAGE), **_workshops(form))
    html = render_template("search/_search.html", **context)
    if key and not form.errors and not result.unavailable:
        pagecache.put(key, html, result.total)
    return _page(form, html)


def _workshops(form: SearchForm) -> dict:
    """The next workshops the words answer, on the first page of a search with words."""
    if not form.q or form.page != 1:
        return {}
    today = presenters.now().date()
    sessions = workshop_search.matching_sessions(
        form.q, select_locale(), today, need=form.need, quartier=form.quartier, free=form.free)
    return {"workshop_sessions": sessions, "today": today, "wtext": workshop_text}


def _page(form: SearchForm, search_html: str) -> str:
    """The whole page around the form and results, rendered for this visitor (host, messages)."""
    return render_template("search/results.html", form=form, search_html=Markup(search_html))


def _cache_key(form: SearchForm) -> tuple | None:
    """What a rendered result page depends on; None when it must not be shared."""
    if current_user.is_authenticated or form.address or request.args.get("pres"):
        return None  # personal header; addresses and positions are personal data, never kept
    root = index_root()
    stamp = stamp_key(root)
    if stamp is None:
        return None
    minute = int(presenters.now().timestamp() // 60)
    quartier = g.quartier.slug if g.get("quartier") else ""
    saved = near.parse_point(request.cookies.get(near.COOKIE, ""))  # rounded, shared by neighbours
    return (str(root), stamp, minute, request.script_root, request.query_string, quartier, saved)


@bp.get("/opensearch.xml")
def opensearch():
    """OpenSearch description: lets a browser add the portal as a search engine."""
    template = url_for("search.search", _external=True) + "?q={searchTerms}"
    xml = render_template("search/opensearch.xml", template=template)
    return current_app.response_class(xml, mimetype="application/opensearchdescription+xml")
