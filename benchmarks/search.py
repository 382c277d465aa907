"""Search benchmark (not a test): build time, index size, latency p50/p95, success@5.

    python benchmarks/search.py [--services 50000] [--queries 1000] [--skip-large]

Runs on (1) the demo data (reference + real + demo, in a temporary SQLite) and (2) a generated
corpus of N services written straight to a Whoosh index (documents derived from the demo ones
with new names, places and word mixes). The query mix repeats popular queries (Zipf-like) and
adds a long tail (rare words, typos, filters, distance sorts). Each corpus is measured three
ways: a fresh searcher per query (no reuse at all), one searcher kept open without the result
cache, and the full engine (searcher kept + result cache).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from portal.directory.hours import PARIS
from portal.search import searching
from portal.search.core.analysis import load_synonyms
from portal.search.core.engine import SearchRequest
from portal.search.core.schema import GEO_SCALE
from portal.search.store import documents, generations, state
from portal.search.store import index as idx

POPULAR = [
    ("bouffe", {"alimentation"}), ("colis alimentaire", {"alimentation"}),
    ("resto du coeur", {"alimentation"}), ("dossier caf", {"acces-aux-droits"}),
    ("rsa", {"acces-aux-droits"}), ("logement", {"logement"}), ("115", {"urgence-sociale"}),
    ("douche", {"urgence-sociale"}), ("ordi pas cher", {"numerique"}), ("papiers", {"acces-aux-droits"}),
    ("emploi", {"emploi-formation"}), ("cours de francais", {"emploi-formation"}),
    ("mutuelle", {"sante"}), ("medecin gratuit", {"sante"}), ("dettes", {"budget"}),
    ("garde enfant", {"famille"}), ("mdph", {"handicap"}), ("aide a domicile", {"seniors"}),
    ("permis de conduire", {"mobilite"}), ("fringues", {"urgence-sociale"}),
]
TAIL = [
    ("logemant social", {"logement"}), ("aprendre ordinateur", {"numerique"}),
    ("facture edf impayee", {"budget"}), ("titre de sejour prefecture", {"acces-aux-droits"}),
    ("violence conjugale", {"famille"}), ("psy gratuit", {"sante"}), ("ticket de bus", {"mobilite"}),
    ("surendetement", {"budget"}), ("retraite carsat", {"seniors"}), ("handicap travail", {"handicap"}),
    ("imprimer cv", {"numerique", "emploi-formation"}), ("dentiste pas cher", {"sante"}),
    ("epicerie solidaire", {"alimentation"}), ("domiciliation", {"urgence-sociale"}),
    ("aide aux devoirs", {"famille"}), ("carte vitale", {"sante"}), ("velo", {"mobilite"}),
    ("curatelle", {"budget"}), ("jardin partage", {"alimentation"}), ("maison de retraite", {"seniors"}),
]
QUARTIERS = ["fives", "wazemmes", "lille-sud", "lille-moulins", "lomme", "vieux-lille"]
LILLE = (50.6292, 3.0573)


def _query_mix(count: int, seed: int = 7) -> list[tuple[SearchRequest, set[str]]]:
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(POPULAR))]
    mix = []
    for _ in range(count):
        if rng.random() < 0.6:
            text, needs = rng.choices(POPULAR, weights=weights)[0]
            mix.append((SearchRequest(text=text), needs))
            continue
        text, needs = rng.choice(TAIL)
        if rng.random() < 0.3:  # a typo: two letters swapped
            i = rng.randrange(max(1, len(text) - 2))
            if text[i].isalpha() and text[i + 1].isalpha():
                text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        options = {}
        if rng.random() < 0.3:
            options["quartier"] = rng.choice(QUARTIERS)
        if rng.random() < 0.2:
            options["free"] = True
        if rng.random() < 0.15:
            options.update(sort="distance", origin=(LILLE[0] + rng.uniform(-0.02, 0.02),
                                                    LILLE[1] + rng.uniform(-0.03, 0.03)))
        if rng.random() < 0.1:
            options["page"] = 2
        mix.append((SearchRequest(text=text, **options), needs))
    return mix


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _search(req: SearchRequest, open_partners, cache_size: int):
    """What `searching.search` does, with the open places and the result cache chosen here."""
    return state.state_for(generations.index_root()).search(
        req, load_synonyms(searching.synonyms_path()), datetime.now(PARIS), open_partners, cache_size)


def _measure(app, mix, mode: str, needs_of, open_partners=state.open_partner_ids) -> dict:
    cache_size = state.DEFAULT_CACHE_SIZE if mode == "full" else 0
    latencies, successes, judged = [], 0, 0
    with app.app_context():
        state.close_all()
        for n, (req, needs) in enumerate(mix):
            if mode == "fresh":
                state.close_all()
            started = time.perf_counter()
            result = _search(req, open_partners, cache_size)
            elapsed = (time.perf_counter() - started) * 1000
            if n >= 20:  # warm-up excluded
                latencies.append(elapsed)
            if needs_of is not None and req.page == 1 and req.sort == "relevance":
                judged += 1
                found = needs_of([h.service_id for h in result.hits[:5]])
                successes += any(found_needs & needs for found_needs in found)
        state.close_all()
    return {
        "p50": statistics.median(latencies),
        "p95": _percentile(latencies, 0.95),
        "success@5": successes / judged if judged else None,
    }


def _report(title: str, build_s: float, size_mb: float, docs: int, rows: dict) -> None:
    print(f"\n== {title}: {docs} services, build {build_s:.1f} s, index {size_mb:.1f} MB")
    for mode, row in rows.items():
        success = f", success@5 {row['success@5']:.0%}" if row["success@5"] is not None else ""
        print(f"   {mode:<28} p50 {row['p50']:6.2f} ms   p95 {row['p95']:6.2f} ms{success}")


MODES = {"fresh": "fresh searcher per query", "kept": "searcher kept, no result cache",
         "full": "searcher kept + result cache"}


def run(work: Path, services: int, queries: int, skip_large: bool) -> None:
    from demo_data import fill
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from portal import create_app
    from portal.directory.models import Service, SubNeed
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'bench.sqlite3'}",
                      "SEARCH_INDEX_DIR": str(work / "demo-index")})
    mix = _query_mix(queries)
    with app.app_context():
        fill()
        started = time.perf_counter()
        report = idx.rebuild(db.session)
        build_s = time.perf_counter() - started
        need_by_service = {
            s.id: {sub.need.slug for sub in s.subneeds}
            for s in db.session.scalars(
                select(Service).options(selectinload(Service.subneeds).joinedload(SubNeed.need)))
        }
        quartiers = documents.quartier_names(db.session)
        rows_in_db = db.session.scalars(documents.services_query()).unique()
        templates = [documents.build_document(s, quartiers) for s in rows_in_db]

    def needs_of(ids):
        return [need_by_service.get(i, set()) for i in ids]

    rows = {MODES[m]: _measure(app, mix, m, needs_of) for m in MODES}
    demo_mb = _size_mb(generations.current_dir(work / "demo-index"))
    _report("demo data", build_s, demo_mb, report.documents, rows)
    if skip_large:
        return

    large_root = work / "large-index"
    path = large_root / "gen-bench"
    path.mkdir(parents=True)
    started = time.perf_counter()
    needs_large: dict[int, set[str]] = {}
    count = generations.write_documents(path, _generated(templates, services, needs_large), limitmb=512)
    build_s = time.perf_counter() - started
    (large_root / generations.CURRENT).write_text(path.name)
    generations.touch_stamp(large_root)
    app.config["SEARCH_INDEX_DIR"] = str(large_root)
    rng = random.Random(3)
    half = frozenset(rng.sample(range(1, services // 3 + 2), k=services // 6))
    modes = {m: MODES[m] for m in ("kept", "full")}  # a fresh searcher per query is the same at 50k
    rows = {label: _measure(app, mix, m, lambda ids: [needs_large.get(i, set()) for i in ids],
                            open_partners=lambda at: half)  # no database behind this corpus
            for m, label in modes.items()}
    _report("generated corpus", build_s, _size_mb(path), count, rows)


def _generated(templates: list[dict], total: int, needs: dict[int, set[str]]):
    """`total` documents derived from the demo ones: new ids, partners, places and extra words."""
    rng = random.Random(11)
    vocabulary = sorted({w for doc in templates for w in doc.get("body", "").split()})
    for n in range(1, total + 1):
        doc = dict(rng.choice(templates))
        partner = n // 3 + 1
        doc["service_id"] = str(n)
        doc["partner"] = str(partner)
        extra = " ".join(rng.sample(vocabulary, k=min(6, len(vocabulary))))
        doc["body"] = f"{doc.get('body', '')} {extra}"
        doc["all"] = f"{doc['all']} {extra}"
        doc["partner_name"] = f"{doc.get('partner_name', '')} p{partner}"
        lat = round((LILLE[0] + rng.uniform(-0.03, 0.03)) * GEO_SCALE)
        lon = round((LILLE[1] + rng.uniform(-0.05, 0.05)) * GEO_SCALE)
        doc["points"] = f"{lat} {lon}".encode("ascii")
        doc["quartier"] = rng.choice(QUARTIERS + ["bois-blancs", "fives", "hellemmes"])
        doc["order"] = f"p{partner:07d}\x00{n:09d}"
        needs[n] = set(doc.get("need", "").split(",")) - {""}
        yield doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="search-bench-") as work:
        run(Path(work), args.services, args.queries, args.skip_large)


if __name__ == "__main__":
    main()
