"""The import pages of the back office (/admin/imports): upload a file, designate the columns
of a spreadsheet, read the report, review the matches and apply. Administrators only (the
admin blueprint's rule)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from portal.admin.blueprint import bp
from portal.extensions import csrf, db
from portal.i18n import _, ngettext
from portal.imports import constants as c
from portal.imports import mappings, operations, review
from portal.imports.decoding import FileRefused
from portal.imports.forms import ReviewForm, UploadForm, columns_of, mapping_form
from portal.imports.models import ImportBatch
from portal.imports.staging import Context

RECENT = 20
SHOWN_PER_GROUP = 300


def _words() -> dict:
    """The codes' labels every import page shows."""
    return {"statuses": c.STATUSES, "kinds": c.KINDS, "decisions": c.DECISIONS, "allowed": c.CHOICES,
            "applied_labels": c.APPLIED_COUNTS, "note_text": review.note_text,
            "defaults": c.DEFAULT_DECISIONS}


def _batch(batch_id: int) -> ImportBatch:
    return db.get_or_404(ImportBatch, batch_id)


def _index(form: UploadForm, status: int = 200):
    batches = db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(RECENT)).all()
    return render_template("imports/index.html", form=form, batches=batches,
                           max_mb=current_app.config["PORTAL_IMPORT_MAX_MB"], **_words()), status


@bp.get("/imports")
def imports_index():
    """The upload form and the last imports with their state."""
    return _index(UploadForm())


@csrf.exempt  # checked by the form itself, once the larger size limit of this page is set
@bp.post("/imports")
def imports_upload():
    """Read the uploaded file(s): a data·inclusion file is staged at once, a spreadsheet goes
    to the column step."""
    max_mb = current_app.config["PORTAL_IMPORT_MAX_MB"]
    request.max_content_length = max_mb * 1024 * 1024
    try:
        uploads = [f for f in request.files.getlist("files") if f and f.filename]
        form = UploadForm()
    except RequestEntityTooLarge:
        form = UploadForm(formdata=None)
        form.files.errors = [_("Le fichier dépasse la taille maximale de %(num)s Mo.", num=max_mb)]
        return _index(form, 413)
    if not form.validate_on_submit():
        return _index(form, 422)
    if not uploads:
        form.files.errors = [_("Choisissez un fichier.")]
        return _index(form, 422)
    files = [(f.filename, f.read()) for f in uploads[:2]]
    for upload in uploads:  # large uploads are spooled to temporary files: release them now
        upload.close()
    try:
        if form.format.data == c.CSV:
            batch = mappings.upload_sheet(db.session, files[0][0], files[0][1], user=current_user)
            db.session.commit()
            return redirect(url_for("admin.imports_mapping", batch_id=batch.id))
        batch = operations.stage_file(db.session, files, fmt=c.DATA_INCLUSION, user=current_user)
    except FileRefused as refused:
        db.session.rollback()
        form.files.errors = [review.note_text(refused.note)]
        return _index(form, 422)
    db.session.commit()
    return redirect(url_for("admin.imports_batch", batch_id=batch.id))


@bp.route("/imports/<int:batch_id>/colonnes", methods=["GET", "POST"])
def imports_mapping(batch_id: int):
    """Designate which column of the spreadsheet holds which field (pre-filled from the mapping
    saved for the same columns, else guessed from their names)."""
    batch = _batch(batch_id)
    if batch.status != c.MAPPING:
        return redirect(url_for("admin.imports_batch", batch_id=batch.id))
    header = list((batch.counts or {}).get("header", []))
    saved = mappings.saved_for(db.session, header)
    initial = dict(saved.columns) if saved else mappings.guess(header)
    form = mapping_form(header, initial, request.form if request.method == "POST" else None)
    if saved and request.method == "GET":
        form.save_as.data = saved.name
    if request.method == "POST" and form.validate():
        columns = columns_of(form)
        try:
            operations_batch = mappings.stage_mapped(db.session, batch, columns)
        except FileRefused as refused:
            db.session.rollback()
            flash(review.note_text(refused.note), "error")
            return redirect(url_for("admin.imports_mapping", batch_id=batch.id))
        if form.save_as.data:
            mappings.save(db.session, form.save_as.data, header, columns)
        db.session.commit()
        return redirect(url_for("admin.imports_batch", batch_id=operations_batch.id))
    status = 422 if request.method == "POST" else 200
    return render_template("imports/mapping.html", batch=batch, form=form, header=header,
                           saved=saved, **_words()), status


@bp.get("/imports/<int:batch_id>")
def imports_batch(batch_id: int):
    """The report of a batch (problems line by line, places left out) and its review: new,
    probably the same (side by side), identical."""
    batch = _batch(batch_id)
    if batch.status == c.MAPPING:
        return redirect(url_for("admin.imports_mapping", batch_id=batch.id))
    groups = review.rows_by_kind(db.session, batch)
    ctx = Context(db.session)
    comparisons = {row.id: review.comparison(ctx, row, row.partner)
                   for kind in (c.UPDATE, c.PROBABLE) for row in groups[kind][:SHOWN_PER_GROUP]
                   if row.partner is not None and row.applied_at is None}
    return render_template("imports/batch.html", batch=batch, groups=groups, comparisons=comparisons,
                           form=ReviewForm(), shown=SHOWN_PER_GROUP, describe=review.describe,
                           **_words())


@bp.post("/imports/<int:batch_id>/appliquer")
def imports_apply(batch_id: int):
    """Apply the administrator's decisions, all in one transaction."""
    batch = _batch(batch_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        abort(400)
    if batch.status not in (c.STAGED, c.PARTIAL):
        flash(_("Cet import a déjà été traité."), "error")
        return redirect(url_for("admin.imports_batch", batch_id=batch.id))
    decisions = {}
    for key, value in request.form.items():
        if key.startswith("row-") and key[4:].isdigit():
            decisions[int(key[4:])] = value
    operations.set_decisions(batch, decisions)
    report = operations.apply_batch(db.session, batch, user=current_user)
    db.session.commit()
    flash(_("Import appliqué : le détail est ci-dessous."), "success")
    if report.waiting:
        flash(ngettext("%(num)s rapprochement attend encore une décision.",
                       "%(num)s rapprochements attendent encore une décision.", len(report.waiting)), "info")
    return redirect(url_for("admin.imports_batch", batch_id=batch.id))


@bp.post("/imports/<int:batch_id>/abandonner")
def imports_cancel(batch_id: int):
    """Give up an import: what was not applied never will be."""
    batch = _batch(batch_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        abort(400)
    if batch.status in (c.MAPPING, c.STAGED, c.PARTIAL):
        operations.cancel_batch(batch)
        db.session.commit()
        flash(_("L'import est abandonné : rien d'autre ne sera écrit."), "success")
    return redirect(url_for("admin.imports_index"))
