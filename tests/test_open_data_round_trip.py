"""Export, import the export into a directory emptied of its listings, export again: the
national tools get the same rows back (the data·inclusion format carries what we hold)."""

from __future__ import annotations

from sqlalchemy import select

from portal.api import exports
from portal.directory.models import Partner
from portal.extensions import db
from portal.imports.operations import apply_batch, stage_data_inclusion
from tests.factories import make_partner, make_service, subneed

# Values that may legitimately differ: a service's database id (and so its row id), the date
# of the last change, and the quality score's inputs are the rest of the row, compared.
VOLATILE = {"id", "date_maj"}


def _comparable(rows: list[dict]) -> list[dict]:
    return sorted(({k: v for k, v in row.items() if k not in VOLATILE} for row in rows),
                  key=lambda r: (r.get("structure_id", ""), r.get("nom", "")))


def test_export_import_export_gives_the_same_rows(app):
    # The import names a new listing after its name: the same slug, so the same row ids.
    partner = make_partner(name="Épicerie solidaire des Bois-Blancs", slug="epicerie-solidaire-des-bois-blancs", phone="03 20 11 22 33",
                           email="contact@epicerie-bb.fr", website="https://epicerie-bb.fr",
                           presentation="Une épicerie solidaire pour les familles du quartier.")
    make_service(partner, [subneed("colis-alimentaire")], name="Colis alimentaire",
                 description="Un colis chaque semaine, sur orientation d'un travailleur social.",
                 fees="gratuit", access_modes=["orientation"])
    db.session.flush()
    structures = list(exports.structure_rows())
    services = list(exports.service_rows())
    assert structures and services

    for listing in db.session.scalars(select(Partner)).all():
        db.session.delete(listing)
    db.session.flush()
    db.session.expunge_all()
    batch = stage_data_inclusion(db.session, structures, services, origin="file")
    apply_batch(db.session, batch)
    db.session.flush()
    db.session.expire_all()

    assert _comparable(list(exports.structure_rows())) == _comparable(structures)
    again = _comparable(list(exports.service_rows()))
    before = _comparable(services)
    assert len(again) == len(before)
    for first, second in zip(before, again, strict=True):
        # A thématique names a family of sub-needs: the import files the service under every
        # sub-need of its thématiques, so the second export holds at least the first's (and its
        # quality score follows).
        assert set(first.pop("thematiques")) <= set(second.pop("thematiques"))
        first.pop("score_qualite"), second.pop("score_qualite")
        assert {k: (v, second.get(k)) for k, v in first.items() if second.get(k) != v} == {}
