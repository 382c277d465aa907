"""The public form "Demander un compte professionnel".

Open to everyone without an account. The answer is the same whether the address is new, has an
account already or has a request waiting: the form never tells whether an address is known, and
the e-mail to the administrators leaves after the answer. As the feedback forms, a filled
honeypot or a form sent back faster than a person could fill it in gets the same page and
stores nothing; sendings are limited per IP address (PORTAL_FEEDBACK_RATE_LIMIT), corrections
of a form sent back with mistakes not counted.
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for

from portal.accounts import pro_requests
from portal.accounts.csrf import keeps_typed_text
from portal.accounts.pro_request_forms import ProRequestForm
from portal.accounts.views import bp
from portal.extensions import db, limiter
from portal.mail import send_after_response


def _rate_limit() -> str:
    return current_app.config["PORTAL_FEEDBACK_RATE_LIMIT"]


def _counts(response) -> bool:
    """Every sending counts, except a form sent back to be corrected."""
    return response.status_code != 422


@bp.route("/demande-de-compte-professionnel", methods=["GET", "POST"])
@keeps_typed_text
@limiter.limit(_rate_limit, methods=["POST"], deduct_when=_counts)
def pro_request():
    """A professional asks for an account with the e-mail address of their organisation."""
    form = ProRequestForm()
    sent = url_for(".pro_request_sent")
    if form.is_submitted() and form.is_robot():
        return redirect(sent)
    if form.validate_on_submit():
        message = None
        if not form.sent_too_fast():
            _request, message = pro_requests.create(
                email=form.email.data, name=form.name.data, organisation=form.organisation.data,
                job=form.job.data, message=form.message.data)
            db.session.commit()
        return send_after_response(redirect(sent), message)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/pro_request.html", form=form), status


@bp.get("/demande-de-compte-professionnel/envoyee")
def pro_request_sent():
    """Say what happens next, the same way for every address."""
    return render_template("accounts/pro_request_sent.html")
