"""The API's documentation for developers, as a page of the site (/api, in every language)."""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from sqlalchemy import select

from portal.api import filters
from portal.api.blueprint import api_url, pages_bp
from portal.directory import queries
from portal.directory.models import Partner, Quartier, Service
from portal.extensions import db


def _open_data_page() -> str:
    """The /donnees page (the files to download), wherever its view is declared."""
    for rule in current_app.url_map.iter_rules():
        if rule.rule == "/donnees":
            return url_for(rule.endpoint)
    return f"{request.script_root}/donnees"


def _examples() -> dict:
    """Real values for the example URLs: the first published partner and live service, a need,
    one of its sub-needs and a quartier."""
    needs = db.session.scalars(queries.needs_in_order(with_subneeds=True)).all()
    need = needs[0] if needs else None
    return {
        "structure": db.session.scalar(select(Partner.slug).where(Partner.is_published)
                                       .order_by(Partner.id).limit(1)),
        "service": db.session.scalar(select(Service.id).where(Service.is_live)
                                     .order_by(Service.id).limit(1)),
        "need": need.slug if need else None,
        "subneed": need.subneeds[0].slug if need and need.subneeds else None,
        "quartier": db.session.scalar(select(Quartier.slug).order_by(Quartier.name).limit(1)),
    }


@pages_bp.get("/api")
def api_doc():
    """What the JSON API offers, its filters and licence, with example addresses."""
    return render_template(
        "api/doc.html", base=api_url("api.structures").rsplit("/", 1)[0],
        openapi=api_url("api.openapi"), open_data_page=_open_data_page(), examples=_examples(),
        licence=current_app.config["PORTAL_OPEN_DATA_LICENCE"],
        licence_url=current_app.config["PORTAL_OPEN_DATA_LICENCE_URL"],
        default_size=filters.DEFAULT_PAGE_SIZE, max_size=filters.MAX_PAGE_SIZE, api_url=api_url,
    )
