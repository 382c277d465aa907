"""The partner's own space: the member's listings, one listing's overview, its presentation
and its services. Hours, exceptions and closures are in hours_views.py."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from portal.accounts.access import partner_for_member_or_404
from portal.accounts.csrf import keeps_typed_text
from portal.directory import completeness
from portal.directory.constants import ARCHIVED
from portal.directory.models import SubNeed
from portal.directory.queries import needs_in_order
from portal.extensions import db
from portal.i18n import _
from portal.moderation import limits, presenters
from portal.moderation import operations as moderation
from portal.moderation import queries as moderation_queries
from portal.partners import drafts, forms, places
from portal.partners.blueprint import bp
from portal.partners.editing import ListingEdit

HISTORY_SHOWN = 10


@bp.get("")
def home():
    """The member's partners, each with a way into its listing."""
    return render_template("partners/home.html", partners=current_user.partners)


@bp.get("/<slug>")
def listing(slug: str):
    """Overview of one listing: what is public, what is waiting, what was refused and why."""
    edit = ListingEdit(slug)
    history = db.session.scalars(moderation_queries.history_of(edit.partner).limit(HISTORY_SHOWN)).all()
    pending = edit.head.pending
    pending_changes = presenters.changes(pending.diff) if pending else []
    scored = completeness.completeness(db.session.scalars(completeness.listing(edit.partner.id)).one())
    return render_template("partners/listing.html", partner=edit.partner, snapshot=edit.snapshot,
                           pending=pending, pending_changes=pending_changes, history=history,
                           confirm_form=forms.ConfirmForm(), completeness=scored,
                           draft=edit.draft_overview())


@bp.post("/<slug>/a-jour")
def confirm(slug: str):
    """"My information is up to date": the public listing was checked by a person today."""
    partner = partner_for_member_or_404(slug)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        moderation.confirm_up_to_date(partner, current_user)
    except limits.TooManySaves as error:
        flash(str(error), "error")
        return redirect(url_for(".listing", slug=partner.slug))
    db.session.commit()
    flash(_("Merci ! Votre fiche est marquée comme à jour aujourd'hui."), "success")
    return redirect(url_for(".listing", slug=partner.slug))


@bp.route("/<slug>/presentation", methods=["GET", "POST"])
@keeps_typed_text
def presentation(slug: str):
    """Edit the presentation, the contacts and the address."""
    edit = ListingEdit(slug)
    form = forms.PresentationForm(data=edit.form_data(drafts.presentation_data(edit.snapshot)))
    if form.validate_on_submit():
        return edit.save(form, lambda s: drafts.with_presentation(s, form), "partners/presentation.html")
    return edit.page("partners/presentation.html", form)


@bp.route("/<slug>/professionnels", methods=["GET", "POST"])
@keeps_typed_text
def pro_info(slug: str):
    """Edit what only signed-in professionals see: direct line, contact and e-mail for
    orientations, procedure, documents. Moderated like the rest of the listing."""
    edit = ListingEdit(slug)
    form = forms.ProForm(data=edit.form_data(drafts.pro_data(edit.snapshot, edit.head.live)))
    if form.validate_on_submit():
        return edit.save(form, lambda s: drafts.with_pro(s, form), "partners/pro_info.html")
    return edit.page("partners/pro_info.html", form)


def _subneed_choices() -> list[SelectChoice]:
    return [SelectChoice(sub.slug, _(sub.label), optgroup=_(need.label))
            for need in db.session.scalars(needs_in_order(with_subneeds=True)) for sub in need.subneeds]


def _subneed_labels() -> dict[str, str]:
    return {slug: _(text) for slug, text in db.session.execute(select(SubNeed.slug, SubNeed.label))}


@bp.get("/<slug>/services")
def services(slug: str):
    """The listing's services, online and archived."""
    edit = ListingEdit(slug)
    full = limits.full(edit.snapshot, "services") if limits.applies_to(current_user) else None
    return render_template("partners/services.html", partner=edit.partner, snapshot=edit.snapshot,
                           form=edit.action_form(), subneed_labels=_subneed_labels(), full=full)


def _service_form(edit: ListingEdit, key: str | None):
    current = drafts.find_service(edit.snapshot, key) if key is not None else None
    if key is not None and current is None:
        abort(404)
    form = forms.ServiceForm(data=edit.form_data(drafts.service_data(edit.snapshot, key)))
    form.subneeds.choices = _subneed_choices()
    if form.is_submitted() and form.add_stop.data:
        # "Add a row": the same form with one more empty stop row; nothing is saved.
        if len(form.stops) < forms.MAX_STOPS:
            form.stops.append_entry()
        form.where.data = forms.STOPS
        page, _status = edit.page("partners/service_form.html", form, key=key)
        return page, 200
    if form.validate_on_submit():
        located = places.locate(form, current)
        if located.problem:
            form.place_address.errors = [*form.place_address.errors, located.problem]
            return edit.page("partners/service_form.html", form, key=key, place_problem=True)
        return edit.save(form, lambda s: drafts.with_service(s, key, form, located),
                         "partners/service_form.html", key=key)
    return edit.page("partners/service_form.html", form, key=key)


@bp.route("/<slug>/services/nouveau", methods=["GET", "POST"])
def new_service(slug: str):
    """Describe a new service."""
    return _service_form(ListingEdit(slug), None)


@bp.route("/<slug>/services/<key>", methods=["GET", "POST"])
def edit_service(slug: str, key: str):
    """Edit one service of this listing (the key is looked up in this listing only)."""
    return _service_form(ListingEdit(slug), key)


@bp.get("/<slug>/services/<key>/archiver")
def confirm_archive_service(slug: str, key: str):
    """Ask before archiving a service, saying what residents will no longer see."""
    edit = ListingEdit(slug)
    service = drafts.find_service(edit.snapshot, key)
    if service is None:
        abort(404)
    if service["status"] == ARCHIVED:
        return redirect(url_for(".services", slug=edit.partner.slug))
    return render_template("partners/confirm_archive_service.html", partner=edit.partner,
                           snapshot=edit.snapshot, conflict=None, service=service,
                           form=forms.ActionForm.as_seen(edit.head.tokens))


@bp.post("/<slug>/services/<key>/archiver")
def archive_service(slug: str, key: str):
    """Take a service off the public page (it is kept, and can be put back)."""
    return ListingEdit(slug).act(lambda s: drafts.with_service_status(s, key, archived=True),
                                 "partners.services", _("Le service est archivé."))


@bp.post("/<slug>/services/<key>/retablir")
def restore_service(slug: str, key: str):
    """Put an archived service back on the public page."""
    return ListingEdit(slug).act(lambda s: drafts.with_service_status(s, key, archived=False),
                                 "partners.services", _("Le service est remis en ligne."))
