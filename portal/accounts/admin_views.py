"""Back-office pages of the accounts: invite someone, see who has access."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SelectChoice

from portal.accounts import operations, queries
from portal.accounts.constants import ROLES
from portal.accounts.forms import InviteForm
from portal.admin.blueprint import bp
from portal.extensions import db
from portal.i18n import _
from portal.mail import MailNotConfigured, deliver


def _invite_form() -> InviteForm:
    form = InviteForm()
    form.partners.choices = [
        SelectChoice(pid, f"{name} ({slug})")
        for pid, name, slug in db.session.execute(queries.partner_choices())
    ]
    return form


@bp.route("/utilisateurs", methods=["GET", "POST"])
def users():
    """List the accounts and invite someone by e-mail."""
    form = _invite_form()
    if form.validate_on_submit():
        try:
            partners = operations.partners_from_slugs(form.slugs(), ids=form.partners.data)
        except operations.AccountError as error:
            form.partner_slugs.errors.append(str(error))
        else:
            try:
                user, message = operations.invite_user(form.email.data, form.role.data, partners,
                                                       current_user)
            except operations.AccountError as error:
                db.session.rollback()
                form.email.errors.append(str(error))
            else:
                db.session.commit()
                try:
                    deliver(message)
                except (MailNotConfigured, OSError):
                    current_app.logger.exception("Invitation e-mail failed")
                    flash(_("Le compte est créé mais l'e-mail d'invitation n'a pas pu partir. "
                            "Réessayez plus tard en invitant à nouveau la même adresse."), "error")
                else:
                    flash(_("Invitation envoyée à %(email)s.", email=user.email), "success")
                return redirect(url_for(".users"))
    accounts = db.session.scalars(queries.users_for_admin()).all()
    status = 422 if form.errors else 200
    return render_template("admin/users.html", form=form, accounts=accounts, roles=ROLES), status
