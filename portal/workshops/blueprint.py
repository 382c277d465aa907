"""The public blueprint of the workshops: their list and pages, the monthly planning and its
calendar feeds. Open to everyone; the partner space and the back office attach their own pages
to their blueprints (partner_views.py, admin_views.py, stats_views.py)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("workshops", __name__)
