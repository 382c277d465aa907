"""The back office's feedback pages: reports of errors on listings, and proposed places."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.admin.blueprint import bp
from portal.db import utcnow
from portal.extensions import db
from portal.feedback import operations, queries
from portal.feedback.constants import DUPLICATE, PROPOSAL_STATUSES, REFUSED, REPORT_CODES
from portal.feedback.forms import AcceptForm, CloseForm, HandledForm
from portal.feedback.models import PlaceProposal, Report
from portal.i18n import _
from portal.pagination import paginate

PER_PAGE = 30


@bp.get("/signalements")
def reports():
    """Errors reported on listings, new ones first, each with a "Traité" button."""
    return render_template("feedback/admin_reports.html", codes=REPORT_CODES,
                           pager=paginate(queries.reports_new_first(), PER_PAGE))


@bp.post("/signalements/<int:report_id>/traite")
def report_handled(report_id: int):
    """Mark a report as dealt with."""
    report = db.get_or_404(Report, report_id)
    if not HandledForm().validate_on_submit():
        abort(400)
    operations.mark_handled(report, current_user, utcnow())
    db.session.commit()
    flash(_("Signalement sur « %(name)s » marqué comme traité.", name=report.partner.name), "success")
    return redirect(url_for(".reports", page=request.args.get("page")))


def _proposals_page(failed: PlaceProposal | None = None, failed_form: CloseForm | None = None,
                    status: int = 200):
    pager = paginate(queries.proposals_new_first(), PER_PAGE)
    forms = {p.id: (failed_form if failed is not None and p.id == failed.id
                    else CloseForm(formdata=None, prefix=f"p{p.id}")) for p in pager.items}
    return render_template("feedback/admin_proposals.html", pager=pager, close_forms=forms,
                           statuses=PROPOSAL_STATUSES), status


@bp.get("/propositions")
def proposals():
    """Places proposed by residents and professionals, new ones first, with the decisions."""
    return _proposals_page()


@bp.post("/propositions/<int:proposal_id>/accepter")
def accept_proposal(proposal_id: int):
    """Make a draft listing from the proposal and open it in the partner space to complete."""
    proposal = db.get_or_404(PlaceProposal, proposal_id)
    if not AcceptForm().validate_on_submit():
        abort(400)
    try:
        partner = operations.accept(proposal, current_user, utcnow())
    except operations.AlreadyDecided as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".proposals"))
    db.session.commit()
    flash(_("Fiche en brouillon créée pour « %(name)s ». Complétez-la ; elle n'est pas visible du "
            "public tant qu'elle n'est pas publiée.", name=partner.name), "success")
    return redirect(url_for("partners.presentation", slug=partner.slug))


@bp.post("/propositions/<int:proposal_id>/classer")
def close_proposal(proposal_id: int):
    """Set a proposal aside as a duplicate, or refuse it, with a note for the team."""
    proposal = db.get_or_404(PlaceProposal, proposal_id)
    decision = request.form.get("decision")
    if decision not in (DUPLICATE, REFUSED):
        abort(400)  # only the page's two buttons send this
    form = CloseForm(prefix=f"p{proposal.id}")
    if not form.validate_on_submit():
        return _proposals_page(proposal, form, 422)
    try:
        operations.close(proposal, current_user, decision, form.note.data or "", utcnow())
    except operations.AlreadyDecided as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".proposals"))
    db.session.commit()
    if decision == DUPLICATE:
        flash(_("« %(name)s » classée comme doublon.", name=proposal.name), "success")
    else:
        flash(_("Proposition « %(name)s » refusée.", name=proposal.name), "success")
    return redirect(url_for(".proposals"))
