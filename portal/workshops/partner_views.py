"""The partner's workshops in its space: the list, the form, the dates, cancel and withdraw.

Pages hang on the partner space's blueprint (members and administrators); a member sees only
the workshops of the partners they belong to, every other one answers 404. A "Je corrige" link
opens the listing only, never these pages.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from portal.accounts.access import can_edit_partner, partner_for_member_or_404
from portal.accounts.csrf import keeps_typed_text
from portal.directory import presenters as directory_presenters
from portal.directory.models import Partner
from portal.directory.queries import needs_in_order
from portal.extensions import db
from portal.i18n import _, ngettext
from portal.moderation import limits
from portal.partners.blueprint import bp
from portal.workshops import constants as wc
from portal.workshops import forms, moderation, operations, presenters
from portal.workshops.models import Workshop
from portal.workshops.queries import sessions_of

DATES_AHEAD = 366  # the dates page shows the next twelve months
NEXT_SHOWN = 3


def today() -> date:
    """Today in Paris."""
    return directory_presenters.now().date()


def page_context() -> dict:
    """What every workshop page of the space and the back office reads."""
    return {"present": presenters, "today": today(), "stage": moderation.stage,
            "level_hints": wc.LEVEL_HINTS, "conflict": None}


def subneed_choices() -> list[SelectChoice]:
    """The sub-needs as checkboxes, grouped by need."""
    return [SelectChoice(sub.slug, _(sub.label), optgroup=_(need.label))
            for need in db.session.scalars(needs_in_order(with_subneeds=True)) for sub in need.subneeds]


def _partner(slug: str) -> Partner:
    partner = partner_for_member_or_404(slug)
    if not can_edit_partner(current_user, partner):
        abort(404)  # a "Je corrige" link opens the listing, not its workshops
    return partner


def _workshop(partner: Partner, workshop_id: int) -> Workshop:
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or workshop.partner_id != partner.id:
        abort(404)
    return workshop


@bp.get("/<slug>/ateliers")
def workshops(slug: str):
    """The partner's workshops, upcoming first then past, each with its status in words."""
    partner = _partner(slug)
    day = today()
    found = db.session.scalars(select(Workshop).where(Workshop.partner_id == partner.id)
                               .options(selectinload(Workshop.dates))).all()
    upcoming = sorted((w for w in found if w.last_day >= day), key=lambda w: (w.first_day, w.id))
    past = sorted((w for w in found if w.last_day < day), key=lambda w: w.last_day, reverse=True)
    next_dates = {w.id: sessions_of(w, day, day + timedelta(days=DATES_AHEAD))[:NEXT_SHOWN]
                  for w in upcoming}
    return render_template("workshops/partner_list.html", partner=partner, upcoming=upcoming,
                           past=past, next_dates=next_dates, **page_context())


def render_form(template: str, form, status: int = 200, **context):
    """The workshop form page: 200, or 422 when a submitted form has errors."""
    return render_template(template, form=form, **page_context(), **context), status


def save_form(form, workshop: Workshop | None, partner: Partner | None):
    """Validate, place the address, then create or update; None when the form must come back."""
    if not form.validate_on_submit():
        return None
    values = operations.values_from(form)
    before = None
    if workshop is not None:
        before = workshop.proposal or operations.values_of(workshop)
    located = operations.locate(values, before, bool(form.place_unlocated.data))
    if located.problem:
        form.address.errors = [*form.address.errors, located.problem]
        form.place_unlocated.shown = True
        return None
    if workshop is None:
        workshop = operations.create(partner, values, current_user)
        outcome = "published" if workshop.status == wc.PUBLISHED else "pending"
    else:
        outcome = operations.update(workshop, values, current_user)
    db.session.commit()
    flash({"published": _("C'est en ligne : l'atelier est visible par tout le monde."),
           "pending": _("C'est enregistré. L'atelier sera visible après sa validation par l'équipe "
                        "du CCAS."),
           "proposal": _("C'est enregistré. Votre modification sera visible après sa validation par "
                         "l'équipe du CCAS ; en attendant, les habitants voient la version publiée."),
           "unchanged": _("Rien n'a changé.")}[outcome], "success")
    return workshop


def too_many_workshops(partner: Partner) -> str | None:
    """Why a member may not add one more workshop to this partner, or None. A member (or a stolen
    account, or a script) adding without end would flood the planning: the partner's workshops
    still to come, not withdrawn nor refused, are capped (PORTAL_MAX_WORKSHOPS_PER_PARTNER,
    0: no cap); administrators are not."""
    cap = current_app.config.get("PORTAL_MAX_WORKSHOPS_PER_PARTNER", 0)
    if not cap or not limits.applies_to(current_user):
        return None
    day = today()
    coming = db.session.scalar(select(func.count()).select_from(Workshop).where(
        Workshop.partner_id == partner.id, Workshop.status.not_in((wc.WITHDRAWN, wc.REJECTED)),
        or_(Workshop.until >= day, Workshop.first_day >= day)))
    if coming < cap:
        return None
    return ngettext("Ce partenaire a déjà %(num)d atelier à venir, le maximum : rien n'est "
                    "enregistré. Retirez un atelier terminé ou modifiez-en un existant.",
                    "Ce partenaire a déjà %(num)d ateliers à venir, le maximum : rien n'est "
                    "enregistré. Retirez un atelier terminé ou modifiez-en un existant.", cap)


