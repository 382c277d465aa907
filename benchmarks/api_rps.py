"""JSON API throughput (not a test): requests per second and p95 latency under gunicorn.

    python benchmarks/api_rps.py [--services 50000] [--requests 480] [--rounds 3] [--workers 2]

Builds a scratch SQLite database with the demo (reference + real + demo, as `flask --app portal
init` loads it), starts `gunicorn -w 2` on it, and has 16 client threads (one HTTP connection
each, `requests`) ask for the API's lists in rounds: the structures, the services, the services
filtered (need + free + walk-in), and the services open now. Then it adds N generated services
(copies of the demo's, spread over the published partners, written with bulk inserts) and
measures again. Each round gives a rate and a p95; the median of the rounds is printed.

The baseline, measured in the same run and at the same concurrency, is /api/v1/needs: a small
JSON answer from reference data, through the same stack. The ratios say what the lists cost
compared with it on this machine, whatever its speed. The clients run on the same machine as
the server: on a small machine they take a share of the CPU, which lowers every row alike.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 16
BASELINE = "needs (baseline)"
LISTS = {
    BASELINE: ["/api/v1/needs"],
    "structures": [f"/api/v1/structures?page={p}" for p in range(1, 6)],
    "services": [f"/api/v1/services?page={p}" for p in range(1, 6)],
    "services filtered": ["/api/v1/services?need=alimentation&free=true&walk_in=true",
                          "/api/v1/services?subneed=colis-alimentaire&quartier=wazemmes",
                          "/api/v1/services?need=numerique&free=true&page=2"],
    "services open now": ["/api/v1/services?open_now=true", "/api/v1/services?open_now=true&page=3"],
}


def _environment(work: Path) -> dict[str, str]:
    return {**os.environ, "PORTAL_ENV": "development", "PORTAL_RATE_LIMITS": "0",
            "DATABASE_URL": f"sqlite:///{work / 'api.sqlite3'}", "SEARCH_INDEX_DIR": str(work / "index"),
            "GEOCODER_DOMAIN": "127.0.0.1:9", "GEOCODER_SCHEME": "http"}


def _seed_demo(work: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from demo_data import fill

    from portal import create_app

    os.environ.update(_environment(work))
    with create_app().app_context():
        fill()


def add_services(count: int, seed: int = 13) -> int:
    """Add `count` live services, copies of the demo's (texts, codes, sub-needs) given to random
    published partners, with two bulk inserts. Call inside an app context."""
    from sqlalchemy import func, select

    from portal.directory.models import Partner, Service, service_subneed
    from portal.extensions import db

    rng = random.Random(seed)
    table = Service.__table__
    models = [dict(row._mapping) for row in db.session.execute(
        select(table).where(table.c.status == "published", table.c.place_address == ""))]
    links: dict[int, list[int]] = {}
    for service_id, subneed_id in db.session.execute(select(service_subneed)):
        links.setdefault(service_id, []).append(subneed_id)
    partners = list(db.session.scalars(select(Partner.id).where(Partner.is_published)))
    next_id = (db.session.scalar(select(func.max(Service.id))) or 0) + 1
    rows, pairs = [], []
    for n in range(count):
        model = rng.choice(models)
        rows.append({**model, "id": next_id + n, "partner_id": rng.choice(partners),
                     "name": f"{model['name']} ({n})", "position": 100 + n})
        pairs += [{"service_id": next_id + n, "subneed_id": s} for s in links.get(model["id"], [])]
    db.session.execute(table.insert(), rows)
    db.session.execute(service_subneed.insert(), pairs)
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(Service).where(Service.is_live))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(work: Path, workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "portal:create_app()"],
        cwd=ROOT, env=_environment(work))
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(f"{base}/api/v1/needs", timeout=30).status_code == 200:
                return server, base
        except requests.RequestException:  # not listening yet, or still starting its workers
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def _round(base: str, urls: list[str], total: int) -> tuple[float, float]:
    """One round: `total` requests spread over 16 connections; (requests/s, p95 in ms)."""
    per_client = total // CONNECTIONS

    def client(number: int) -> list[float]:
        session, timings = requests.Session(), []
        for i in range(per_client):
            url = base + urls[(number + i) % len(urls)]
            started = time.perf_counter()
            response = session.get(url, timeout=60)
            timings.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
        session.close()
        return timings

    started = time.perf_counter()
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        timings = [t for chunk in pool.map(client, range(CONNECTIONS)) for t in chunk]
    elapsed = time.perf_counter() - started
    return len(timings) / elapsed, statistics.quantiles(timings, n=20)[18] * 1000


def measure(base: str, total: int, rounds: int) -> dict[str, tuple[float, float]]:
    """Median requests/s and median p95 (ms) of each list, after a warm-up round."""
    results = {}
    for label, urls in LISTS.items():
        _round(base, urls, CONNECTIONS * 4)
        runs = [_round(base, urls, total) for _ in range(rounds)]
        results[label] = (statistics.median(r for r, _ in runs), statistics.median(p for _, p in runs))
    return results


def report(title: str, results: dict[str, tuple[float, float]]) -> None:
    baseline = results[BASELINE][0]
    print(f"\n== {title}")
    print(f"   {'list':<20} {'req/s':>8} {'p95':>9}   ratio to baseline")
    for label, (rate, p95) in results.items():
        print(f"   {label:<20} {rate:8.1f} {p95:7.1f} ms   x{rate / baseline:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=480, help="requests per round and list")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="api-rps-") as folder:
        work = Path(folder)
        _seed_demo(work)
        server, base = _start_server(work, args.workers)
        try:
            count = requests.get(f"{base}/api/v1/services?page_size=1", timeout=10).json()["count"]
            report(f"demo data: {count} live services, gunicorn -w {args.workers}, {CONNECTIONS} "
                   f"connections, median of {args.rounds} rounds of {args.requests} requests",
                   measure(base, args.requests, args.rounds))
            from portal import create_app

            with create_app().app_context():
                started = time.perf_counter()
                count = add_services(args.services)
                print(f"\n{args.services} services added in {time.perf_counter() - started:.1f} s")
            report(f"{count} live services, same server", measure(base, args.requests, args.rounds))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
