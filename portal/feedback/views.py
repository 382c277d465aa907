"""The public pages: "Signaler une erreur" on a listing, and "Proposer un lieu".

Both are open to everyone without an account. What is sent is stored for the CCAS team and
changes nothing public. A filled honeypot, or a form sent back faster than a person could fill
it in, gets the same thank-you page and stores nothing; sendings are limited per IP address
(PORTAL_FEEDBACK_RATE_LIMIT), corrections of a form sent back with mistakes not counted.
"""

from __future__ import annotations

from flask import Blueprint, current_app, make_response, redirect, render_template, url_for

from portal.accounts.csrf import keeps_typed_text
from portal.extensions import db, limiter
from portal.feedback import operations, queries
from portal.feedback.forms import ProposalForm, ReportForm
from portal.i18n import _

bp = Blueprint("feedback", __name__)


def _rate_limit() -> str:
    return current_app.config["PORTAL_FEEDBACK_RATE_LIMIT"]


def _counts(response) -> bool:
    """Every sending counts, except a form sent back to be corrected."""
    return response.status_code != 422


def _limited(view):
    return limiter.limit(_rate_limit, methods=["POST"], deduct_when=_counts)(view)


@bp.errorhandler(429)
def too_many(_error):
    """Too many sendings from one address: say so, and how else to reach the team."""
    response = make_response(render_template("feedback/too_many.html"), 429)
    response.headers["Retry-After"] = "3600"
    return response


@bp.route("/partenaires/<slug>/signaler", methods=["GET", "POST"])
@keeps_typed_text
@_limited
def report(slug: str):
    """Tell the team what is wrong on a published listing."""
    partner = db.first_or_404(queries.reportable_partner(slug))
    form = ReportForm()
    thanks = url_for(".report_sent", slug=partner.slug)
    if form.is_submitted() and form.is_robot():
        return redirect(thanks)
    if form.validate_on_submit():
        if not form.sent_too_fast():
            operations.record_report(partner, form.code.data, form.text.data, form.email.data,
                                     form.is_professional.data)
            db.session.commit()
        return redirect(thanks)
    status = 422 if form.is_submitted() else 200
    return render_template("feedback/report.html", partner=partner, form=form), status


@bp.get("/partenaires/<slug>/signaler/merci")
def report_sent(slug: str):
    """Thank the person and say what happens next."""
    partner = db.first_or_404(queries.reportable_partner(slug))
    return render_template("feedback/report_sent.html", partner=partner)


def _proposal_form() -> ProposalForm:
    form = ProposalForm()
    form.offer_needs([(slug, _(label)) for slug, label in db.session.execute(queries.need_choices())])
    return form


@bp.route("/proposer-un-lieu", methods=["GET", "POST"])
@keeps_typed_text
@_limited
def propose():
    """Propose a place the directory does not list yet."""
    form = _proposal_form()
    thanks = url_for(".proposal_sent")
    if form.is_submitted() and form.is_robot():
        return redirect(thanks)
    if form.validate_on_submit():
        if not form.sent_too_fast():
            need = db.session.scalar(queries.need_with_slug(form.need.data)) if form.need.data else None
            operations.record_proposal(
                name=form.name.data, address=form.address.data, postcode=form.postcode.data,
                city=form.city.data, phone=form.phone.data, website=form.website.data,
                offer=form.offer.data, need=need, email=form.email.data,
                represents_place=form.represents_place.data)
            db.session.commit()
        return redirect(thanks)
    status = 422 if form.is_submitted() else 200
    return render_template("feedback/propose.html", form=form), status


@bp.get("/proposer-un-lieu/merci")
def proposal_sent():
    """Thank the person and say what happens next."""
    return render_template("feedback/proposal_sent.html")
