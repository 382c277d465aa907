"""Who may do what: role checks for views and blueprints, and partner membership."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, g
from flask_login import current_user, login_required
from sqlalchemy import select

from portal.accounts.constants import ADMIN, PARTNER, PROFESSIONAL
from portal.directory.models import Partner
from portal.extensions import db, login_manager
from portal.i18n import _l
from portal.moderation import links

__all__ = [
    "can_edit_partner",
    "ensure_role",
    "init_login",
    "is_safe_next",
    "landing_endpoint",
    "login_required",
    "partner_for_member_or_404",
    "role_required",
    "sees_pro_info",
]


def init_login(app) -> None:
    """Set up Flask-Login: where anonymous visitors are sent, and how a session finds its user."""
    from portal.accounts.models import User

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"

    @app.before_request
    def _user_from_this_request() -> None:
        # Flask-Login caches the user in `g`, which outlives a request when the application
        # context is shared (tests keep one open): each request must read its own session.
        g.pop("_login_user", None)

    @login_manager.user_loader
    def load_user(session_id: str):
        user_id, _, stamp = session_id.partition(":")
        # ASCII digits of a bounded length: any other id is simply nobody, never an error.
        valid_id = user_id.isascii() and user_id.isdigit() and len(user_id) < 10
        user = db.session.get(User, int(user_id)) if valid_id else None
        # Checked on every request: see User.accepts_session for the rule.
        lifetime = current_app.config["REMEMBER_COOKIE_DURATION"]
        return user if user is not None and user.accepts_session(stamp, lifetime) else None


def ensure_role(*roles: str):
    """Check the current user against `roles`: a login redirect for anonymous visitors,
    403 for a wrong role, None when allowed. Meant for a blueprint's before_request."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if roles and current_user.role not in roles:
        abort(403)
    return None


def role_required(*roles: str) -> Callable:
    """Decorator: the view is reserved to logged-in users having one of `roles`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            refused = ensure_role(*roles)
            if refused is not None:
                return refused
            return view(*args, **kwargs)

        return wrapped

    return decorator


def can_edit_partner(user, partner: Partner) -> bool:
    """An administrator may edit every partner; a partner member only those they belong to."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role == ADMIN:
        return True
    if user.role != PARTNER:
        return False
    return any(p.id == partner.id for p in user.partners)


def sees_pro_info(user) -> bool:
    """Whether `user` may see what partners wrote for professionals only (Partner.pro_*) and
    use the orientation toolkit: an active professional or administrator, signed in. Never
    the public, never a partner member (not even of that listing: they wrote it in their space)."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active
                and user.role in (PROFESSIONAL, ADMIN))


def partner_for_member_or_404(slug: str) -> Partner:
    """The partner with this slug if the current user may edit it, or this browser holds its
    "Je corrige" link (moderation.links), else 404 (a draft's existence is not revealed to
    those who may not see it)."""
    partner = db.session.scalars(select(Partner).where(Partner.slug == slug)).first()
    if partner is None or not (can_edit_partner(current_user, partner) or links.link_for(partner)):
        abort(404)
    return partner


def landing_endpoint(user) -> str:
    """Where a user goes after logging in when no page was asked for."""
    return {
        ADMIN: "admin.home",
        PARTNER: "partners.home",
        PROFESSIONAL: "directory.home",
    }.get(user.role, "directory.home")


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site: no scheme, no host, no protocol-relative or backslash tricks.

    Used for every redirect target taken from a request. Browsers drop tab and line breaks
    inside a URL and read a backslash as a slash, so "/%09/evil.example" would leave the site:
    any control character or backslash makes the target unsafe."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ord(c) < 32 or c in "\x7f\\" for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
