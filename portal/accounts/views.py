"""Logging in and out, forgotten passwords, accepting an invitation."""

from __future__ import annotations

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from portal.accounts import operations
from portal.accounts.access import is_safe_next, landing_endpoint, login_required
from portal.accounts.constants import INVITE, RESET
from portal.accounts.csrf import keeps_typed_text
from portal.accounts.forms import ForgotPasswordForm, LoginForm, NewPasswordForm
from portal.extensions import db, limiter
from portal.i18n import _
from portal.mail import send_after_response
from portal.moderation import campaign_status

bp = Blueprint("accounts", __name__)


def _after_login(user):
    target = request.values.get("next")
    if is_safe_next(target):
        return redirect(target)
    return redirect(url_for(landing_endpoint(user)))


@bp.route("/connexion", methods=["GET", "POST"])
@keeps_typed_text
@limiter.limit("10/minute", methods=["POST"])
def login():
    """Log in with e-mail and password; one message whichever part was wrong."""
    if current_user.is_authenticated:
        return _after_login(current_user)
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is not None:
            operations.record_login(user)  # first: it may renew the stamp the cookie carries
            login_user(user, remember=form.remember.data)
            db.session.commit()
            return _after_login(user)
        failed = True
    status = 200 if request.method == "GET" or not (failed or form.errors) else 422
    return render_template("accounts/login.html", form=form, failed=failed), status


@bp.post("/deconnexion")
@login_required
def logout():
    """Log out (a POST with a CSRF token, so that no link or image can do it), on this device
    and every other: a copied session or remember cookie stops working too."""
    operations.end_sessions(current_user._get_current_object())
    logout_user()
    db.session.commit()
    flash(_("Vous êtes déconnecté."), "info")
    return redirect(url_for("directory.home"))


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@keeps_typed_text
@limiter.limit("5/minute", methods=["POST"])
def forgot_password():
    """Ask for a reset link; the answer never says whether the account exists, neither by its
    words nor by its time: the e-mail leaves after the answer (a failure goes to the logs)."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        message = operations.request_password_reset(form.email.data)
        db.session.commit()
        response = make_response(render_template("accounts/forgot_sent.html", email=form.email.data))
        return send_after_response(response, message)
    status = 422 if form.errors else 200
    return render_template("accounts/forgot.html", form=form), status


def _token_page(raw: str, purpose: str, template: str, done_message: str):
    token = operations.find_token(raw, purpose)
    if token is None or not token.is_usable():
        state = "unknown" if token is None else ("used" if token.used_at else "expired")
        return render_template("accounts/link_invalid.html", state=state, purpose=purpose), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        user = operations.use_token(token, form.password.data)
        campaign_status.account_opened(user)  # an invitation campaign's progress counts it
        operations.record_login(user)
        login_user(user)
        db.session.commit()
        flash(done_message, "success")
        return redirect(url_for(landing_endpoint(user)))
    status = 422 if form.errors else 200
    return render_template(template, form=form, user=token.user), status


@bp.route("/mot-de-passe/<token>", methods=["GET", "POST"])
@keeps_typed_text
@limiter.limit("10/minute", methods=["POST"])
def reset_password(token: str):
    """Choose a new password from a reset link (single use, valid one hour)."""
    return _token_page(token, RESET, "accounts/reset.html", _("Votre mot de passe a été changé."))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@keeps_typed_text
@limiter.limit("10/minute", methods=["POST"])
def accept_invitation(token: str):
    """Choose a password from an invitation link (single use, valid seven days), then enter."""
    return _token_page(token, INVITE, "accounts/invitation.html", _("Bienvenue ! Votre compte est prêt."))
