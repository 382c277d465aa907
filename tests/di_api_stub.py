"""A real HTTP stand-in for the national data·inclusion API (v1) on loopback.

GET /api/v1/structures and /api/v1/services answer like the API: a bearer token is required
(none: 403 "Not authenticated"; a wrong one: 401), `code_commune` filters on the row's INSEE
code, `page` (from 1) and `size` (1 to 10,000; default 5,000) page the rows in a stable order,
and each page is ``{"items": [...], "total": n, "page": p, "size": len(items), "pages": m}``.
Structures carry `score_qualite` and `doublons`, services `score_qualite`, as the API adds.

The rows are the real data·inclusion rows of the shipped snapshots (seed/data/open/), written
in the older schema and brought here to v1: `presentation_resume` → `description`, `pivot` →
`siret`, `profils` → `publics`, `types` → `type`, a list of `frais` → one value, thématiques
of the older vocabulary → v1 ones, ids prefixed by the source; a service gets the address of
its structure (the snapshots give none), which is what the API filters it by.

Knobs on the yielded `DiApi` make it fail: `slow` ((kind, page) answered after `delay`
seconds), `broken` ((kind, page) → "html", "no-items", "not-object", or "endless": from that page on,
`pages` always announces one more),
`failing` ((kind, page) → HTTP 500), `rate_limited` (that many 429s with Retry-After first).
"""

from __future__ import annotations

import json
import math
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

TOKEN = "di-test-jeton-secret"
SNAPSHOTS = Path(__file__).resolve().parent.parent / "seed" / "data" / "open"
MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE = 10_000, 5_000
THEMATIQUES = {"numerique": "numerique--maitriser-les-fondamentaux-du-numerique",
               "mobilite": "mobilite--etre-accompagne-dans-son-parcours-mobilite",
               "creation-activite": "creer-une-entreprise--structurer-son-projet-de-creation-dentreprise"}
TYPES = {"accueil": "information", "accompagnement": "accompagnement", "atelier": "atelier",
         "formation": "formation", "information": "information", "aide-materielle": "aide-materielle",
         "aide-financiere": "aide-financiere"}
RESEAUX = {"CNFS": "conseillers-numeriques", "France Services": "france-service"}


def _load(prefix: str) -> list[dict]:
    rows: dict[str, dict] = {}
    for path in sorted(SNAPSHOTS.glob(f"data_inclusion_{prefix}_*.json")):
        for row in json.loads(path.read_text(encoding="utf-8")):
            rows.setdefault(row["id"], row)
    return list(rows.values())


def _structure_v1(row: dict) -> dict:
    labels = [RESEAUX[label] for label in (row.get("labels_nationaux") or "").split(";") if label in RESEAUX]
    description = " ".join(filter(None, (row.get("presentation_resume"), row.get("presentation_detail"))))
    return {
        "source": row["source"], "id": f"{row['source']}--{row['id']}", "nom": row["nom"],
        "date_maj": row.get("date_maj") or "2023-02-06", "description": description or None,
        "lien_source": None, "siret": row.get("pivot") or None, "commune": row.get("commune"),
        "code_postal": row.get("code_postal"), "code_insee": row.get("code_insee"),
        "adresse": row.get("adresse"), "complement_adresse": row.get("complement_adresse"),
        "longitude": row.get("longitude"), "latitude": row.get("latitude"),
        "telephone": row.get("telephone"), "courriel": row.get("courriel"), "site_web": row.get("site_web"),
        "horaires_accueil": row.get("horaires"), "accessibilite_lieu": None,
        "reseaux_porteurs": labels, "score_qualite": 0.5, "doublons": [],
    }


def _service_v1(row: dict, structure: dict) -> dict:
    types = [TYPES[t] for t in row.get("types") or [] if t in TYPES]
    return {
        "source": row["source"], "structure_id": structure["id"], "id": f"{row['source']}--{row['id']}",
        "nom": row["nom"], "description": row.get("presentation_resume") or row["nom"],
        "lien_source": None, "date_maj": structure["date_maj"], "type": types[0] if types else None,
        "thematiques": sorted({THEMATIQUES[t] for t in row.get("thematiques") or [] if t in THEMATIQUES}),
        "frais": "payant" if "payant" in (row.get("frais") or []) else "gratuit",
        "frais_precisions": row.get("frais_autres"), "publics": list(row.get("profils") or []) or ["tous-publics"],
        "publics_precisions": None, "conditions_acces": None,
        **{key: structure[key] for key in ("commune", "code_postal", "code_insee", "adresse",
                                           "complement_adresse", "longitude", "latitude", "telephone",
                                           "courriel")},
        "modes_accueil": ["en-presentiel"], "zone_eligibilite": None, "contact_nom_prenom": None,
        "lien_mobilisation": row.get("prise_rdv"), "modes_mobilisation": None, "mobilisable_par": None,
        "mobilisation_precisions": None, "volume_horaire_hebdomadaire": None, "nombre_semaines": None,
        "horaires_accueil": structure["horaires_accueil"], "score_qualite": 0.5,
    }


