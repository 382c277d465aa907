"""The partner's own space: where members keep their listings up to date.

Every page of a listing loads it with `partner_for_member_or_404(slug)`: only its members and
administrators get past it. Forms never carry ids: a service is named by its key in that
listing, an exception or a closure by its position, both looked up in the listing itself.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from portal.accounts.access import ensure_role, partner_for_member_or_404
from portal.accounts.constants import ADMIN, PARTNER
from portal.directory.models import SubNeed
from portal.directory.queries import needs_in_order
from portal.extensions import db
from portal.i18n import _
from portal.moderation import operations as moderation
from portal.moderation import queries as moderation_queries
from portal.moderation.constants import PUBLISHED
from portal.partners import forms
from portal.partners import operations as drafts
from portal.partners.text import presentation_html

bp = Blueprint("partners", __name__, url_prefix="/espace")
HISTORY_SHOWN = 10


@bp.before_request
def _members_only():
    return ensure_role(PARTNER, ADMIN)


@bp.record_once
def _template_helpers(state) -> None:
    from portal.moderation import constants, presenters

    state.app.jinja_env.filters["presentation_html"] = presentation_html
    state.app.jinja_env.globals.update(
        REVISION_STATUSES=constants.STATUSES, REVISION_KINDS=constants.KINDS,
        REJECTION_REASONS=constants.REJECTION_REASONS, field_label=constants.field_label,
        readable_changes=presenters.changes,
    )


def _head(partner):
    """The listing as its editors see it, and the tokens a form must carry back."""
    snapshot, revision_id = moderation.head_snapshot(partner)
    return snapshot, {"base_version": partner.version, "base_revision": revision_id or ""}


def _prefill(data: dict) -> dict | None:
    """Values to fill a form with on GET; a POST is judged only on what was sent."""
    return data if request.method == "GET" else None


def _stamp(form, tokens: dict) -> None:
    form.base_version.data = tokens["base_version"]
    form.base_revision.data = tokens["base_revision"]


def _propose(partner, form, build, template: str, **context):
    """Build the new version from the current one, propose it, and answer: a redirect to the
    listing, or the form again as a conflict page (409) keeping what was typed."""
    version, revision_id = form.base()
    snapshot, _tokens = _head(partner)
    try:
        revision = moderation.propose_change(partner, build(snapshot), current_user, version, revision_id)
    except moderation.EditConflict as conflict:
        db.session.rollback()
        try:
            theirs = moderation.diff_snapshots(conflict.current_snapshot, build(conflict.current_snapshot))
        except (KeyError, IndexError):
            theirs = []
        _stamp(form, {"base_version": conflict.base_version,
                      "base_revision": conflict.base_revision_id or ""})
        return render_template(template, partner=partner, form=form, conflict=theirs,
                               snapshot=conflict.current_snapshot, **context), 409
    db.session.commit()
    if revision is None:
        flash(_("Rien n'a changé : votre fiche reste telle quelle."), "info")
    elif revision.status == PUBLISHED:
        flash(_("C'est en ligne : votre modification est visible par tout le monde."), "success")
    else:
        flash(_("C'est enregistré. Votre modification sera visible après sa validation par l'équipe "
                "du CCAS."), "success")
    return redirect(url_for(".listing", slug=partner.slug))


@bp.get("")
def home():
    """The member's partners, each with a way into its listing."""
    return render_template("partners/home.html", partners=current_user.partners)


@bp.get("/<slug>")
def listing(slug: str):
    """Overview of one listing: what is public, what is waiting, what was refused and why."""
    partner = partner_for_member_or_404(slug)
    snapshot, _tokens = _head(partner)
    history = db.session.scalars(moderation_queries.history_of(partner).limit(HISTORY_SHOWN)).all()
    return render_template("partners/listing.html", partner=partner, snapshot=snapshot,
                           pending=moderation.pending_for(partner), history=history,
                           confirm_form=forms.ConfirmForm())


@bp.post("/<slug>/a-jour")
def confirm(slug: str):
    """"My information is up to date": the public listing was checked by a person today."""
    partner = partner_for_member_or_404(slug)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    moderation.confirm_up_to_date(partner, current_user)
    db.session.commit()
    flash(_("Merci ! Votre fiche est marquée comme à jour aujourd'hui."), "success")
    return redirect(url_for(".listing", slug=partner.slug))


