"""The orientation slip: the printable page from the selection, and the link a resident keeps.

GET /orientation/fiche previews the slip of the current selection in the page's language and
keeps nothing. POST /orientation/fiche keeps it (slips.create, counted for the CCAS) in the
language chosen for the resident, and redirects to /orientation/fiche/<id> in that language:
the page to print, with the short link and its QR code. The link's secret is shown only to
the session that made it (kept in that session for a few slips, never in the database).

The kept link /o/<token> needs no account. It always shows the slip in the language of its
URL: the printed link carries the language chosen for the resident, and the language
switcher still works for them. An unknown or expired link answers 410 and shows nothing of
any slip.
"""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, session, url_for

from portal.extensions import db, limiter
from portal.i18n import LANGUAGES, SOURCE, _, select_locale
from portal.mail import absolute_url
from portal.orientation import presenters, selection, send_views, slips
from portal.orientation.blueprint import bp, public_bp
from portal.orientation.forms import SlipForm
from portal.orientation.models import Slip
from portal.orientation.views import save_typed_notes

# The slips whose link this session may show again (newest last).
SESSION_KEY = "slip_links"
KEPT_IN_SESSION = 5
# Generous for a person, tight for a script trying links.
KEPT_LINK_RATE = "30/minute"


def url_in_language(code: str, endpoint: str, **values) -> str:
    """The path of a page in another interface language (its /en or /ar prefix)."""
    path = url_for(endpoint, **values)
    root = request.environ.get("portal.root", "")
    prefix = "" if code == SOURCE else f"/{code}"
    return root + prefix + path[len(request.script_root):]


def _remember(slip: Slip, raw: str) -> None:
    held = session.get(SESSION_KEY)
    links = dict(held) if isinstance(held, dict) else {}
    links.pop(str(slip.id), None)
    links[str(slip.id)] = raw
    session[SESSION_KEY] = dict(list(links.items())[-KEPT_IN_SESSION:])


def _remembered(slip_id: int) -> str | None:
    held = session.get(SESSION_KEY)
    raw = held.get(str(slip_id)) if isinstance(held, dict) else None
    return raw if isinstance(raw, str) else None


@bp.get("/fiche")
def slip_preview():
    """The slip of the current selection, as it would print, and the form that keeps it."""
    entries = selection.entries()
    if not entries:
        flash(_("Votre sélection est vide : ajoutez d'abord des lieux."), "info")
        return redirect(url_for("orientation.selection_page"))
    return render_template("orientation/slip.html", body=presenters.slip_body(entries), slip=None,
                           slip_form=SlipForm(formdata=None, locale=select_locale()),
                           send_form=send_views.blank_form())


@bp.post("/fiche")
def slip_create():
    """Keep the slip of the selection in the resident's language, then show it to print."""
    refused = save_typed_notes()
    if refused is not None:
        return refused
    form = SlipForm()
    entries = selection.entries()
    if not form.validate_on_submit():
        flash(_("Choisissez la langue de la fiche."), "error")
        return redirect(url_for("orientation.selection_page"))
    if not entries:
        flash(_("Votre sélection est vide : ajoutez d'abord des lieux."), "info")
        return redirect(url_for("orientation.selection_page"))
    slip, raw = slips.create(entries, form.locale.data)
    db.session.commit()
    _remember(slip, raw)
    return redirect(url_in_language(slip.locale, "orientation.slip_page", slip_id=slip.id))


@bp.get("/fiche/<int:slip_id>")
def slip_page(slip_id: int):
    """A kept slip made in this session, in its language, with its link: the page to print."""
    raw = _remembered(slip_id)
    slip = slips.find(raw) if raw else None
    if slip is None or slip.id != slip_id:
        abort(404)
    if slip.locale in LANGUAGES and slip.locale != select_locale():
        return redirect(url_in_language(slip.locale, "orientation.slip_page", slip_id=slip.id))
    body = presenters.slip_body(slips.entries_of(slip), kept_url=kept_url(raw),
                                expires_at=slip.expires_at)
    return render_template("orientation/slip.html", body=body, slip=slip, slip_form=None,
                           send_form=send_views.blank_form())


def kept_url(raw: str) -> str:
    """The full address of a kept slip, in the current page's language."""
    return absolute_url("orientation_public.kept_slip", token=raw)


def _private(response):
    """A kept slip's page stays out of caches, search engines and other sites' logs."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@public_bp.get("/o/<token>")
@limiter.limit(KEPT_LINK_RATE)
def kept_slip(token: str):
    """The slip behind a link a resident kept, in the language of the URL; 410 once it expired."""
    slip = slips.find(token)
    if slip is None:
        return _private(make_response(render_template("orientation/slip_gone.html"), 410))
    body = presenters.slip_body(slips.entries_of(slip), kept_url=kept_url(token),
                                expires_at=slip.expires_at)
    return _private(make_response(render_template("orientation/kept_slip.html", body=body, slip=slip)))