def _form(partner: Partner, workshop: Workshop | None):
    values = None
    if workshop is not None and request.method == "GET":
        values = operations.form_data(workshop.proposal or operations.values_of(workshop))
    form = forms.WorkshopForm(data=values, is_new=workshop is None, today=today())
    form.subneeds.choices = subneed_choices()
    form.place_kind.description = _("L'adresse du partenaire : %(address)s, %(postcode)s %(city)s.",
                                    address=partner.address, postcode=partner.postcode, city=partner.city)
    full = too_many_workshops(partner) if workshop is None else None
    if full:
        status = 422 if form.is_submitted() else 200  # what was typed comes back with the message
        return render_form("workshops/partner_form.html", form, status, partner=partner,
                           workshop=None, limit_message=full)
    if form.is_submitted():
        saved = save_form(form, workshop, partner)
        if saved is not None:
            return redirect(url_for("partners.workshops", slug=partner.slug))
        return render_form("workshops/partner_form.html", form, 422, partner=partner, workshop=workshop)
    return render_form("workshops/partner_form.html", form, partner=partner, workshop=workshop)


@bp.route("/<slug>/ateliers/nouveau", methods=["GET", "POST"])
@keeps_typed_text
def new_workshop(slug: str):
    """Describe a new workshop."""
    return _form(_partner(slug), None)


@bp.route("/<slug>/ateliers/<int:workshop_id>", methods=["GET", "POST"])
@keeps_typed_text
def edit_workshop(slug: str, workshop_id: int):
    """Change a workshop (a change of a published one may wait for review)."""
    partner = _partner(slug)
    return _form(partner, _workshop(partner, workshop_id))


DATE_ACTIONS = {"cancel": wc.CANCELLED, "full": wc.FULL, "normal": None}


def dates_page(workshop: Workshop, back: str, template: str, **context):
    """The next sessions with their buttons; a button changes one date at once."""
    day = today()
    sessions = sessions_of(workshop, day, day + timedelta(days=DATES_AHEAD))
    if request.method == "POST":
        form = forms.NoteForm()
        action = request.form.get("action")
        try:
            chosen = date.fromisoformat(request.form.get("day", ""))
        except ValueError:
            abort(400)
        if not form.validate_on_submit() or action not in DATE_ACTIONS or \
                chosen not in {s.day for s in sessions}:
            abort(400)
        state = DATE_ACTIONS[action]
        operations.set_date_state(workshop, chosen, state, form.note.data if state == wc.CANCELLED else "")
        db.session.commit()
        flash({"cancel": _("La séance est annulée : les habitants le voient dès maintenant."),
               "full": _("La séance est marquée complète : les habitants le voient dès maintenant."),
               "normal": _("La séance est de nouveau ouverte.")}[action], "success")
        return redirect(back)
    return render_template(template, workshop=workshop, sessions=sessions,
                           note_form=forms.NoteForm(), **page_context(), **context)


@bp.route("/<slug>/ateliers/<int:workshop_id>/dates", methods=["GET", "POST"])
@keeps_typed_text
def workshop_dates(slug: str, workshop_id: int):
    """Cancel a date, mark it full or put it back: published at once."""
    partner = _partner(slug)
    workshop = _workshop(partner, workshop_id)
    back = url_for("partners.workshop_dates", slug=partner.slug, workshop_id=workshop.id)
    return dates_page(workshop, back, "workshops/partner_dates.html", partner=partner)


@bp.post("/<slug>/ateliers/<int:workshop_id>/annuler")
def cancel_workshop(slug: str, workshop_id: int):
    """Cancel the whole workshop, at once, with a reason for residents."""
    partner = _partner(slug)
    workshop = _workshop(partner, workshop_id)
    form = forms.NoteForm()
    if not form.validate_on_submit():
        abort(400)
    operations.cancel(workshop, form.note.data or "")
    db.session.commit()
    flash(_("L'atelier est annulé : les habitants le voient dès maintenant."), "success")
    return redirect(url_for("partners.workshops", slug=partner.slug))


@bp.post("/<slug>/ateliers/<int:workshop_id>/retirer")
def withdraw_workshop(slug: str, workshop_id: int):
    """Withdraw the workshop: residents no longer see it."""
    partner = _partner(slug)
    workshop = _workshop(partner, workshop_id)
    if not forms.NoteForm().validate_on_submit():
        abort(400)
    operations.withdraw(workshop)
    db.session.commit()
    flash(_("L'atelier est retiré : les habitants ne le voient plus."), "success")
    return redirect(url_for("partners.workshops", slug=partner.slug))