def snapshot_rows() -> tuple[list[dict], list[dict]]:
    """The shipped snapshots' structures and services in the v1 shape of the API."""
    structures = [_structure_v1(row) for row in _load("structures")]
    by_raw_id = {s["id"].split("--", 1)[1]: s for s in structures}
    services = [_service_v1(row, by_raw_id[row["structure_id"]]) for row in _load("services")
                if row["structure_id"] in by_raw_id]
    return structures, services


@dataclass
class DiApi:
    """What the stub serves and how it misbehaves; `requests` lists (path, params, authorization)."""

    structures: list[dict] = field(default_factory=list)
    services: list[dict] = field(default_factory=list)
    token: str = TOKEN
    slow: tuple[str, int] | None = None
    delay: float = 5.0
    broken: dict[tuple[str, int], str] = field(default_factory=dict)
    failing: set[tuple[str, int]] = field(default_factory=set)
    rate_limited: int = 0
    retry_after: str = "1"
    requests: list[tuple[str, dict, str]] = field(default_factory=list)
    base_url: str = ""
    stopping: threading.Event = field(default_factory=threading.Event)

    def page_requests(self, kind: str) -> list[dict]:
        return [params for path, params, _ in self.requests if path == f"/api/v1/{kind}"]


class _Handler(BaseHTTPRequestHandler):
    api: DiApi

    def _json(self, status: int, body, headers: dict | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if not isinstance(body, bytes) else "text/html")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 (http.server API)
        api = self.server.api
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        authorization = self.headers.get("Authorization", "")
        api.requests.append((url.path, params, authorization))
        kind = url.path.removeprefix("/api/v1/")
        if kind not in ("structures", "services"):
            return self._json(404, {"detail": "Not Found"})
        if not authorization.startswith("Bearer "):
            return self._json(403, {"detail": "Not authenticated"})
        if authorization.removeprefix("Bearer ") != api.token:
            return self._json(401, {"detail": "Invalid token"}, {"WWW-Authenticate": "Bearer"})
        if api.rate_limited > 0:
            api.rate_limited -= 1
            return self._json(429, {"detail": "Too Many Requests"}, {"Retry-After": api.retry_after})
        try:
            page, size = int(params.get("page", 1)), int(params.get("size", DEFAULT_PAGE_SIZE))
        except ValueError:
            return self._json(422, {"detail": [{"type": "int_parsing", "loc": ["query", "page"]}]})
        code = params.get("code_commune")
        if page < 1 or not 1 <= size <= MAX_PAGE_SIZE or (code is not None and len(code) != 5):
            return self._json(422, {"detail": [{"type": "value_error", "loc": ["query"]}]})
        if api.slow == (kind, page) and api.stopping.wait(api.delay):
            return None
        if (kind, page) in api.failing:
            return self._json(500, {"detail": "Internal Server Error"})
        rows = [row for row in getattr(api, kind) if code is None or row.get("code_insee") == code]
        rows.sort(key=lambda row: row["id"])
        items = rows[(page - 1) * size: page * size]
        body = {"items": items, "total": len(rows), "page": page, "size": len(items),
                "pages": math.ceil(len(rows) / size)}
        fault = api.broken.get((kind, page))
        if any(f == "endless" and k == kind and p <= page for (k, p), f in api.broken.items()):
            fault = "endless"  # from that page on, there is always one more
        if fault == "html":
            return self._json(200, b"<html><body>Maintenance en cours</body></html>")
        if fault == "no-items":
            body.pop("items")
        elif fault == "not-object":
            body["items"] = [*items, "pas un objet"]
        elif fault == "endless":
            body["pages"] = page + 1
        return self._json(200, body)

    def log_message(self, *args):
        pass


@contextmanager
def running_di_api(api: DiApi | None = None):
    """Serve the stub on a free loopback port; yields the DiApi (its base_url set), filled with
    the snapshot rows unless given others."""
    if api is None:
        structures, services = snapshot_rows()
        api = DiApi(structures=structures, services=services)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.api = api
    host, port = server.server_address[:2]
    api.base_url = f"http://{host}:{port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        api.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()


def config_for(api: DiApi, **extra) -> dict:
    """App settings that point the sync at the stub with the right token."""
    return {"DATA_INCLUSION_API_URL": api.base_url, "DATA_INCLUSION_API_TOKEN": TOKEN,
            "DATA_INCLUSION_API_TIMEOUT": 2.0, **extra}
