"""Ma sélection: add, reorder, note and remove places (professionals; works without JavaScript).

Every button is a small POST form that changes the selection kept in the session
(orientation.selection) and comes back with a redirect; nothing is written to the database.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from portal.accounts.access import is_safe_next
from portal.directory.models import Partner, Service
from portal.extensions import db
from portal.i18n import _, select_locale
from portal.orientation import selection
from portal.orientation.blueprint import bp
from portal.orientation.forms import (
    AddForm,
    ClearForm,
    EntryForm,
    MoveForm,
    SlipForm,
    note_field_name,
    notes_form,
)


def _back_to_selection():
    return redirect(url_for("orientation.selection_page"))


def _page(notes=None, status: int = 200):
    entries = selection.entries()
    notes = notes or notes_form(entries)
    slip_form = SlipForm(formdata=None, locale=select_locale())
    return render_template(
        "orientation/selection.html", entries=entries, notes=notes, note_name=note_field_name,
        slip_form=slip_form, max_items=selection.MAX_ITEMS,
    ), status


@bp.get("/selection")
def selection_page():
    """The selection in order: notes, order, removal, and the way to the slip."""
    return _page()


@bp.post("/selection/ajouter")
def selection_add():
    """Add a published place, or one of its live services, then go back to the page it was
    added from (a path on this site only)."""
    form = AddForm()
    if not form.validate_on_submit():
        abort(400)
    partner = db.session.get(Partner, form.partner_id.data)
    if partner is None or not partner.is_published:
        abort(404)
    service = None
    if form.service_id.data:
        service = db.session.get(Service, form.service_id.data)
        if service is None or service.partner_id != partner.id or not service.is_live:
            abort(404)
    name = service.name if service is not None else partner.name
    if selection.add(partner.id, service.id if service is not None else None):
        flash(_("Ajouté à votre sélection : %(name)s.", name=name), "success")
    elif selection.key_of(partner.id, service.id if service else None) in selection.keys():
        flash(_("Déjà dans votre sélection : %(name)s.", name=name), "info")
    else:
        flash(_("Votre sélection est pleine (%(max)d lieux au plus). Retirez un lieu ou videz la "
                "sélection avant d'en ajouter un autre.", max=selection.MAX_ITEMS), "error")
    target = form.suivant.data
    return redirect(target if is_safe_next(target) else url_for("orientation.selection_page"))


def save_typed_notes():
    """Every button of the selection's form sends the notes typed beside the places: keep them
    first, so that moving a place or making the slip never loses a note. Returns the page
    to show again (422) when a note is refused, else None."""
    entries = selection.entries()
    form = notes_form(entries)
    if not form.validate_on_submit():
        flash(_("Les notes n'ont pas été enregistrées : corrigez ce qui est signalé."), "error")
        return _page(form, 422)
    sent = {entry.key: form[note_field_name(entry.key)].data for entry in entries
            if note_field_name(entry.key) in request.form}
    selection.set_notes(sent)
    return None


@bp.post("/selection/notes")
def selection_notes():
    """Save the notes of every entry at once; a note too long comes back with what was typed."""
    refused = save_typed_notes()
    if refused is not None:
        return refused
    flash(_("Les notes sont enregistrées."), "success")
    return _back_to_selection()


@bp.post("/selection/retirer")
def selection_remove():
    form = EntryForm()
    if not form.validate_on_submit():
        abort(400)
    refused = save_typed_notes()
    if refused is not None:
        return refused
    selection.remove(form.key.data)
    flash(_("Le lieu est retiré de votre sélection."), "success")
    return _back_to_selection()


@bp.post("/selection/deplacer")
def selection_move():
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    refused = save_typed_notes()
    if refused is not None:
        return refused
    selection.move(form.key, form.offset)
    flash(_("L'ordre des lieux est modifié."), "success")
    return redirect(url_for("orientation.selection_page", _anchor=f"lieu-{form.key}"))


@bp.post("/selection/vider")
def selection_clear():
    if not ClearForm().validate_on_submit():
        abort(400)
    selection.clear()
    flash(_("La sélection est vide : vous pouvez commencer celle de la personne suivante."), "success")
    return _back_to_selection()


@bp.app_template_global("return_here")
def here() -> str:
    """The current page's path with its language prefix and query string: where the toolkit's
    buttons on a page ("Ajouter à ma sélection", "Suivre ce lieu") come back to."""
    path = request.script_root + request.full_path
    return path[:-1] if path.endswith("?") else path
