"""Search page throughput (not a test): requests per second through the whole Flask stack.

    python benchmarks/search_rps.py [--rounds 7]

Runs on the demo data (reference + real + demo, in a temporary SQLite) with the test client, one
thread. A fixed set of searches (words, filters, a second page, a distance sort from a quartier)
is requested in rounds; each round gives a rate, and the median of the rounds is printed:

- the search page with its rendered-results cache emptied before each request (the engine's own
  result cache stays: it is what a busy server has), which is what a new search costs;
- the same searches with the rendered-results cache warm (a popular search asked again);
- the baseline, measured in the same run: public partner pages, a page of similar weight
  (one partner, its services and hours) that involves no search at all.

The ratios say how a search page compares with the baseline on this machine, whatever its speed.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

SEARCHES = [
    "/recherche?q=bouffe",
    "/recherche?q=colis+alimentaire",
    "/recherche?q=logement",
    "/recherche?q=dossier+caf",
    "/recherche?q=cours+de+francais",
    "/recherche?q=medecin+gratuit",
    "/recherche?q=ordi+pas+cher",
    "/recherche?q=douche&quartier=wazemmes",
    "/recherche?q=colis&gratuit=1&sans_rdv=1",
    "/recherche?q=emploi&page=2",
    "/recherche?q=colis&quartier=fives&tri=distance",
    "/recherche?besoin=alimentation",
]


def _demo_app(work: Path):
    from demo_data import fill

    from portal import create_app
    from portal.extensions import db
    from portal.search.store import index as idx

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'rps.sqlite3'}",
                      "SEARCH_INDEX_DIR": str(work / "index"), "PORTAL_RATE_LIMITS": False})
    with app.app_context():
        fill()
        print(idx.rebuild(db.session))
    return app


def _partner_pages(app, count: int) -> list[str]:
    from sqlalchemy import select

    from portal.directory.models import Partner
    from portal.extensions import db

    with app.app_context():
        slugs = db.session.scalars(
            select(Partner.slug).where(Partner.is_published).order_by(Partner.id).limit(count)).all()
    return [f"/partenaires/{slug}" for slug in slugs]


def _rate(client, urls: list[str], rounds: int, before=None) -> float:
    """Median requests per second over `rounds` passes through `urls` (one warm-up pass first)."""
    rates = []
    for n in range(rounds + 1):
        started = time.perf_counter()
        for url in urls:
            if before is not None:
                before()
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
        if n:  # the first pass only warms up
            rates.append(len(urls) / (time.perf_counter() - started))
    return statistics.median(rates)


def run(work: Path, rounds: int) -> None:
    from portal.search import pagecache

    app = _demo_app(work)
    baseline_urls = _partner_pages(app, len(SEARCHES))
    client = app.test_client()
    rows = {
        "partner pages (baseline)": _rate(client, baseline_urls, rounds),
        "search, results not cached": _rate(client, SEARCHES, rounds, before=pagecache.clear),
        "search, rendered results cached": _rate(client, SEARCHES, rounds),
    }
    baseline = rows["partner pages (baseline)"]
    print(f"\n== {len(SEARCHES)} searches, {len(baseline_urls)} partner pages, median of {rounds} rounds")
    for label, rate in rows.items():
        print(f"   {label:<34} {rate:7.1f} req/s   x{rate / baseline:.2f} of baseline")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="search-rps-") as work:
        run(Path(work), args.rounds)


if __name__ == "__main__":
    main()