@bp.route("/<slug>/presentation", methods=["GET", "POST"])
def presentation(slug: str):
    """Edit the presentation, the contacts and the address."""
    partner = partner_for_member_or_404(slug)
    snapshot, tokens = _head(partner)
    form = forms.PresentationForm(data=_prefill({**drafts.presentation_data(snapshot), **tokens}))
    if form.validate_on_submit():
        return _propose(partner, form, lambda s: drafts.with_presentation(s, form),
                        "partners/presentation.html")
    status = 422 if form.is_submitted() else 200
    return render_template("partners/presentation.html", partner=partner, form=form,
                           snapshot=snapshot), status


def _subneed_choices() -> list[SelectChoice]:
    return [SelectChoice(sub.slug, _(sub.label), optgroup=_(need.label))
            for need in db.session.scalars(needs_in_order()) for sub in need.subneeds]


def _subneed_labels() -> dict[str, str]:
    return {slug: _(text) for slug, text in db.session.execute(select(SubNeed.slug, SubNeed.label))}


@bp.get("/<slug>/services")
def services(slug: str):
    """The listing's services, online and archived."""
    partner = partner_for_member_or_404(slug)
    snapshot, tokens = _head(partner)
    form = forms.ActionForm(data=tokens)
    return render_template("partners/services.html", partner=partner, snapshot=snapshot, form=form,
                           subneed_labels=_subneed_labels())


def _service_form(partner, key: str | None):
    snapshot, tokens = _head(partner)
    if key is not None and drafts.find_service(snapshot, key) is None:
        abort(404)
    form = forms.ServiceForm(data=_prefill({**drafts.service_data(snapshot, key), **tokens}))
    form.subneeds.choices = _subneed_choices()
    if form.validate_on_submit():
        return _propose(partner, form, lambda s: drafts.with_service(s, key, form),
                        "partners/service_form.html", key=key)
    status = 422 if form.is_submitted() else 200
    return render_template("partners/service_form.html", partner=partner, form=form, key=key,
                           snapshot=snapshot), status


@bp.route("/<slug>/services/nouveau", methods=["GET", "POST"])
def new_service(slug: str):
    """Describe a new service."""
    return _service_form(partner_for_member_or_404(slug), None)


@bp.route("/<slug>/services/<key>", methods=["GET", "POST"])
def edit_service(slug: str, key: str):
    """Edit one service of this listing (the key is looked up in this listing only)."""
    return _service_form(partner_for_member_or_404(slug), key)


def _action(partner, build, back: str, done: str):
    """A button that changes one thing: on a stale page, the page again with a notice (409)."""
    form = forms.ActionForm()
    if not form.validate_on_submit():
        abort(400)
    version, revision_id = form.base()
    snapshot, tokens = _head(partner)
    try:
        if (version, revision_id or "") != (tokens["base_version"], tokens["base_revision"]):
            raise moderation.EditConflict(snapshot, partner.version, revision_id)
        try:
            new = build(snapshot)
        except (KeyError, IndexError):
            abort(404)
        revision = moderation.propose_change(partner, new, current_user, version, revision_id)
    except moderation.EditConflict:
        db.session.rollback()
        flash(_("La fiche a été modifiée par quelqu'un d'autre pendant que vous la consultiez. "
                "Voici la version actuelle : vérifiez, puis recommencez si besoin."), "error")
        return redirect(url_for(back, slug=partner.slug, conflit=1))
    db.session.commit()
    if revision is not None:
        flash(done if revision.status == PUBLISHED else
              _("%(done)s La modification sera visible après sa validation par l'équipe du CCAS.", done=done),
              "success")
    return redirect(url_for(back, slug=partner.slug))


@bp.post("/<slug>/services/<key>/archiver")
def archive_service(slug: str, key: str):
    """Take a service off the public page (it is kept, and can be put back)."""
    partner = partner_for_member_or_404(slug)
    return _action(partner, lambda s: drafts.with_service_status(s, key, archived=True),
                   ".services", _("Le service est archivé."))


@bp.post("/<slug>/services/<key>/retablir")
def restore_service(slug: str, key: str):
    """Put an archived service back on the public page."""
    partner = partner_for_member_or_404(slug)
    return _action(partner, lambda s: drafts.with_service_status(s, key, archived=False),
                   ".services", _("Le service est remis en ligne."))


from portal.partners import hours_views  # noqa: E402,F401  (routes of the same blueprint)
