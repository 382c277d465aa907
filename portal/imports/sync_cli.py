"""`flask --app portal sync data-inclusion [--dry-run] [--insee CODE ...]`, for a nightly cron:
read the territory's rows from the national API, stage them, apply what needs no decision, and
commit once at the end; on any failure nothing is written and the command exits with 1."""

from __future__ import annotations

import click
from flask import Flask, current_app

from portal.extensions import db
from portal.imports import sync
from portal.imports.national import NationalApiError


def register(app: Flask) -> None:
    """Attach the sync commands to the Flask CLI."""

    @app.cli.group("sync")
    def sync_group() -> None:
        """Synchronise the directory with national sources."""

    @sync_group.command("data-inclusion")
    @click.option("--dry-run", is_flag=True, help="Read and compare, write nothing.")
    @click.option("--insee", "insee_codes", multiple=True, metavar="CODE",
                  help="INSEE code of a commune (repeatable; default: PORTAL_INSEE_CODES).")
    def sync_data_inclusion(dry_run: bool, insee_codes: tuple[str, ...]) -> None:
        """Pull the structures and services of the territory from the data·inclusion API."""
        codes = insee_codes or tuple(current_app.config.get("PORTAL_INSEE_CODES", ()))
        click.echo(f"Synchronisation data·inclusion des communes {', '.join(codes) or '(aucune)'}"
                   f"{' (essai à blanc : rien ne sera enregistré)' if dry_run else ''}…")
        try:
            result = sync.sync_data_inclusion(db.session, insee_codes=codes, dry_run=dry_run)
        except NationalApiError as error:
            db.session.rollback()
            click.echo(f"Erreur : {error}", err=True)
            click.echo("Synchronisation abandonnée : rien n'a été enregistré.", err=True)
            raise SystemExit(1) from None
        except Exception:
            db.session.rollback()
            raise
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
        for line in report_lines(result):
            click.echo(line)


def report_lines(result: sync.SyncResult) -> list[str]:
    """The French report of a sync, line by line."""
    from portal.imports.constants import ERRORS, NOTES

    counts, applied, fetched = result.counts, result.applied, result.fetched
    lines = [
        f"Pages lues : {fetched.pages}.",
        f"Reçus de l'API : {len(fetched.structures)} structure(s), {len(fetched.services)} service(s).",
        f"Nouveaux lieux : {counts.get('new', 0)} ; mises à jour : {counts.get('update', 0)} ; "
        f"identiques : {counts.get('identical', 0)} ; probablement déjà dans l'annuaire : "
        f"{counts.get('probable', 0)} ; en double dans la réponse (ignorés) : {counts.get('repeated', 0)}.",
    ]
    if result.dry_run:
        lines.append("Essai à blanc : rien n'a été enregistré.")
    elif not result.kept:
        lines.append("Rien de nouveau : aucun lieu créé ni modifié, aucun nouveau lot.")
        if result.waiting:
            lines.append(f"Toujours en attente d'une décision : {result.waiting} rapprochement(s), à revoir "
                         f"sur {sync.REVIEW_PATH}/{result.batch_id} (lot n° {result.batch_id}).")
    else:
        lines.append(f"Appliqué automatiquement : {applied.get('created', 0)} lieu(x) créé(s), "
                     f"{applied.get('updated', 0)} mis à jour, {applied.get('proposed', 0)} mis à jour avec "
                     f"des propositions à modérer (valeurs saisies à la main conservées), "
                     f"{applied.get('unchanged', 0)} inchangé(s).")
        if result.waiting:
            lines.append(f"En attente d'une décision : {result.waiting} rapprochement(s), à revoir sur "
                         f"{sync.REVIEW_PATH}/{result.batch_id} (lot n° {result.batch_id}).")
        else:
            lines.append(f"Rien n'attend de décision (lot n° {result.batch_id}).")
    for note in result.notes:
        code = note.get("code") if isinstance(note, dict) else None
        if code in NOTES:
            lines.append(f"Remarque : {_format(NOTES[code], note)}")
    if result.left_out:
        lines.append(f"Lignes laissées de côté : {len(result.left_out)}.")
        for line, label, kind, errors in result.left_out:
            # A place outside the territory or not found on the map has no field error: its kind says why.
            reasons = "; ".join(_reason(ERRORS, error) for error in errors) or str(ERRORS.get(kind, kind))
            lines.append(f"  ligne {line} « {label} » : {reasons}")
    return lines


def _reason(messages: dict, error) -> str:
    if not isinstance(error, dict):
        return str(error)
    code = error.get("code")
    text = _format(messages[code], error) if code in messages else str(code)
    return f"{error['field']} : {text}" if error.get("field") else text


def _format(message, params: dict) -> str:
    values = {key: value for key, value in params.items() if key != "code"}
    values.setdefault("value", "")
    try:
        return str(message) % values
    except (KeyError, TypeError, ValueError):
        return str(message)
