"""Import benchmark (not a test): a 10,000-row spreadsheet read, checked, matched, staged and
applied into a scratch SQLite database seeded like `flask --app portal init`.

    .venv/bin/python benchmarks/imports.py [--rows 10000] [--duplicates 0.05] [--keep DIR]

The rows are places in Lille's quartiers with coordinates (no geocoder is needed), and a share
of them are near-duplicates of existing listings (another spelling, a point a few metres away,
the same phone number). Each step prints its time, rows per second and the peak of memory
allocated by Python during the step (tracemalloc is on during every step, which slows it).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = ("Association", "Maison", "Espace", "Point", "Centre", "Atelier", "Collectif", "Relais", "Antenne")
WHAT = ("solidaire", "des familles", "de l'emploi", "numérique", "d'accès au droit", "santé", "jeunesse",
        "des aidants", "alimentaire", "logement", "d'insertion", "culturel", "des habitants")
STREETS = ("rue Gambetta", "rue Solférino", "boulevard Victor Hugo", "rue de Marquillies",
           "place du Concert", "rue Pierre Legrand", "avenue de Dunkerque", "rue Javary", "rue d'Arras",
           "rue du Faubourg des Postes", "rue de Lannoy", "rue Racine", "rue Roger Salengro",
           "rue de Wazemmes", "rue Jules Guesde")
THEMATIQUES = ("equipement-et-alimentation--alimentation",
               "numerique--acceder-a-des-services-en-ligne",
               "trouver-un-emploi--faire-des-candidatures-spontanees",
               "logement-hebergement--louer-un-logement")


def _points(session, count: int, rng: random.Random) -> list[tuple[float, float, str]]:
    """Random points inside the quartiers, with their postcode."""
    from shapely.geometry import Point, shape
    from sqlalchemy import select

    from portal.directory.models import Quartier

    areas = [(shape(g), p) for g, p in session.execute(select(Quartier.geometry, Quartier.postcode))]
    points = []
    while len(points) < count:
        polygon, postcode = rng.choice(areas)
        minx, miny, maxx, maxy = polygon.bounds
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if polygon.covers(Point(x, y)):
            points.append((round(y, 6), round(x, 6), postcode))
    return points


def build_csv(session, rows: int, share: float, seed: int = 13) -> tuple[bytes, int]:
    from sqlalchemy import select

    from portal.directory.models import Partner
    from tests.import_files import csv_bytes

    rng = random.Random(seed)
    partners = session.scalars(select(Partner).where(Partner.latitude.is_not(None))).all()
    duplicates = int(rows * share)
    table = [["Nom", "Adresse", "Code postal", "Ville", "Téléphone", "Courriel", "Latitude", "Longitude",
              "Thématiques", "Description"]]
    for i, (lat, lon, postcode) in enumerate(_points(session, rows - duplicates, rng)):
        name = f"{rng.choice(WORDS)} {rng.choice(WHAT)} n° {i + 1}"
        table.append([name, f"{rng.randint(1, 250)} {rng.choice(STREETS)}", postcode, "Lille",
                      f"03 20 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                      f"contact{i}@exemple.org", f"{lat}", f"{lon}", rng.choice(THEMATIQUES),
                      "Accueil, information et accompagnement des habitants du quartier."])
    for _ in range(duplicates):
        p = rng.choice(partners)
        table.append([p.name.upper(), p.address, p.postcode, p.city, p.phone, p.email,
                      f"{p.latitude + rng.uniform(-0.0002, 0.0002):.6f}",
                      f"{p.longitude + rng.uniform(-0.0002, 0.0002):.6f}", "", p.presentation[:200]])
    body = table[1:]
    rng.shuffle(body)
    return csv_bytes([table[0], *body], ";"), duplicates


def _step(name: str, rows: int, action):
    tracemalloc.start()
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{name:<34} {elapsed:8.2f} s  {rows / elapsed:9.0f} lignes/s  pic mémoire {peak / 2**20:7.1f} Mo")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--duplicates", type=float, default=0.05)
    parser.add_argument("--keep", help="folder for the scratch database (default: a temporary one)")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="imports-bench-"))
    os.environ.setdefault("PORTAL_ENV", "development")
    from portal import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                      "SEARCH_INDEX_DIR": str(folder / "index"), "SEARCH_SYNC": False})
    with app.app_context():
        from benchmarks import demo_data
        from portal.extensions import db
        from portal.imports import constants as c
        from portal.imports import operations, readers
        from portal.imports.staging import _candidates, stage

        started = time.perf_counter()
        demo_data.fill()
        print(f"Base de départ (comme init) : {time.perf_counter() - started:.1f} s")
        data, duplicates = build_csv(db.session, args.rows, args.duplicates)
        print(f"Fichier : {args.rows} lignes dont {duplicates} quasi-doublons, {len(data) / 2**20:.1f} Mo")
        mapping = {"name": "Nom", "address": "Adresse", "postcode": "Code postal", "city": "Ville",
                   "phone": "Téléphone", "email": "Courriel", "latitude": "Latitude",
                   "longitude": "Longitude", "thematiques": "Thématiques", "presentation": "Description"}

        parsed = _step("lecture et vérification", args.rows, lambda: readers.read_mapped_csv(data, mapping))
        index = _candidates(db.session)
        records = [line.record for line in parsed.lines if line.record is not None]
        matches = _step("rapprochement seul (rapidfuzz)", args.rows, lambda: [index.best(r) for r in records])
        found = sum(m is not None for m in matches)
        print(f"  {found} rapprochements trouvés pour {duplicates} quasi-doublons")
        batch = _step("mise en attente (lieu, rapprochement, stockage)", args.rows,
                      lambda: stage(db.session, readers.read_mapped_csv(data, mapping), fmt=c.CSV,
                                    origin=c.FILE, file_name="bench.csv"))
        db.session.commit()
        print(f"  {batch.counts}")

        def apply():
            operations.set_decisions(batch, {r.id: c.MERGE for r in batch.rows if r.kind == c.PROBABLE})
            report = operations.apply_batch(db.session, batch)
            db.session.commit()
            return report

        report = _step("application (création, fusion)", args.rows, apply)
        print(f"  {report.counts}")
        again = _step("même fichier une 2e fois (mise en attente)", args.rows,
                      lambda: stage(db.session, readers.read_mapped_csv(data, mapping), fmt=c.CSV,
                                    origin=c.FILE, file_name="bench.csv"))
        print(f"  {again.counts}")
        db.session.rollback()


if __name__ == "__main__":
    main()
