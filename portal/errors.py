"""Error pages: clear, translated, never a stack trace."""

from __future__ import annotations

from flask import Flask, make_response, render_template
from werkzeug.exceptions import HTTPException

from portal.extensions import db


def register(app: Flask) -> None:
    """Install the handlers for HTTP errors and unexpected exceptions."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        # A page of its own for the codes people meet (404, 403, 429), the generic one otherwise.
        template = [f"errors/{code}.html", "errors/error.html"]
        response = make_response(render_template(template, error=error, code=code), code)
        if code == 429:
            response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        db.session.rollback()
        app.logger.exception("Unexpected error")
        return render_template("errors/500.html"), 500
