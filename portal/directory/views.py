"""Public pages of the directory: home, needs, sub-needs, partners, quartiers, A–Z."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from sqlalchemy import func, select

from portal.directory import presenters, queries
from portal.directory.models import Need, Partner, Quartier, SubNeed
from portal.directory.seo import partner_jsonld
from portal.extensions import db
from portal.i18n import _

bp = Blueprint("directory", __name__)

QUARTIER_COOKIE = "quartier"
PAGE_SIZE = 20
LETTERS = [chr(c) for c in range(ord("A"), ord("Z") + 1)] + ["#"]


def _quartier_by_slug(slug: str) -> Quartier | None:
    return db.session.scalars(select(Quartier).where(Quartier.slug == slug)).first()


@bp.before_app_request
def remember_quartier() -> None:
    """The chosen quartier: from the URL first, then from the preference cookie."""
    g.quartier = None
    g.quartier_notice = None
    if request.endpoint == "static":
        return  # stylesheets and pictograms do not depend on the quartier: no query for them
    asked = request.args.get("quartier", "").strip()
    if asked:
        g.quartier = _quartier_by_slug(asked)
        if g.quartier is None:
            g.quartier_notice = _(
                "Le quartier « %(name)s » n'existe pas : la liste montre tous les quartiers.",
                name=asked[:60],
            )
        return
    saved = request.cookies.get(QUARTIER_COOKIE, "")
    if saved:
        g.quartier = _quartier_by_slug(saved)


@bp.app_context_processor
def quartier_context() -> dict:
    return {"chosen_quartier": g.get("quartier"), "quartier_notice": g.get("quartier_notice")}


def _page_number() -> int:
    """The requested page number; anything that is not a positive number is an unknown page."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1 or len(raw) > 6:
        abort(404)
    return int(raw)


@bp.get("/")
def home():
    """Home page: the 12 needs, the quartier choice, the A–Z index."""
    needs = db.session.scalars(select(Need).order_by(Need.position)).all()
    quartiers = db.session.scalars(queries.quartiers_by_name()).all()
    return render_template("directory/home.html", needs=needs, quartiers=quartiers)


@bp.get("/quartier")
def choose_quartier():
    """Remember the chosen quartier in a preference cookie, then go back to the page."""
    slug = request.args.get("quartier", "").strip()
    target = request.args.get("suivant", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("directory.home")
    response = redirect(target)
    if not slug:
        response.delete_cookie(QUARTIER_COOKIE)
    elif g.quartier is not None:
        # A preference, not a tracker: only the quartier's name, kept on the device.
        response.set_cookie(QUARTIER_COOKIE, g.quartier.slug, max_age=365 * 24 * 3600,
                            httponly=True, samesite="Lax",
                            secure=request.is_secure)
    return response


@bp.get("/besoins/<slug>")
def need(slug: str):
    """A need: its precise needs."""
    need = db.first_or_404(select(Need).where(Need.slug == slug))
    counts = dict(db.session.execute(queries.subneeds_with_offer(need)).all())
    return render_template("directory/need.html", need=need, counts=counts)


@bp.get("/besoins/<need_slug>/<slug>")
def subneed(need_slug: str, slug: str):
    """A precise need: the partners that offer it, the chosen quartier first."""
    subneed = db.first_or_404(
        select(SubNeed).join(Need).where(SubNeed.slug == slug, Need.slug == need_slug)
    )
    services = db.session.scalars(queries.services_for(subneed)).unique().all()
    cards = presenters.cards_for_services(services)
    filters = {
        "ouvert": request.args.get("ouvert") == "1",
        "gratuit": request.args.get("gratuit") == "1",
        "sans_rdv": request.args.get("sans_rdv") == "1",
    }
    total = len(cards)
    if filters["ouvert"]:
        cards = [c for c in cards if c.opening and c.opening.is_open]
    if filters["gratuit"]:
        cards = [c for c in cards if c.is_free]
    if filters["sans_rdv"]:
        cards = [c for c in cards if not c.needs_appointment]
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
    counts = dict(db.session.execute(
        select(Partner.quartier_id, func.count(Partner.id))
        .where(queries.is_published_partner()).group_by(Partner.quartier_id)
    ).all())
    rows = db.session.scalars(queries.quartiers_by_name()).all()
    return render_template("directory/quartiers.html", quartiers=rows, counts=counts)


@bp.get("/quartiers/<slug>")
def quartier(slug: str):
    """A quartier: its partners, page by page."""
    quartier = db.first_or_404(select(Quartier).where(Quartier.slug == slug))
    page = _page_number()
    query = queries.partners_in(quartier)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    if page > pages:
        abort(404)
    partners = db.session.scalars(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    cards = presenters.cards_for_partners(list(partners))
    return render_template("directory/quartier.html", quartier=quartier, cards=cards,
                           page=page, pages=pages, total=total)

