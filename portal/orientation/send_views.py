"""Send a slip to the resident by e-mail or SMS (professionals, rate-limited).

GET /orientation/envoyer shows the form with the selection it sends; the slip page includes
the same form (templates/orientation/_send_form.html, with `send_form` from `blank_form()`).
A form with a mistake comes back (422) with the message next to the field and what was typed;
the selection is never touched. The result page is rendered, not redirected to: the masked
number it shows and the kept link are not put in the session. It offers the kept link, whose
page prints the whole slip with its link and QR code.
"""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from portal.accounts.csrf import keeps_typed_text
from portal.extensions import db
from portal.i18n import _, select_locale
from portal.orientation import selection, sending
from portal.orientation.blueprint import bp
from portal.orientation.constants import EMAIL, SMS
from portal.orientation.send_forms import SendForm, masked
from portal.orientation.sms import SmsError


def blank_form() -> SendForm:
    """The send form of a page showing the slip, in the page's language by default."""
    form = SendForm(formdata=None)
    form.locale.data = select_locale()
    return form


def _page(form: SendForm, status: int = 200, problem: str = ""):
    entries = selection.entries()
    return render_template("orientation/send.html", send_form=form, entries=entries,
                           problem=problem), status


def _result(prepared: sending.Prepared, *, sent: bool, shown_to: str, reason: str = ""):
    return render_template("orientation/send_result.html", prepared=prepared, sent=sent,
                           shown_to=shown_to, reason=reason)


@bp.route("/envoyer", methods=["GET", "POST"])
@keeps_typed_text
def send():
    """Send the selection's slip to the resident, who agreed, by e-mail or SMS."""
    if request.method != "POST":
        return _page(blank_form())
    form = SendForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    entries = selection.entries()
    if not entries:
        return _page(form, 422, _("Votre sélection est vide : ajoutez au moins un lieu avant d'envoyer "
                                  "la fiche."))
    user, locale = current_user._get_current_object(), form.locale.data
    try:
        if form.channel.data == EMAIL:
            prepared = sending.send_email(user, entries, form.email.data, locale)
        else:
            prepared = sending.prepare(user, entries, SMS, locale)
    except sending.LimitReached as limit:
        db.session.rollback()
        return _page(form, 429, limit.message)
    db.session.commit()
    if form.channel.data == EMAIL:
        return _result(prepared, sent=True, shown_to=form.email.data)
    try:
        sending.send_sms(prepared, form.number_e164)
    except SmsError as error:
        db.session.rollback()
        return _result(prepared, sent=False, shown_to=masked(form.number_e164), reason=str(error.reason))
    db.session.commit()
    return _result(prepared, sent=True, shown_to=masked(form.number_e164))

