"""Open-data export benchmark (not a test): time, SQL statements and peak memory of the full
data·inclusion export (structures + services, JSON and CSV) and of the médiation numérique
export.

    python benchmarks/export.py [--services 50000] [--skip-large]

Runs on (1) the demo data (reference + real + demo, in a temporary SQLite) and (2) the same
database grown to N live services (demo partners and services cloned, with their hours and
sub-needs). Each size is measured two ways in the same run:

- baseline: the naive export, every live service read with `.all()` and its partner, hours,
  stops and sub-needs lazily loaded one by one, the rows kept in a list and dumped at once;
- export: `flask --app portal export data-inclusion` as shipped (batches of `exports.BATCH`, related rows
  loaded per batch, rows written to the files as they are made).

Baseline and export write the same data·inclusion rows (the baseline only the JSON files, the
export JSON and CSV). The médiation numérique export is measured alone on the last line.
Time is measured without tracemalloc; peak memory (Python allocations) in a second pass with it.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from sqlalchemy import event, func, insert, select


def _count_statements(engine):
    seen = [0]

    def _before(*_args):
        seen[0] += 1

    event.listen(engine, "before_cursor_execute", _before)
    return seen, lambda: event.remove(engine, "before_cursor_execute", _before)


def baseline(folder: Path) -> int:
    """The naive export: everything loaded at once, lazily, then written."""
    from portal.api import data_inclusion, exports
    from portal.directory.models import Partner, Service
    from portal.extensions import db

    links = exports.Links()
    rows = []
    for partner in db.session.scalars(select(Partner).where(Partner.is_published)).all():
        try:
            rows.append(data_inclusion.row(data_inclusion.to_structure(
                **exports.structure_values(partner, links))))
        except ValueError:
            pass
    (folder / "structures.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    rows = []
    for service in db.session.scalars(select(Service).where(Service.is_live)).all():
        try:
            rows.append(data_inclusion.row(data_inclusion.to_service(
                **exports.service_values(service, links))))
        except ValueError:
            pass
    (folder / "services.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return len(rows)


def shipped(folder: Path) -> int:
    from portal.api.cli import write_dataset

    return write_dataset("data-inclusion", folder)["services"].written


def mednum(folder: Path) -> int:
    from portal.api.cli import write_dataset

    return write_dataset("mediation-numerique", folder)["lieux"].written


def measure(name: str, fn, folder: Path) -> dict:
    from portal.extensions import db

    db.session.expire_all()
    db.session.close()
    seen, stop = _count_statements(db.engine)
    started = time.perf_counter()
    services = fn(folder)
    seconds = time.perf_counter() - started
    stop()
    db.session.close()
    tracemalloc.start()
    fn(folder)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    db.session.close()
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(f"  {name:9} {services:>7} rows  {seconds:7.2f} s  {seen[0]:>7} statements  "
          f"peak {peak / 2**20:7.1f} MiB  files {size / 2**20:6.1f} MiB")
    return {"seconds": seconds, "statements": seen[0], "peak": peak}


def compare(label: str, work: Path) -> None:
    print(label)
    base = measure("baseline", baseline, _fresh(work / "baseline"))
    ours = measure("export", shipped, _fresh(work / "export"))
    print(f"  ratio export/baseline: time {ours['seconds'] / base['seconds']:.2f}, "
          f"statements {ours['statements'] / max(base['statements'], 1):.3f}, "
          f"peak memory {ours['peak'] / base['peak']:.2f}")
    measure("mednum", mednum, _fresh(work / "mednum"))


def _fresh(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def grow(target: int, seed: int = 13) -> None:
    """Clone published demo partners (hours included) and live services (sub-needs included)
    until the database holds `target` live services, about ten per new partner."""
    from portal.directory.models import OpeningSlot, Partner, Service, service_subneed
    from portal.extensions import db

    rng = random.Random(seed)
    session = db.session
    partners = session.scalars(select(Partner).where(Partner.is_published)).all()
    services = session.scalars(select(Service).where(Service.is_live)).all()
    links = session.execute(select(service_subneed)).all()
    subneeds_of: dict[int, list[int]] = {}
    for service_id, subneed_id in links:
        subneeds_of.setdefault(service_id, []).append(subneed_id)
    slots_of: dict[int, list] = {}
    for slot in session.scalars(select(OpeningSlot)):
        slots_of.setdefault(slot.partner_id, []).append(slot)
    live = session.scalar(select(func.count()).select_from(Service).where(Service.is_live))
    skip = {"id", "slug", "source_id", "created_at", "updated_at", "version"}
    partner_columns = [c.key for c in Partner.__table__.columns if c.key not in skip]
    service_columns = [c.key for c in Service.__table__.columns if c.key not in {"id", "partner_id"}]
    next_partner = session.scalar(select(func.max(Partner.id))) + 1
    next_service = session.scalar(select(func.max(Service.id))) + 1
    clone = 0
    while live < target:
        batch_partners, batch_slots, batch_services, batch_links = [], [], [], []
        for _ in range(200):
            model = rng.choice(partners)
            values = {c: getattr(model, c) for c in partner_columns}
            values.update(id=next_partner, slug=f"{model.slug}-{clone}", name=f"{model.name} {clone}",
                          source="demo", is_demo=True)
            batch_partners.append(values)
            batch_slots += [{"partner_id": next_partner, "weekday": s.weekday, "opens": s.opens,
                             "closes": s.closes} for s in slots_of.get(model.id, [])]
            for _ in range(10):
                source = rng.choice(services)
                row = {c: getattr(source, c) for c in service_columns}
                row.update(id=next_service, partner_id=next_partner, status="published")
                batch_services.append(row)
                batch_links += [{"service_id": next_service, "subneed_id": s}
                                for s in subneeds_of.get(source.id, [])]
                next_service += 1
                live += 1
            next_partner += 1
            clone += 1
            if live >= target:
                break
        session.execute(insert(Partner), batch_partners)
        if batch_slots:
            session.execute(insert(OpeningSlot), batch_slots)
        session.execute(insert(Service), batch_services)
        if batch_links:
            session.execute(insert(service_subneed), batch_links)
    session.commit()


def run(work: Path, services: int, skip_large: bool) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from demo_data import fill

    from portal import create_app
    from portal.directory.models import Service
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'bench.sqlite3'}",
                      "SEARCH_INDEX_DIR": str(work / "index"), "SEARCH_SYNC": False,
                      "PORTAL_BASE_URL": "https://aide.example.org"})
    with app.app_context():
        fill()
        live = db.session.scalar(select(func.count()).select_from(Service).where(Service.is_live))
        compare(f"Demo data ({live} live services)", work / "demo")
        if skip_large:
            return
        started = time.perf_counter()
        grow(services)
        live = db.session.scalar(select(func.count()).select_from(Service).where(Service.is_live))
        print(f"(generated in {time.perf_counter() - started:.1f} s)")
        compare(f"Generated ({live} live services)", work / "large")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="export-bench-") as work:
        run(Path(work), args.services, args.skip_large)


if __name__ == "__main__":
    main()
