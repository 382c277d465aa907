"""The `flask --app portal …` commands."""

from __future__ import annotations

import click
from flask import Flask
from flask_migrate import upgrade

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
        counts = loader.load_reference(db.session)
        click.echo(f"Référentiel : {counts}")
        report = importer.import_open_data(db.session)
        click.echo(f"Données ouvertes : {report}")
        if not no_demo:
            click.echo(f"Démo : {demo.generate_demo(db.session)}")
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
    def seed_remove_demo() -> None:
        """Delete every demo partner, keeping the real ones."""
        from seed import demo

        removed = demo.remove_demo(db.session)
        db.session.commit()
        click.echo(f"{removed} partenaires de démonstration supprimés.")
