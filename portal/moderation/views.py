"""The back office's moderation pages: review queue, decisions, histories, stale listings."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import format_datetime
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from portal.admin.blueprint import bp
from portal.db import utcnow
from portal.directory.models import Partner
from portal.extensions import db
from portal.i18n import _
from portal.moderation import operations, presenters, queries
from portal.moderation.constants import APPLIED, PENDING, REJECTED, RESTORABLE
from portal.moderation.forms import (
    ApproveForm,
    PublishForm,
    RejectForm,
    RestoreForm,
    TrustForm,
    decision_form,
)
from portal.moderation.models import Revision
from portal.pagination import paginate

PER_PAGE = 50
HISTORY_PER_PAGE = 20


def _partner_or_404(slug: str) -> Partner:
    return db.first_or_404(select(Partner).where(Partner.slug == slug))


# Review queue and decisions ---------------------------------------------------------------


@bp.get("/moderation")
def queue():
    """Changes waiting for a decision, oldest first: pending ones, and trusted partners' unread ones."""
    return render_template("moderation/queue.html", pager=paginate(queries.awaiting_review(), PER_PAGE))


def _decision_form(revision: Revision, submitted: bool = False):
    """The part-by-part form of a pending revision (as sent, or blank), or None when the
    revision is decided or already public."""
    if revision.status != PENDING:
        return None
    labels = [part.label for part in presenters.parts(revision.diff)]
    return decision_form(labels, prefix="decide", **({} if submitted else {"formdata": None}))


def _revision_page(revision: Revision, approve_form=None, reject_form=None, decide_form=None,
                   status: int = 200):
    return render_template(
        "moderation/revision.html",
        revision=revision,
        changes=presenters.changes(revision.diff),
        parts=presenters.parts(revision.diff, revision.refused_sections),
        awaiting=revision.awaits_review,
        approve_form=approve_form or ApproveForm(formdata=None, prefix="approve"),
        reject_form=reject_form or RejectForm(formdata=None, prefix="reject"),
        decide_form=decide_form or _decision_form(revision),
    ), status


@bp.get("/moderation/<int:revision_id>")
def revision(revision_id: int):
    """One change: what it does, field by field (before / after), and the forms to decide."""
    return _revision_page(db.get_or_404(Revision, revision_id))


def _carry_out(operation, *args) -> bool:
    """Run a moderation operation and commit (members are e-mailed after the commit); on a
    refusal or a concurrent change, roll back and flash why. Returns whether it was done."""
    try:
        operation(*args)
        db.session.commit()
    except operations.ModerationError as error:
        db.session.rollback()
        flash(str(error), "error")
    except (operations.EditConflict, StaleDataError):
        # Another administrator, or a trusted partner, changed the listing at the same moment.
        db.session.rollback()
        flash(_("La fiche vient d'être modifiée par quelqu'un d'autre. Relisez la page, puis recommencez."),
              "error")
    else:
        return True
    return False


@bp.post("/moderation/<int:revision_id>/valider")
def approve(revision_id: int):
    """Accept a change: it goes public at once (or, already public, is marked as read)."""
    revision = db.get_or_404(Revision, revision_id)
    form = ApproveForm(prefix="approve")
    if not form.validate_on_submit():
        return _revision_page(revision, approve_form=form, status=422)
    was_public = revision.status == APPLIED
    if not _carry_out(operations.approve, revision, current_user, form.message.data or ""):
        return redirect(url_for(".revision", revision_id=revision_id))
    name = revision.partner.name
    if was_public:
        flash(_("Modification de « %(name)s » marquée comme relue.", name=name), "success")
    else:
        flash(_("Modification de « %(name)s » validée et mise en ligne.", name=name), "success")
    return redirect(url_for(".queue"))


@bp.post("/moderation/<int:revision_id>/refuser")
def reject(revision_id: int):
    """Refuse a change with a reason and an optional message for the partner."""
    revision = db.get_or_404(Revision, revision_id)
    form = RejectForm(prefix="reject")
    if not form.validate_on_submit():
        return _revision_page(revision, reject_form=form, status=422)
    if not _carry_out(operations.reject, revision, current_user, form.reason.data, form.message.data or ""):
        return redirect(url_for(".revision", revision_id=revision_id))
    flash(_("Modification de « %(name)s » refusée.", name=revision.partner.name), "success")
    return redirect(url_for(".queue"))


