"""Orientation requests: the professional's form and list, and the partner's answer link.

The answer page needs no account: its link is the key. A link that does not work (unknown,
expired, already answered, erased) answers 410 and shows nothing about the request. Opening
the link changes nothing: mail scanners follow links, so only a POST answers. The answer pages
are kept out of caches and search engines.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts.csrf import keeps_typed_text
from portal.directory.models import Service
from portal.extensions import db, limiter
from portal.i18n import _
from portal.orientation import requests
from portal.orientation.blueprint import bp, public_bp
from portal.orientation.constants import ACCEPTED, FINAL_STATUSES, REFUSAL_REASONS, REQUEST_STATUSES
from portal.orientation.request_forms import AnswerForm, RequestForm

# Generous for a person, tight for a script trying links.
ANSWER_RATE = "20/minute"


def _private(response, status: int = 200):
    """A page about a person: never cached, never indexed."""
    response = current_app.make_response((response, status))
    response.cache_control.no_store = True
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.route("/demande/<int:service_id>", methods=["GET", "POST"])
@keeps_typed_text
def request_new(service_id: int):
    """Send a service an orientation request for a person who agreed to it."""
    service = db.get_or_404(Service, service_id)
    if not requests.accepts(service):
        abort(404)
    partner = service.partner
    recipients = requests.recipients(partner)
    form = RequestForm()
    if recipients and form.validate_on_submit():
        requests.send(service, current_user, person_name=form.person_name.data,
                      person_contact=form.person_contact.data, summary=form.summary.data)
        db.session.commit()
        flash(_("Votre demande est envoyée à « %(name)s ». Sa réponse s'affichera ici et vous sera "
                "envoyée par e-mail.", name=partner.name), "success")
        return redirect(url_for(".requests"))
    status = 422 if form.is_submitted() else 200
    page = render_template("orientation/request_form.html", service=service, partner=partner,
                           form=form, can_receive=bool(recipients),
                           retention=current_app.config["PORTAL_ORIENTATION_RETENTION_DAYS"])
    return _private(page, status)


@bp.get("/demandes", endpoint="requests")
def requests_list():
    """The requests this account sent, newest first, with their answers."""
    sent = db.session.scalars(requests.of_professional(current_user)).all()
    return _private(render_template("orientation/requests.html", sent=sent,
                                    request_statuses=REQUEST_STATUSES, refusal_reasons=REFUSAL_REASONS,
                                    retention=current_app.config["PORTAL_ORIENTATION_RETENTION_DAYS"]))


def _gone(state: str):
    return _private(render_template("orientation/request_gone.html", state=state), 410)


@public_bp.route("/orientation/reponse/<token>", methods=["GET", "POST"])
@keeps_typed_text
@limiter.limit(ANSWER_RATE)
def answer(token: str):
    """The partner reads the request and answers it: accepted, contact made, or refused."""
    link = requests.find_link(token)
    state = requests.problem(link)
    if state is not None:
        return _gone(state)
    request = link.request
    form = AnswerForm()
    form.offer(requests.answers_for(request))
    if form.validate_on_submit():
        try:
            requests.answer(link, form.answer.data, form.refusal_reason, form.note.data)
        except requests.AlreadyAnswered:
            db.session.rollback()
            return _gone(requests.ANSWERED)
        db.session.commit()
        if request.status in FINAL_STATUSES:
            return redirect(url_for(".answer_sent"))
        flash(_("Merci, vous avez accepté la demande. Quand vous aurez pris contact avec la personne, "
                "revenez sur cette page pour le dire."), "success")
        return redirect(url_for(".answer", token=token))
    status = 422 if form.is_submitted() else 200
    page = render_template("orientation/request_answer.html", orientation_request=request, form=form,
                           accepted=request.status == ACCEPTED)
    return _private(page, status)


@public_bp.get("/orientation/reponse-envoyee")
def answer_sent():
    """Thank the partner; nothing about the request is shown."""
    return _private(render_template("orientation/request_answered.html"))
