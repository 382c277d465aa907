"""The back office of the workshops: the review queue, a review, network-wide events and the
dates of any workshop. Administrators only (the back office's blueprint)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from portal.accounts.csrf import keeps_typed_text
from portal.admin.blueprint import bp
from portal.extensions import db
from portal.i18n import _
from portal.workshops import forms, moderation, operations
from portal.workshops.models import Workshop
from portal.workshops.partner_views import (
    dates_page,
    page_context,
    render_form,
    save_form,
    subneed_choices,
    today,
)

PER_PAGE = 30


def _queue():
    order = case((moderation.awaiting_review(), 0), (Workshop.reviewed.is_(False), 1), else_=2)
    return (select(Workshop).options(selectinload(Workshop.partner))
            .order_by(order, Workshop.updated_at.desc(), Workshop.id.desc()))


@bp.get("/ateliers")
def workshop_queue():
    """Workshops to review first (new ones, proposals), then published unseen, then the rest."""
    pager = db.paginate(_queue(), per_page=PER_PAGE, error_out=False)
    rows = [(w, moderation.changes(w)) for w in pager.items]
    return render_template("workshops/admin_queue.html", pager=pager, rows=rows, **page_context())


def _get(workshop_id: int) -> Workshop:
    return db.get_or_404(Workshop, workshop_id)


@bp.get("/ateliers/<int:workshop_id>")
def workshop_review(workshop_id: int):
    """One workshop as residents would read it, and what its proposal changes."""
    workshop = _get(workshop_id)
    return _review_page(workshop, forms.ReasonForm(formdata=None), 200)


def _review_page(workshop: Workshop, reason_form, status: int):
    context = {**page_context(), "stage": moderation.stage(workshop)}
    return render_template("workshops/admin_review.html", workshop=workshop,
                           changes=moderation.changes(workshop), reason_form=reason_form,
                           approve_form=forms.NoteForm(formdata=None), **context), status


@bp.post("/ateliers/<int:workshop_id>/valider")
def approve_workshop(workshop_id: int):
    """Publish the workshop or apply its proposal."""
    workshop = _get(workshop_id)
    if not forms.NoteForm().validate_on_submit():
        abort(400)
    operations.approve(workshop, current_user)
    db.session.commit()
    flash(_("C'est validé : l'atelier est en ligne."), "success")
    return redirect(url_for("admin.workshop_queue"))


@bp.post("/ateliers/<int:workshop_id>/refuser")
def refuse_workshop(workshop_id: int):
    """Refuse the workshop or its proposal, with a reason the partner reads."""
    workshop = _get(workshop_id)
    form = forms.ReasonForm()
    if not form.validate_on_submit():
        return _review_page(workshop, form, 422)
    operations.refuse(workshop, current_user, form.reason.data)
    db.session.commit()
    flash(_("C'est refusé : le partenaire lira le motif sur la liste de ses ateliers."), "success")
    return redirect(url_for("admin.workshop_queue"))


def _event_form(workshop: Workshop | None):
    values = None
    if workshop is not None and request.method == "GET":
        values = operations.form_data(workshop.proposal or operations.values_of(workshop))
    form_class = forms.EventForm if workshop is None or workshop.partner_id is None else forms.WorkshopForm
    form = form_class(data=values, is_new=workshop is None, today=today())
    form.subneeds.choices = subneed_choices()
    if form.is_submitted():
        saved = save_form(form, workshop, workshop.partner if workshop is not None else None)
        if saved is not None:
            return redirect(url_for("admin.workshop_review", workshop_id=saved.id))
        return render_form("workshops/admin_form.html", form, 422, workshop=workshop)
    return render_form("workshops/admin_form.html", form, workshop=workshop)


@bp.route("/ateliers/nouveau", methods=["GET", "POST"])
@keeps_typed_text
def new_event():
    """Publish a network-wide event (no partner; an organiser named)."""
    return _event_form(None)


@bp.route("/ateliers/<int:workshop_id>/modifier", methods=["GET", "POST"])
@keeps_typed_text
def edit_event(workshop_id: int):
    """Change any workshop or event; an administrator's change is published at once."""
    return _event_form(_get(workshop_id))


@bp.route("/ateliers/<int:workshop_id>/dates", methods=["GET", "POST"])
@keeps_typed_text
def event_dates(workshop_id: int):
    """Cancel a date, mark it full or put it back, for any workshop."""
    workshop = _get(workshop_id)
    back = url_for("admin.event_dates", workshop_id=workshop.id)
    return dates_page(workshop, back, "workshops/admin_dates.html")
