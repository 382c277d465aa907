"""The `flask --app portal …` commands."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask_migrate import upgrade
from sqlalchemy import select

from portal.directory.models import Partner
from portal.extensions import db


def register(app: Flask) -> None:
    """Attach the portal's commands to the Flask CLI."""

    @app.cli.command("init")
    @click.option("--no-demo", is_flag=True, help="Load only reference and real data.")
    def init_command(no_demo: bool) -> None:
        """Apply migrations, load reference, real and demo data, build indexes. Idempotent."""
        from portal.search.store import index
        from seed import demo, importer, loader

        upgrade()
        # The demo comes with a new install only: once a site holds partners, `init` never
        # brings back demo partners someone removed (`seed demo` adds them on purpose).
        new_install = db.session.scalar(select(Partner.id).limit(1)) is None
        has_demo = db.session.scalar(select(Partner.id).where(Partner.is_demo).limit(1)) is not None
        counts = loader.load_reference(db.session)
        click.echo(f"Référentiel : {counts}")
        report = importer.import_open_data(db.session)
        click.echo(f"Données ouvertes : {report}")
        if not no_demo and (new_install or has_demo):
            click.echo(f"Démo : {demo.generate_demo(db.session)}")
        elif not no_demo:
            click.echo("Démo : non ajoutée, ce site n'a pas de partenaires de démonstration "
                       "(`flask --app portal seed demo` les ajoute).")
        db.session.commit()
        click.echo(index.rebuild(db.session))
        click.echo("Prêt.")

    @app.cli.group("seed")
    def seed_group() -> None:
        """Load or remove data."""

    @seed_group.command("real")
    def seed_real() -> None:
        """Import the real open-data places shipped in seed/data/open."""
        from seed import importer, loader

        loader.load_reference(db.session)
        click.echo(importer.import_open_data(db.session))
        db.session.commit()

    @seed_group.command("demo")
    def seed_demo() -> None:
        """Generate the deterministic demo partners (flagged as demo)."""
        from seed import demo, loader

        loader.load_reference(db.session)
        click.echo(demo.generate_demo(db.session))
        db.session.commit()

    @seed_group.command("remove-demo")
    @click.option("--dry-run", is_flag=True, help="Say what would be deleted, delete nothing.")
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def seed_remove_demo(dry_run: bool, yes: bool) -> None:
        """Delete every demo partner and its members' accounts, keeping the real ones."""
        from seed import demo

        removal = demo.remove_demo(db.session, dry_run=True)
        if dry_run or not removal.partners:
            click.echo(f"À supprimer : {removal}." if removal.partners
                       else "Aucun partenaire de démonstration.")
            return
        if not yes:
            click.confirm(f"Supprimer {removal} ?", abort=True)
        removal = demo.remove_demo(db.session)
        db.session.commit()
        click.echo(f"Supprimés : {removal}.")

    @app.cli.command("backup")
    @click.argument("dest", type=click.Path(path_type=Path))
    def backup_command(dest: Path) -> None:
        """Back the whole database up to DEST (a file, or a folder for a dated file)."""
        from portal import backup

        try:
            written = backup.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], dest)
        except backup.BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Sauvegarde écrite : {written} ({written.stat().st_size} octets).")

    @app.cli.command("restore")
    @click.argument("src", type=click.Path(path_type=Path))
    def restore_command(src: Path) -> None:
        """Restore the backup SRC into the configured database (which must be empty), then
        rebuild the search index."""
        from portal import backup
        from portal.search.store import index

        db.session.remove()
        db.engine.dispose()
        try:
            backup.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], src)
        except backup.BackupError as error:
            raise click.ClickException(str(error)) from None
        db.engine.dispose()
        upgrade()  # a backup of an older version catches up with this one
        click.echo(index.rebuild(db.session))
        click.echo(f"Restauration terminée depuis {src}.")
