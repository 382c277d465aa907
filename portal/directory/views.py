"""Public pages of the directory: home, needs, sub-needs, partners, quartiers, A–Z."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from portal.accounts.access import is_safe_next
from portal.directory import chosen_quartier, presenters, queries
from portal.directory.seo import partner_jsonld
from portal.extensions import db
from portal.pagination import paginate

bp = Blueprint("directory", __name__)

PAGE_SIZE = 20
LETTERS = [chr(c) for c in range(ord("A"), ord("Z") + 1)] + ["#"]


@bp.get("/")
def home():
    """Home page: the 12 needs, the quartier choice, the A–Z index."""
    needs = db.session.scalars(queries.needs_in_order()).all()
    quartiers = db.session.scalars(queries.quartiers_by_name()).all()
    return render_template("directory/home.html", needs=needs, quartiers=quartiers)


@bp.get("/quartier")
def choose_quartier():
    """Remember the chosen quartier in a preference cookie, then go back to the page."""
    target = request.args.get("suivant", "")
    if not is_safe_next(target):
        target = url_for("directory.home")
    response = redirect(target)
    if not request.args.get("quartier", "").strip():
        response.delete_cookie(chosen_quartier.COOKIE)
    elif g.quartier is not None:
        # A preference, not a tracker: only the quartier's name, kept on the device.
        response.set_cookie(chosen_quartier.COOKIE, g.quartier.slug, max_age=chosen_quartier.COOKIE_MAX_AGE,
                            httponly=True, samesite="Lax", secure=request.is_secure)
    return response


@bp.get("/besoins/<slug>")
def need(slug: str):
    """A need: its precise needs."""
    need = db.first_or_404(queries.need_with_slug(slug))
    counts = dict(db.session.execute(queries.subneeds_with_offer(need)).all())
    return render_template("directory/need.html", need=need, counts=counts)


@bp.get("/besoins/<need_slug>/<slug>")
def subneed(need_slug: str, slug: str):
    """A precise need: the partners that offer it, the chosen quartier first."""
    subneed = db.first_or_404(queries.subneed_of(need_slug, slug))
    services = db.session.scalars(queries.services_for(subneed)).unique().all()
    filters = {
        "ouvert": request.args.get("ouvert") == "1",
        "gratuit": request.args.get("gratuit") == "1",
        "sans_rdv": request.args.get("sans_rdv") == "1",
    }
    total = len({s.partner_id for s in services})
    # The same rules as the search filters: a service must be free, or walk-in, itself.
    if filters["gratuit"]:
        services = [s for s in services if s.is_free]
    if filters["sans_rdv"]:
        services = [s for s in services if s.is_walk_in]
    cards = presenters.cards_for_services(services)
    if filters["ouvert"]:
        cards = [c for c in cards if c.opening and c.opening.is_open]
    cards = presenters.sort_cards(cards, g.quartier)
    return render_template("directory/subneed.html", subneed=subneed, need=subneed.need,
                           cards=cards, total=total, filters=filters)


@bp.get("/partenaires/<slug>")
def partner(slug: str):
    """A partner's page: everything needed to go there."""
    partner = db.first_or_404(queries.partner_page(slug))
    opening = presenters.opening(partner.schedule)
    return render_template("directory/partner.html", partner=partner, opening=opening,
                           jsonld=partner_jsonld(partner), now=presenters.now())


@bp.get("/partenaires/")
def partners_az():
    """A–Z index of partners, one letter at a time."""
    letter = request.args.get("lettre", "A").strip().upper() or "A"
    if letter not in LETTERS:
        abort(404)
    rows = db.session.execute(queries.published_partner_names()).all()
    present = {presenters.initial(name) for name, _slug, _q in rows}
    entries = sorted((r for r in rows if presenters.initial(r[0]) == letter),
                     key=lambda r: presenters.sort_key(r[0]))
    return render_template("directory/az.html", letter=letter, letters=LETTERS,
                           present=present, entries=entries, total=len(rows))


@bp.get("/quartiers/")
def quartiers():
    """The 12 quartiers, with how many partners each has."""
    counts = dict(db.session.execute(queries.partner_counts_by_quartier()).all())
    rows = db.session.scalars(queries.quartiers_by_name()).all()
    return render_template("directory/quartiers.html", quartiers=rows, counts=counts)


@bp.get("/quartiers/<slug>")
def quartier(slug: str):
    """A quartier: its partners, page by page."""
    quartier = db.first_or_404(queries.quartier_with_slug(slug))
    pager = paginate(queries.partners_in(quartier), PAGE_SIZE)
    pager.items = presenters.cards_for_partners(list(pager.items))
    return render_template("directory/quartier.html", quartier=quartier, pager=pager)
