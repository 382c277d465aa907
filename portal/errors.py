"""Error pages: clear, translated, never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from portal.extensions import db


def register(app: Flask) -> None:
    """Install the handlers for HTTP errors and unexpected exceptions."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        template = "errors/404.html" if code == 404 else "errors/error.html"
        return render_template(template, error=error, code=code), code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        db.session.rollback()
        app.logger.exception("Unexpected error")
        return render_template("errors/500.html"), 500
