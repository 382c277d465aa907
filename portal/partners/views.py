"""The partner's own space: where members keep their listings up to date."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from portal.accounts.access import ensure_role
from portal.accounts.constants import ADMIN, PARTNER

bp = Blueprint("partners", __name__, url_prefix="/espace")


@bp.before_request
def _members_only():
    return ensure_role(PARTNER, ADMIN)


@bp.get("")
def home():
    """The member's partners, each with a way into its listing."""
    return render_template("partners/home.html", partners=current_user.partners)
