"""Favourites and saved searches of a professional, and "Mon espace professionnel"."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.access import is_safe_next, sees_pro_info
from portal.db import utcnow
from portal.directory import presenters
from portal.directory.models import Partner
from portal.extensions import db
from portal.i18n import _, select_locale
from portal.orientation import favourites
from portal.orientation.blueprint import bp
from portal.orientation.favourite_forms import RenameSearchForm, SaveSearchForm


def favourite_ids() -> set[int]:
    """The places the signed-in professional follows (one query per page, when first asked)."""
    if "favourite_ids" not in g:
        g.favourite_ids = favourites.starred_ids(current_user) if sees_pro_info(current_user) else set()
    return g.favourite_ids


@bp.before_app_request
def _forget_favourite_ids() -> None:
    # `g` outlives a request when the application context is shared (tests keep one open).
    g.pop("favourite_ids", None)


def save_search_view() -> str | None:
    """Which kind of search this page is ("subneed" or "search"), for "Enregistrer cette
    recherche"; None elsewhere."""
    return {"directory.subneed": favourites.SUBNEED, "search.search": favourites.SEARCH}.get(request.endpoint)


@bp.record_once
def _template_globals(state) -> None:
    # Globals, not a context processor: the cards' macros are imported without the context.
    state.app.jinja_env.globals.update(favourite_ids=favourite_ids, save_search_view=save_search_view,
                                       saved_search_args=favourites.KEPT_ARGS)


def _back(default: str) -> str:
    target = request.form.get("suivant", "")
    return target if is_safe_next(target) else default


def _rename_form(saved) -> RenameSearchForm:
    return RenameSearchForm(prefix=f"recherche-{saved.id}", formdata=None, data={"label": saved.label})


def _home(rename_forms: dict | None = None, status: int = 200):
    favs = favourites.favourites_of(current_user)
    searches = favourites.searches_of(current_user)
    forms = {s.id: _rename_form(s) for s in searches}
    forms.update(rename_forms or {})
    at = presenters.now()
    openings = {f.id: presenters.opening(f.partner.schedule, at) for f in favs if f.partner.is_published}
    return render_template(
        "orientation/home.html", favourites=favs, openings=openings, searches=searches,
        rename_forms=forms, last_change=favourites.last_change,
        search_url=favourites.search_url, next_digest=favourites.next_digest(current_user, favs, searches),
        max_searches=favourites.MAX_SEARCHES,
    ), status


@bp.get("/")
def home():
    """"Mon espace professionnel": followed places, saved searches, and the other tools."""
    return _home()


@bp.post("/favoris/<int:partner_id>")
def star(partner_id: int):
    """Follow a published place; the weekly digest tells what changes on it."""
    partner = db.get_or_404(Partner, partner_id)
    if not partner.is_published:
        abort(404)
    favourites.star(current_user, partner, utcnow())
    db.session.commit()
    flash(_("Vous suivez « %(name)s ». Le résumé de la semaine vous dira ce qui y change.",
            name=partner.name), "success")
    return redirect(_back(url_for("directory.partner", slug=partner.slug)))


@bp.post("/favoris/<int:partner_id>/retirer")
def unstar(partner_id: int):
    """Stop following a place (a place unpublished since can be left too)."""
    partner = db.get_or_404(Partner, partner_id)
    if favourites.unstar(current_user, partner.id):
        db.session.commit()
        flash(_("Vous ne suivez plus « %(name)s ».", name=partner.name), "success")
    return redirect(_back(url_for(".home")))


@bp.post("/recherches")
def save_search():
    """Keep the search of the page the form was on, under a name."""
    form = SaveSearchForm()
    params = favourites.clean_params(form.vue.data or "", request.form)
    if params is None:
        abort(404)  # forged: the form only ever sends a page's own search
    if form.validate_on_submit():
        try:
            saved = favourites.save_search(current_user, params, form.label.data or "", select_locale(),
                                           utcnow())
        except favourites.TooManySearches:
            form.label.errors = list(form.label.errors) + [
                _("Vous avez déjà %(num)d recherches enregistrées, le maximum : supprimez-en une "
                  "dans votre espace professionnel avant d'en enregistrer une autre.",
                  num=favourites.MAX_SEARCHES)]
        else:
            db.session.commit()
            flash(_("Recherche enregistrée : « %(label)s ». Vous la retrouvez dans votre espace "
                    "professionnel.", label=saved.label), "success")
            return redirect(favourites.search_url(saved))
    return render_template("orientation/save_search.html", form=form, params=params,
                           summary=favourites.default_label(params)), 422


@bp.post("/recherches/<int:search_id>/renommer")
def rename_search(search_id: int):
    saved = favourites.search_of(current_user, search_id) or abort(404)
    form = RenameSearchForm(prefix=f"recherche-{saved.id}")
    if not form.validate_on_submit():
        return _home({saved.id: form}, 422)
    favourites.rename_search(saved, form.label.data or "")
    db.session.commit()
    flash(_("Recherche renommée : « %(label)s ».", label=saved.label), "success")
    return redirect(url_for(".home"))


@bp.post("/recherches/<int:search_id>/supprimer")
def delete_search(search_id: int):
    saved = favourites.search_of(current_user, search_id) or abort(404)
    label = saved.label
    favourites.delete_search(saved)
    db.session.commit()
    flash(_("Recherche supprimée : « %(label)s ».", label=label), "success")
    return redirect(url_for(".home"))