@bp.post("/moderation/<int:revision_id>/decider")
def decide(revision_id: int):
    """Accept some parts of a change and refuse the others (one reason, one message)."""
    revision = db.get_or_404(Revision, revision_id)
    form = _decision_form(revision, submitted=True)
    if form is None:
        flash(_("Cette modification a déjà été traitée."), "error")
        return redirect(url_for(".revision", revision_id=revision_id))
    if not form.validate_on_submit():
        return _revision_page(revision, decide_form=form, status=422)
    refused = form.refused([part.section for part in presenters.parts(revision.diff)])
    name = revision.partner.name
    if not _carry_out(operations.decide, revision, current_user, refused, form.reason.data or "",
                      form.message.data or ""):
        return redirect(url_for(".revision", revision_id=revision_id))
    if revision.status == REJECTED:
        flash(_("Modification de « %(name)s » refusée.", name=name), "success")
    elif refused:
        flash(_("Modification de « %(name)s » validée en partie : le reste est renvoyé au partenaire.",
                name=name), "success")
    else:
        flash(_("Modification de « %(name)s » validée et mise en ligne.", name=name), "success")
    return redirect(url_for(".queue"))


# A partner's history, restoring, trust ----------------------------------------------------


@bp.get("/partenaires/<slug>/historique")
def history(slug: str):
    """The versions of a partner's listing, newest first, one page at a time: who changed what,
    when, and what became of it."""
    partner = _partner_or_404(slug)
    pager = paginate(queries.history_of(partner), HISTORY_PER_PAGE)
    return render_template(
        "moderation/history.html",
        partner=partner,
        pager=pager,
        revisions=[(r, presenters.changes(r.diff)) for r in pager.items],
        restorable=RESTORABLE,
        restore_form=RestoreForm(),
        trust_form=TrustForm(formdata=None, trusted="0" if partner.is_trusted else "1"),
        publish_form=PublishForm(formdata=None, published="0" if partner.is_published else "1"),
    )


@bp.post("/partenaires/<slug>/historique/<int:revision_id>/restaurer")
def restore(slug: str, revision_id: int):
    """Put an earlier public version of the listing back online."""
    partner = _partner_or_404(slug)
    revision = db.first_or_404(queries.revision_of(partner, revision_id))
    if not RestoreForm().validate_on_submit():
        abort(400)
    if _carry_out(operations.restore, partner, revision, current_user):
        flash(_("La version du %(date)s est de nouveau en ligne.",
                date=format_datetime(revision.created_at, "short")), "success")
    return redirect(url_for(".history", slug=partner.slug))


@bp.post("/partenaires/<slug>/publication")
def publication(slug: str):
    """Publish a listing (a proposed place, once completed) or take it off the public pages."""
    partner = _partner_or_404(slug)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    published = form.published.data == "1"
    if _carry_out(operations.set_published, partner, published, current_user):
        flash(_("« %(name)s » est publiée : tout le monde peut la voir.", name=partner.name) if published
              else _("« %(name)s » n'est plus visible du public.", name=partner.name), "success")
    return redirect(url_for(".history", slug=partner.slug))


@bp.post("/partenaires/<slug>/confiance")
def trust(slug: str):
    """Trust a partner (its edits publish at once, reviewed afterwards), or stop trusting it."""
    partner = _partner_or_404(slug)
    form = TrustForm()
    if not form.validate_on_submit():
        abort(400)
    trusted = form.trusted.data == "1"
    if _carry_out(operations.set_trusted, partner, trusted, current_user):
        if trusted:
            done = _("« %(name)s » est un partenaire de confiance : ses modifications sont publiées "
                     "aussitôt, puis relues.", name=partner.name)
        else:
            done = _("Les modifications de « %(name)s » attendront désormais une validation.",
                     name=partner.name)
        flash(done, "success")
    return redirect(url_for(".history", slug=partner.slug))


# Stale listings -----------------------------------------------------------------------------


@bp.get("/fiches-anciennes")
def stale():
    """Published listings nobody has confirmed for too long, oldest first."""
    pager = paginate(queries.stale_listings(utcnow()), PER_PAGE, rows=True)
    return render_template("moderation/stale.html", pager=pager)
