"""The seeded demo (reference, real open data, demo partners) in the current app's database:
what every benchmark measures against. Call inside an app context."""

from __future__ import annotations


def fill() -> None:
    """Migrate the database, then load what `flask --app portal init` loads (no index)."""
    from flask_migrate import upgrade

    from portal.extensions import db
    from seed import demo, importer, loader

    upgrade()
    loader.load_reference(db.session)
    importer.import_open_data(db.session)
    demo.generate_demo(db.session)
    db.session.commit()
