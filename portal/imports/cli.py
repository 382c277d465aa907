"""`flask --app portal import FILE [FILE]`: read, check and match a file, print the report in
French, and apply what needs no decision once confirmed; probable matches wait in a batch for
the review page."""

from __future__ import annotations

import json
from pathlib import Path

import click

from portal.extensions import db
from portal.imports import constants as c
from portal.imports import mappings, operations, readers, review
from portal.imports.decoding import FileRefused


def _mapping(session, option: str | None, data: bytes) -> dict[str, str]:
    header, _notes = readers.read_header(data)
    if option:
        path = Path(option)
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
        saved = mappings.by_name(session, option)
        if saved is None:
            raise click.ClickException(f"Aucune correspondance de colonnes ne s'appelle « {option} ».")
        return dict(saved.columns)
    saved = mappings.saved_for(session, header)
    if saved is not None:
        click.echo(f"Colonnes : correspondances « {saved.name} » (enregistrées pour ces colonnes).")
        return dict(saved.columns)
    guessed = mappings.guess(header)
    click.echo("Colonnes reconnues à leur nom : "
               + ", ".join(f"{c.FIELDS[k]} = « {v} »" for k, v in guessed.items()))
    return guessed


def print_report(batch) -> None:
    """The staged batch in words: remarks, problems line by line, left out, counts."""
    for note in batch.notes:
        click.echo(review.note_text(note))
    groups = review.rows_by_kind(db.session, batch)
    for row in groups[c.ERROR]:
        for problem in row.errors:
            click.echo(f"  {review.describe(batch, problem)}")
    for kind in (c.OUTSIDE, c.NOT_GEOCODED):
        if groups[kind]:
            click.echo(f"{c.KINDS[kind]} ({len(groups[kind])}), non importés :")
            for row in groups[kind]:
                click.echo(f"  ligne {row.line} : {row.label}")
    click.echo("Bilan : " + ", ".join(f"{c.KINDS[k]} : {len(groups[k])}" for k in c.KINDS))


def register(app) -> None:
    @app.cli.command("import")
    @click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
    @click.option("--format", "fmt", type=click.Choice([c.DATA_INCLUSION, c.CSV]), default=None,
                  help="data-inclusion (JSON ou CSV du schéma v1) ou csv (tableur, colonnes à désigner).")
    @click.option("--mapping", default=None, help="Nom d'une correspondance de colonnes enregistrée, ou "
                  "fichier JSON {champ: colonne}.")
    @click.option("--dry-run", is_flag=True, help="Lire et vérifier seulement : rien n'est écrit.")
    @click.option("--yes", is_flag=True, help="Appliquer sans demander de confirmation.")
    def import_file(files, fmt, mapping, dry_run, yes):
        """Importer un fichier de lieux (data·inclusion ou tableur CSV) après vérification."""
        if len(files) > 2:
            raise click.UsageError("Deux fichiers au plus : les structures et les services.")
        contents = [(Path(f).name, Path(f).read_bytes()) for f in files]
        if fmt is None:
            fmt = c.CSV if mapping else c.DATA_INCLUSION
        max_bytes = app.config["PORTAL_IMPORT_MAX_MB"] * 1024 * 1024
        if any(len(data) > max_bytes for _, data in contents):
            raise click.ClickException(review.note_text({"code": "too-large",
                                                         "value": app.config["PORTAL_IMPORT_MAX_MB"]}))
        try:
            columns = _mapping(db.session, mapping, contents[0][1]) if fmt == c.CSV else None
            batch = operations.stage_file(db.session, contents, fmt=fmt, mapping=columns)
        except FileRefused as refused:
            db.session.rollback()
            raise click.ClickException(review.note_text(refused.note)) from None
        print_report(batch)
        if dry_run:
            db.session.rollback()
            click.echo("Essai (--dry-run) : rien n'a été écrit.")
            return
        if not yes and not click.confirm("Appliquer les nouveaux lieux et les mises à jour ?", default=False):
            db.session.rollback()
            click.echo("Abandon : rien n'a été écrit.")
            return
        result = operations.apply_batch(db.session, batch)
        db.session.commit()
        counts = result.counts
        click.echo(f"Fait : {counts['created']} fiches créées, {counts['updated']} mises à jour, "
                   f"{counts['proposed']} propositions envoyées à la modération, "
                   f"{counts['unchanged']} identiques.")
        if result.waiting:
            click.echo(f"{len(result.waiting)} lignes ressemblent à une fiche existante et n'ont pas été "
                       f"fusionnées : décidez-en sur la page /admin/imports/{batch.id}")
