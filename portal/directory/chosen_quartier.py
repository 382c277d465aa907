"""The quartier a resident chose: from the URL first, then from a preference cookie.

Every page may order places by distance from it, so it is read before each request
(`remember_quartier`, registered in `create_app`) and offered to every template.
"""

from __future__ import annotations

from flask import g, request

from portal.directory import queries
from portal.extensions import db
from portal.i18n import _

COOKIE = "quartier"
COOKIE_MAX_AGE = 365 * 24 * 3600


def remember_quartier() -> None:
    """Set g.quartier (or None), and g.quartier_notice when the URL names an unknown one."""
    g.quartier = None
    g.quartier_notice = None
    if request.endpoint == "static":
        return  # stylesheets and pictograms do not depend on the quartier: no query for them
    asked = request.args.get("quartier", "").strip()
    if asked:
        g.quartier = db.session.scalars(queries.quartier_with_slug(asked)).first()
        if g.quartier is None:
            g.quartier_notice = _(
                "Le quartier « %(name)s » n'existe pas : la liste montre tous les quartiers.",
                name=asked[:60],
            )
        return
    saved = request.cookies.get(COOKIE, "")
    if saved:
        g.quartier = db.session.scalars(queries.quartier_with_slug(saved)).first()


def template_context() -> dict:
    return {"chosen_quartier": g.get("quartier"), "quartier_notice": g.get("quartier_notice")}
