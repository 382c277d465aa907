"""Back-office pages of the account requests: accept (invite as a professional) or refuse."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts import pro_requests
from portal.accounts.constants import REQUEST_STATUSES
from portal.accounts.models import AccountRequest
from portal.accounts.pro_request_forms import ApproveForm, RefuseForm
from portal.admin.blueprint import bp
from portal.db import utcnow
from portal.extensions import db
from portal.i18n import _
from portal.mail import MailNotConfigured, deliver
from portal.pagination import paginate

PER_PAGE = 30


def _page(failed: AccountRequest | None = None, failed_form: RefuseForm | None = None, status: int = 200):
    pager = paginate(pro_requests.for_admin(), PER_PAGE)
    forms = {r.id: (failed_form if failed is not None and r.id == failed.id
                    else RefuseForm(formdata=None, prefix=f"r{r.id}")) for r in pager.items}
    return render_template("accounts/admin_pro_requests.html", pager=pager, refuse_forms=forms,
                           statuses=REQUEST_STATUSES), status


def _send(message, failure: str) -> bool:
    """Send a message after the commit; a failure is logged and told to the administrator."""
    try:
        deliver(message)
    except (MailNotConfigured, OSError):
        current_app.logger.exception("Account request e-mail failed")
        flash(failure, "error")
        return False
    return True


@bp.get("/demandes-de-compte")
def pro_requests_list():
    """Professionals asking for an account: pending requests first, then the decisions."""
    return _page()


@bp.post("/demandes-de-compte/<int:request_id>/accepter")
def approve_pro_request(request_id: int):
    """Invite the address as a professional (the usual invitation e-mail)."""
    asked = db.get_or_404(AccountRequest, request_id)
    if not ApproveForm().validate_on_submit():
        abort(400)
    try:
        user, message = pro_requests.approve(asked, current_user, utcnow())
    except pro_requests.AlreadyDecided as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".pro_requests_list"))
    except pro_requests.AccountExists as error:
        db.session.commit()  # the request is closed; nobody is invited
        flash(str(error), "info")
        return redirect(url_for(".pro_requests_list"))
    db.session.commit()
    if _send(message, _("Le compte est créé mais l'e-mail d'invitation n'a pas pu partir. Réessayez "
                        "plus tard en invitant la même adresse depuis la page des comptes.")):
        flash(_("Demande acceptée : invitation envoyée à %(email)s.", email=user.email), "success")
    return redirect(url_for(".pro_requests_list"))


@bp.post("/demandes-de-compte/<int:request_id>/refuser")
def refuse_pro_request(request_id: int):
    """Refuse the request; the person gets a polite e-mail, with the reason if one is given."""
    asked = db.get_or_404(AccountRequest, request_id)
    form = RefuseForm(prefix=f"r{asked.id}")
    if not form.validate_on_submit():
        return _page(asked, form, 422)
    try:
        message = pro_requests.refuse(asked, current_user, form.reason.data or "", utcnow())
    except pro_requests.AlreadyDecided as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".pro_requests_list"))
    db.session.commit()
    if _send(message, _("La demande est refusée mais l'e-mail n'a pas pu partir. Prévenez la "
                        "personne autrement : %(email)s.", email=asked.email)):
        flash(_("Demande de %(email)s refusée ; la personne a reçu un e-mail.", email=asked.email),
              "success")
    return redirect(url_for(".pro_requests_list"))
