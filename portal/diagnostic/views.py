"""The diagnostic's pages: the questions (plain or easy-read), the answer, the result.

No JavaScript, no account. The answers are read once, turned into a level and the kinds of
help, counted anonymously, and forgotten: the result page's address holds only those codes.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.access import role_required, sees_pro_info
from portal.accounts.constants import ADMIN, PROFESSIONAL
from portal.diagnostic import questions, recommend
from portal.diagnostic.blueprint import bp
from portal.diagnostic.operations import count_diagnostic
from portal.directory import presenters, queries
from portal.extensions import db
from portal.i18n import _, ngettext
from portal.orientation import selection
from portal.workshops import presenters as wtext

EASY = "facile"


def _quartiers():
    return list(db.session.scalars(queries.quartiers_by_name()))


def _form(version: str, answers: dict[str, str] | None = None, errors: dict[str, str] | None = None,
          quartier_slug: str | None = None, status: int = 200):
    if quartier_slug is None:
        quartier_slug = g.quartier.slug if g.get("quartier") is not None else ""
    return render_template(
        "diagnostic/easy.html" if version == EASY else "diagnostic/questions.html",
        questions=questions.QUESTIONS, answers=answers or {}, errors=errors or {},
        quartiers=_quartiers(), quartier_slug=quartier_slug, version=version,
    ), status


@bp.get("/diagnostic")
def start():
    """What the diagnostic is for, and its eight questions on one page."""
    return _form("")


@bp.get("/diagnostic/facile")
def start_easy():
    """The same questions in easy-read French."""
    return _form(EASY)


@bp.post("/diagnostic")
def answer():
    """Check every question was answered, count the level anonymously, show the result."""
    version = EASY if request.form.get("version") == EASY else ""
    answers = {q.code: request.form.get(q.code, "") for q in questions.QUESTIONS}
    answers = {code: value for code, value in answers.items() if value in questions.BY_CODE[code].codes}
    slug = request.form.get("quartier", "").strip()
    quartier = db.session.scalars(queries.quartier_with_slug(slug)).first() if slug else None
    missing = questions.missing_answers(answers)
    if missing:
        message = _("Choisissez une réponse.") if version == EASY else _(
            "Choisissez une réponse à cette question.")
        return _form(version, answers, {code: message for code in missing},
                     quartier.slug if quartier else "", 422)
    level = questions.level_of(answers)
    count_diagnostic(level, quartier.id if quartier else None)
    db.session.commit()
    args = {"niveau": level, "besoins": ",".join(questions.helps_for(answers))}
    if quartier is not None:
        args["quartier"] = quartier.slug
    return redirect(url_for("diagnostic.result", **args), code=303)


def _read_result(values) -> tuple[questions.Level, tuple[str, ...]] | None:
    """The level and kinds of help named in a result address, or None when they do not fit
    together (a level's own help, plus "get equipped" at most)."""
    level = questions.LEVELS.get(values.get("niveau", ""))
    helps = questions.parse_helps(values.get("besoins", ""))
    if level is None or helps is None:
        return None
    if set(helps) - {questions.HELP_EQUIP} != set(level.helps) - {questions.HELP_EQUIP}:
        return None
    return level, helps


def _recommendations(helps, quartier):
    origin = recommend.origin_of(quartier)
    return [(code, recommend.partners_for(code, origin)) for code in helps]


@bp.get("/diagnostic/resultat")
def result():
    """The level in words, the help that fits, the nearest partners and the next workshops."""
    read = _read_result(request.args)
    if read is None or g.get("quartier_notice"):
        return redirect(url_for("diagnostic.start"))
    level, helps = read
    quartier = g.quartier if request.args.get("quartier") else None
    today = presenters.now().date()
    sessions, local = recommend.next_workshops(today, level.workshop_level, quartier)
    recommendations = _recommendations(helps, quartier)
    return render_template(
        "diagnostic/result.html", level=level, helps=helps, recommendations=recommendations,
        sessions=sessions, local=local, quartier=quartier, today=today, wtext=wtext,
        HELPS=questions.HELPS, HELP_HINTS=questions.HELP_HINTS,
        show_add_all=sees_pro_info(current_user),
    )


@bp.post("/diagnostic/selection")
@role_required(PROFESSIONAL, ADMIN)
def add_to_selection():
    """Add every recommended place to the professional's "Ma sélection" (nothing is stored)."""
    read = _read_result(request.form)
    slug = request.form.get("quartier", "")
    quartier = db.session.scalars(queries.quartier_with_slug(slug)).first() if slug else None
    if read is None or (slug and quartier is None):
        abort(400)
    level, helps = read
    added = 0
    for _code, cards in _recommendations(helps, quartier):
        for card in cards:
            added += selection.add(card.partner.id)
    if added:
        flash(ngettext("%(num)d lieu ajouté à votre sélection.",
                       "%(num)d lieux ajoutés à votre sélection.", added), "success")
    else:
        flash(_("Aucun lieu ajouté : ils sont déjà dans votre sélection, ou elle est pleine "
                "(%(max)d lieux au plus).", max=selection.MAX_ITEMS), "info")
    args = {"niveau": level.code, "besoins": ",".join(helps)}
    if quartier is not None:
        args["quartier"] = quartier.slug
    return redirect(url_for("diagnostic.result", **args), code=303)
