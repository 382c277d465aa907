"""The read-only JSON API: structures (published partners), services (live ones), the needs and
the quartiers. Every answer is JSON with an ETag (If-None-Match gives a 304) and may be kept
a minute by any cache; lists come page by page in a stable order, with a Link header.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import Response, current_app, request
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.api import filters, serializers
from portal.api.blueprint import api_url, bp, error_response, json_body
from portal.directory import presenters, queries
from portal.directory.models import Need, Partner, Quartier, Service, SubNeed
from portal.extensions import db

MAX_AGE = 60


def json_response(data, headers=None) -> Response:
    """`data` as the API's JSON, with a strong ETag of the body; a 304 when the client has it."""
    body = json_body(data)
    response = Response(body, mimetype="application/json", headers=headers)
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response.make_conditional(request)


@bp.errorhandler(filters.BadParameter)
def _bad_parameter(error: filters.BadParameter):
    return error_response(400, error.message, error.field)


def _quartier_slugs() -> dict[int, str]:
    return dict(db.session.execute(select(Quartier.id, Quartier.slug)).all())


def _need_slugs_of_subneeds() -> dict[int, str]:
    return dict(db.session.execute(select(SubNeed.id, Need.slug).join(SubNeed.need)).all())


def _page(statement, query: filters.ListQuery) -> tuple[int, list]:
    """How many rows match, and the rows of the page asked for."""
    count = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = db.session.scalars(statement.limit(query.page_size)
                              .offset((query.page - 1) * query.page_size)).unique().all()
    return count, list(rows)


def _page_url(query: filters.ListQuery, page: int) -> str:
    args = request.args.to_dict()
    args["page"] = str(page)
    if query.page_size != filters.DEFAULT_PAGE_SIZE:
        args["page_size"] = str(query.page_size)
    return api_url(request.endpoint, **args)


def _paged(query: filters.ListQuery, count: int, results: list) -> Response:
    """A page of a list, with links to its neighbours in the body and in a Link header."""
    last = max(1, -(-count // query.page_size))
    following = _page_url(query, query.page + 1) if query.page < last else None
    previous = _page_url(query, min(query.page - 1, last)) if query.page > 1 else None
    links = [f'<{_page_url(query, 1)}>; rel="first"', f'<{_page_url(query, last)}>; rel="last"']
    if following:
        links.append(f'<{following}>; rel="next"')
    if previous:
        links.append(f'<{previous}>; rel="prev"')
    data = {"count": count, "page": query.page, "page_size": query.page_size,
            "next": following, "previous": previous, "results": results}
    return json_response(data, headers={"Link": ", ".join(links)})


def _live_service_ids(partner_ids: list[int]) -> dict[int, list[int]]:
    """partner id -> ids of its live services, in one light query (no service is loaded)."""
    found: dict[int, list[int]] = {pid: [] for pid in partner_ids}
    if partner_ids:
        rows = db.session.execute(select(Service.partner_id, Service.id)
                                  .where(Service.partner_id.in_(partner_ids), Service.is_live)
                                  .order_by(Service.id))
        for partner_id, service_id in rows:
            found[partner_id].append(service_id)
    return found


def _structures(partners: list[Partner], at: datetime) -> list[dict]:
    quartiers = _quartier_slugs()
    services = _live_service_ids([p.id for p in partners])
    return [serializers.structure(p, quartiers=quartiers, service_ids=services[p.id], at=at)
            for p in partners]


def _with_everything_shown(statement):
    """Loader options for services: partner and its hours, stops and sub-needs, in a fixed
    number of queries whatever the page size."""
    return statement.options(joinedload(Service.partner).options(*queries.with_hours()),
                             selectinload(Service.stops), selectinload(Service.subneeds))


def _services(services: list[Service], at: datetime) -> list[dict]:
    quartiers, needs_of = _quartier_slugs(), _need_slugs_of_subneeds()
    return [serializers.service(s, quartiers=quartiers, needs_of=needs_of, at=at) for s in services]


@bp.get("/structures")
def structures():
    """Published partners, filtered, page by page."""
    query, at = filters.list_query(request.args), presenters.now()
    statement = filters.structures_statement(query, at).options(*queries.with_hours())
    count, partners = _page(statement, query)
    return _paged(query, count, _structures(partners, at))


@bp.get("/structures/<slug>")
def structure(slug: str):
    """One published partner (404 for any other)."""
    partner = db.first_or_404(select(Partner).where(Partner.slug == slug, Partner.is_published)
                              .options(*queries.with_hours()))
    return json_response(_structures([partner], presenters.now())[0])


@bp.get("/services")
def services():
    """Live services, filtered, page by page."""
    query, at = filters.list_query(request.args), presenters.now()
    count, rows = _page(_with_everything_shown(filters.services_statement(query, at)), query)
    return _paged(query, count, _services(rows, at))


@bp.get("/services/<int:service_id>")
def service(service_id: int):
    """One live service (404 for an archived one or one of an unpublished partner)."""
    item = db.first_or_404(_with_everything_shown(
        select(Service).where(Service.id == service_id, Service.is_live)))
    return json_response(_services([item], presenters.now())[0])


@bp.get("/needs")
def needs():
    """The needs in display order, each with its sub-needs."""
    rows = db.session.scalars(queries.needs_in_order(with_subneeds=True)).all()
    return json_response({"count": len(rows), "results": [serializers.need(n) for n in rows]})


@bp.get("/quartiers")
def quartiers():
    """The quartiers, alphabetically, without their polygons."""
    rows = db.session.scalars(queries.quartiers_by_name()).all()
    return json_response({"count": len(rows), "results": [serializers.quartier(q) for q in rows]})


@bp.get("/quartiers/<slug>")
def quartier(slug: str):
    """One quartier with its polygon (GeoJSON)."""
    item = db.first_or_404(queries.quartier_with_slug(slug))
    return json_response(serializers.quartier(item, with_geometry=True))


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI description of the API (the exports' paths included)."""
    from portal.api.openapi import document

    return json_response(document(api_url("api.structures").rsplit("/", 1)[0],
                                  current_app.config["PORTAL_OPEN_DATA_LICENCE"],
                                  current_app.config["PORTAL_OPEN_DATA_LICENCE_URL"]))
