"""The back-office home: a link to each task, with what needs attention."""

from __future__ import annotations

from flask import render_template

from portal.accounts import pro_requests
from portal.admin.blueprint import bp
from portal.db import utcnow
from portal.extensions import db
from portal.feedback import queries as feedback_queries
from portal.moderation import queries as moderation_queries
from portal.search import queries as search_queries
from portal.workshops import moderation as workshop_moderation


@bp.get("")
def home():
    """Entry point of the back office: revisions to review, stale listings, searches that found
    nothing."""
    counts = {
        "queue": db.session.scalar(moderation_queries.awaiting_review_count()),
        "stale": db.session.scalar(moderation_queries.stale_count(utcnow())),
        "zero_results": db.session.scalar(search_queries.zero_result_count()),
        "feedback": db.session.scalar(feedback_queries.new_count()),
        "pro_requests": db.session.scalar(pro_requests.pending_count()),
        "workshops": db.session.scalar(workshop_moderation.awaiting_review_count()),
    }
    return render_template("admin/home.html", counts=counts)
