"""A simple search box over needs and partner names (the full-text search replaces it)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select

from portal.directory import presenters, queries
from portal.directory.models import Need, Partner, SubNeed
from portal.directory.text import fold
from portal.extensions import db

bp = Blueprint("search", __name__)

MAX_RESULTS = 30


@bp.get("/recherche")
def search():
    """Match the words typed against sub-needs and partner names, ignoring case and accents."""
    raw = request.args.get("q", "")[:200]
    words = [w for w in fold(raw).split() if len(w) > 1]
    subneeds: list[SubNeed] = []
    cards: list[presenters.Card] = []
    if words:
        all_subneeds = db.session.scalars(select(SubNeed).join(Need).order_by(
            Need.position, SubNeed.position)).all()
        subneeds = [s for s in all_subneeds
                    if all(w in fold(f"{s.label} {s.description} {s.need.label}") for w in words)]
        rows = db.session.execute(select(Partner.id, Partner.name).where(
            queries.is_published_partner())).all()
        ids = [pid for pid, name in rows if all(w in fold(name) for w in words)][:MAX_RESULTS]
        if ids:
            partners = db.session.scalars(
                select(Partner).where(Partner.id.in_(ids)).options(*queries.with_hours())
            ).all()
            cards = presenters.sort_cards(presenters.cards_for_partners(list(partners)), None)
    return render_template("search/results.html", q=raw, subneeds=subneeds, cards=cards,
                           searched=bool(words))
