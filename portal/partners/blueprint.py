"""The partner space's blueprint and its access rule: partner members and administrators, and
whoever opened a listing's "Je corrige" link (that listing's pages only).

Which listing a member may open is checked on each page by `editing.ListingEdit` (through
`partner_for_member_or_404`): a listing of another partner answers 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, request, url_for
from flask_login import current_user

from portal.accounts.access import can_edit_partner, ensure_role
from portal.accounts.constants import ADMIN, PARTNER
from portal.moderation import links

bp = Blueprint("partners", __name__, url_prefix="/espace")


@bp.before_request
def _members_only():
    g.listing_link_mode = False
    link = links.granted()
    slug = (request.view_args or {}).get("slug")
    if link is not None and slug == link.partner.slug and not can_edit_partner(current_user, link.partner):
        g.listing_link_mode = True
        if request.endpoint == "partners.confirm":
            # "Up to date" without an account is recorded with the link, not a user; 307 keeps
            # the POST and its CSRF token.
            return redirect(url_for("freshness.confirm_granted"), code=307)
        return None
    if link is not None and not current_user.is_authenticated:
        abort(404)  # a link opens one listing; every other page of the space does not exist
    return ensure_role(PARTNER, ADMIN)
