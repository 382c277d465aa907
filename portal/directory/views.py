"""Public pages of the directory: home, needs, sub-needs, partners, quartiers, A–Z."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request, url_for

from portal.accounts.access import is_safe_next
from portal.directory import chosen_quartier, emergency, near, presenters, queries
from portal.directory.constants import URGENT_NEEDS
from portal.directory.seo import partner_jsonld
from portal.extensions import db
from portal.pagination import Pager, page_number
from portal.workshops import presenters as workshop_text
from portal.workshops import teasers

bp = Blueprint("directory", __name__)

PAGE_SIZE = 20
LETTERS = [chr(c) for c in range(ord("A"), ord("Z") + 1)] + ["#"]


@bp.get("/")
def home():
    """Home page: the 12 needs, the quartier choice, the A–Z index."""
    needs = db.session.scalars(queries.needs_in_order()).all()
    quartiers = db.session.scalars(queries.quartiers_by_name()).all()
    today = presenters.now().date()
    return render_template("directory/home.html", needs=needs, quartiers=quartiers,
                           emergency_numbers=emergency.NUMBERS, today=today, wtext=workshop_text,
                           workshop_sessions=teasers.for_home(today, g.get("quartier")))


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
    today = presenters.now().date()
    return render_template("directory/need.html", need=need, counts=counts,
                           emergency_numbers=emergency.numbers_for_need(need.slug),
                           today=today, wtext=workshop_text, workshop_sessions=teasers.for_need(need, today))


@bp.get("/besoins/<need_slug>/<slug>")
def subneed(need_slug: str, slug: str):
    """A precise need: the partners that offer it, nearest to the resident first (open ones
    first, then the soonest to open, for emergencies)."""
    subneed = db.first_or_404(queries.subneed_of(need_slug, slug))
    origin = near.resolve()
    services = db.session.scalars(queries.services_for(subneed)).unique().all()
    filters = {
        "ouvert": request.args.get("ouvert") == "1",
        "gratuit": request.args.get("gratuit") == "1",
        "sans_rdv": request.args.get("sans_rdv") == "1",
    }
    total = len({s.partner_id for s in services})
    services = presenters.with_filters(services, free=filters["gratuit"], walk_in=filters["sans_rdv"])
    cards = presenters.cards_for_services(services)
    if filters["ouvert"]:
        cards = [c for c in cards if c.opening and c.opening.is_open]
    cards = presenters.sort_cards(cards, origin, soonest_open=subneed.need.slug in URGENT_NEEDS)
    return render_template("directory/subneed.html", subneed=subneed, need=subneed.need,
                           cards=cards, total=total, filters=filters, near=origin,
                           near_errors=g.near_errors, quartiers=_quartiers(),
                           urgent=subneed.need.slug in URGENT_NEEDS)


def _quartiers() -> list:
    return db.session.scalars(queries.quartiers_by_name()).all()


@bp.get("/partenaires/<slug>")
def partner(slug: str):
    """A partner's page: everything needed to go there."""
    partner = db.first_or_404(queries.partner_page(slug))
    opening = presenters.opening(partner.schedule)
    now = presenters.now()
    return render_template("directory/partner.html", partner=partner, opening=opening,
                           jsonld=partner_jsonld(partner), now=now, today=now.date(), wtext=workshop_text,
                           workshop_groups=teasers.for_partner(partner, now.date()))


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
    """A quartier: its partners and the services held there, nearest first, page by page."""
    quartier = db.first_or_404(queries.quartier_with_slug(slug))
    asked = request.args.get("quartier", "").strip()
    if asked and asked != quartier.slug and g.quartier is not None:
        return redirect(url_for("directory.quartier", slug=g.quartier.slug))  # another quartier chosen
    origin = near.resolve()
    if origin is None or (origin.kind == "quartier" and origin.quartier.id != quartier.id):
        origin = near.from_quartier(quartier)  # within a quartier, nearest to its centre
        shown_origin = None
    else:
        shown_origin = origin
    partners = db.session.scalars(queries.partners_in(quartier)).unique().all()
    cards = presenters.cards_for_partners(list(partners))
    cards += presenters.cards_for_services(
        db.session.scalars(queries.services_held_in(quartier)).unique().all())
    cards = _one_card_each(cards)
    for card in cards:
        card.services = [s for s in card.services
                         if card.partner.quartier_id == quartier.id
                         or any(p.quartier_id == quartier.id for p in s.places)] or card.services
    cards = presenters.sort_cards(cards, origin)
    pager = Pager.of(page_number(), len(cards), PAGE_SIZE)
    if pager.page > max(pager.pages, 1):
        abort(404)
    start = (pager.page - 1) * PAGE_SIZE
    pager.items = cards[start:start + PAGE_SIZE]
    return render_template("directory/quartier.html", quartier=quartier, pager=pager,
                           near=shown_origin, near_errors=g.near_errors, quartiers=_quartiers())


def _one_card_each(cards: list[presenters.Card]) -> list[presenters.Card]:
    seen: dict[int, presenters.Card] = {}
    for card in cards:
        seen.setdefault(card.partner.id, card)
    return list(seen.values())


@bp.context_processor
def _emergency_context() -> dict:
    """What the emergency partials need on every page of the directory (constants, no query)."""
    return {"urgent_call_for": emergency.urgent_call_for, "emergency_need": emergency.EMERGENCY_NEED}


@bp.get("/plan-du-site")
def site_map():
    """The plan of the site for people: every need and precise need, the quartiers, the rest."""
    needs = db.session.scalars(queries.needs_in_order(with_subneeds=True)).all()
    return render_template("directory/site_map.html", needs=needs, quartiers=_quartiers())


# A browser asks for /favicon.ico on its own; icons change rarely, so browsers keep them a week.
ICONS = {"favicon.ico": "image/x-icon", "favicon.svg": "image/svg+xml"}
ICON_MAX_AGE = 7 * 24 * 3600


@bp.get("/favicon.ico", defaults={"name": "favicon.ico"})
@bp.get("/favicon.svg", defaults={"name": "favicon.svg"})
def favicon(name: str):
    """The site's icon, at the root where browsers look for it without being told."""
    # Sent from memory, not as an open file: browsers often drop an icon request half-way.
    data = (Path(current_app.static_folder) / name).read_bytes()
    response = Response(data, mimetype=ICONS[name])
    response.cache_control.public = True
    response.cache_control.max_age = ICON_MAX_AGE
    response.add_etag()
    return response.make_conditional(request)
