"""Error pages: clear, translated, never a stack trace."""

from __future__ import annotations

from flask import Flask, make_response, render_template
from flask.globals import request_ctx
from markupsafe import escape
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from portal.api import blueprint as api
from portal.extensions import db
from portal.i18n import _, select_locale


def register(app: Flask) -> None:
    """Install the handlers for HTTP errors and unexpected exceptions."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if request_ctx.url_adapter is None:
            # The request could not be routed at all (a malformed Host header): no link can be built.
            return bare_page(code)
        if api.is_api_request():  # programs reading the JSON API get JSON errors
            return api.http_error_response(error)
        # A page of its own for the codes people meet (404, 403, 429), the generic one otherwise.
        template = [f"errors/{code}.html", "errors/error.html"]
        response = make_response(render_template(template, error=error, code=code), code)
        if code == 429:
            response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(sa_exc.OperationalError)
    @app.errorhandler(sa_exc.TimeoutError)
    def database_unavailable(error: Exception):
        # The database is unreachable, too slow or busy (timeouts in portal/db.py): say so at
        # once rather than hold the visitor, and let the page come back by itself.
        try:
            db.session.rollback()
        except sa_exc.SQLAlchemyError:
            pass
        app.logger.error("Database unavailable: %s", error)
        if api.is_api_request():
            return api.error_response(503, headers={"Retry-After": "60"})
        response = make_response(render_template("errors/503.html"), 503)
        response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        db.session.rollback()
        app.logger.exception("Unexpected error")
        if api.is_api_request():
            return api.error_response(500)
        return render_template("errors/500.html"), 500


def bare_page(code: int):
    """An error page that builds no link and uses no template, for requests no page can answer."""
    title = escape(_("La demande n'a pas pu aboutir"))
    text = escape(_("Code %(code)s.", code=code) + " " + _("Revenez en arrière et réessayez."))
    return make_response(
        f'<!doctype html>\n<html lang="{escape(select_locale())}"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>\n", code)
