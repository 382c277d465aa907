"""A client of the national data·inclusion API (v1): the structures and services of our communes.

GET {DATA_INCLUSION_API_URL}/api/v1/structures and /api/v1/services, with a bearer token, filtered
by `code_commune` (an INSEE code) and paged by `page` (from 1) and `size`; each page answers
``{"items": [...], "total": n, "page": p, "size": len(items), "pages": m}``. Every page of every
commune is read before anything is returned, so that a failure half-way leaves nothing to write.
Every failure is a NationalApiError whose message (in French, for the administrator reading the
cron's mail) says what went wrong and what to do. The token never appears in a message.

Settings read with defaults: DATA_INCLUSION_API_PAGE_SIZE (rows per page, 1000; the API allows up
to 10,000) and DATA_INCLUSION_API_MAX_PAGES (200 pages per commune and kind, a guard against a
`pages` that never ends).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import requests
from flask import current_app

KINDS = {"structures": "les structures", "services": "les services"}
INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")  # a commune's code (Corsica: 2A, 2B)
RETRY_AFTER_CAP = 60.0  # seconds: a longer wait is the next night's job
_sleep = time.sleep  # replaced in tests


class NationalApiError(RuntimeError):
    """The national API could not be read completely; the message says why and what to do."""


@dataclass
class Fetched:
    """Everything read from the API: rows (each id once) and how many pages it took."""

    structures: list[dict] = field(default_factory=list)
    services: list[dict] = field(default_factory=list)
    pages: int = 0
    insee_codes: tuple[str, ...] = ()


@dataclass
class Client:
    """Settings of one run: where the API is, the token, and the limits."""

    base_url: str
    token: str = ""
    timeout: float = 20.0
    page_size: int = 1000
    max_pages: int = 200

    @classmethod
    def from_config(cls) -> Client:
        config = current_app.config
        return cls(
            base_url=str(config.get("DATA_INCLUSION_API_URL", "https://api.data.inclusion.gouv.fr")).rstrip("/"),
            token=str(config.get("DATA_INCLUSION_API_TOKEN") or ""),
            timeout=float(config.get("DATA_INCLUSION_API_TIMEOUT", 20)),
            page_size=int(config.get("DATA_INCLUSION_API_PAGE_SIZE", 1000)),
            max_pages=int(config.get("DATA_INCLUSION_API_MAX_PAGES", 200)),
        )

    def fetch(self, insee_codes) -> Fetched:
        """Every structure and service of these communes, or NationalApiError."""
        codes = tuple(dict.fromkeys(code.strip() for code in insee_codes if code and code.strip()))
        if not codes:
            raise NationalApiError("Aucune commune à synchroniser : renseignez PORTAL_INSEE_CODES "
                                   "(codes INSEE séparés par des virgules) ou passez --insee.")
        wrong = [code for code in codes if not INSEE_CODE.match(code)]
        if wrong:
            raise NationalApiError(f"« {wrong[0]} » n'est pas un code INSEE de commune (5 caractères, par "
                                   "exemple 59350 pour Lille) : corrigez PORTAL_INSEE_CODES ou --insee.")
        fetched = Fetched(insee_codes=codes)
        with requests.Session() as http:
            if self.token:
                http.headers["Authorization"] = f"Bearer {self.token}"
            http.headers["Accept"] = "application/json"
            http.headers["User-Agent"] = "portail-aide-lille"
            for kind in KINDS:
                rows: dict[str, dict] = {}
                for code in codes:
                    for item in self._pages(http, kind, code, fetched):
                        # A row may come twice (a page shifted by a concurrent update): keep one.
                        rows.setdefault(_key(item), item)
                getattr(fetched, kind).extend(rows.values())
        return fetched

    def _pages(self, http, kind: str, code: str, fetched: Fetched):
        page = 1
        while True:
            if page > self.max_pages:
                raise NationalApiError(
                    f"L'API data·inclusion annonce plus de {self.max_pages} pages pour {KINDS[kind]} de la "
                    f"commune {code} : lecture arrêtée par précaution (DATA_INCLUSION_API_MAX_PAGES). "
                    "Signalez-le à data·inclusion ou augmentez la limite.")
            body = self._get(http, kind, code, page)
            fetched.pages += 1
            items, pages = _read_page(body, kind, code, page)
            yield from items
            if pages is not None:
                if page >= pages:
                    return
            elif len(items) < self.page_size:
                return
            page += 1

    def _get(self, http, kind: str, code: str, page: int):
        where = f"{KINDS[kind]} de la commune {code}, page {page}"
        url = f"{self.base_url}/api/v1/{kind}"
        params = {"code_commune": code, "page": page, "size": self.page_size}
        for attempt in (1, 2):
            try:
                response = http.get(url, params=params, timeout=self.timeout)
            except requests.Timeout:
                raise NationalApiError(
                    f"L'API data·inclusion n'a pas répondu dans les {self.timeout:g} secondes "
                    f"(DATA_INCLUSION_API_TIMEOUT) en lisant {where}. Réessayez plus tard, ou "
                    "augmentez ce délai si l'API est lente.") from None
            except requests.ConnectionError:
                raise NationalApiError(
                    f"Impossible de joindre l'API data·inclusion à {self.base_url} (connexion refusée ou "
                    "adresse introuvable). Vérifiez DATA_INCLUSION_API_URL et l'accès au réseau du "
                    "serveur.") from None
            except requests.RequestException as error:
                raise NationalApiError(
                    f"Échec de la requête à l'API data·inclusion en lisant {where} "
                    f"({type(error).__name__}).") from None
            if response.status_code == 429 and attempt == 1:
                _sleep(_retry_after(response.headers.get("Retry-After")))
                continue
            break
        status = response.status_code
        if status in (401, 403):
            raise NationalApiError(
                f"L'API data·inclusion refuse l'accès (HTTP {status}) : le jeton DATA_INCLUSION_API_TOKEN "
                "est absent ou refusé. Demandez un jeton à data·inclusion (ou renouvelez-le) et "
                "renseignez-le dans la configuration du serveur.")
        if status == 429:
            raise NationalApiError(
                "L'API data·inclusion limite le nombre de requêtes (HTTP 429) et refuse encore après "
                f"l'attente demandée, en lisant {where}. Relancez la synchronisation plus tard.")
        if status >= 500:
            raise NationalApiError(
                f"L'API data·inclusion est en erreur (HTTP {status}) en lisant {where}. Le problème "
                "vient du service national : relancez la synchronisation plus tard.")
        if status != 200:
            raise NationalApiError(
                f"L'API data·inclusion a refusé la requête (HTTP {status}) en lisant {where}. "
                "Vérifiez DATA_INCLUSION_API_URL et les codes INSEE (PORTAL_INSEE_CODES ou --insee).")
        try:
            return response.json()
        except ValueError:
            raise NationalApiError(_malformed(where, "la réponse n'est pas du JSON")) from None


def _read_page(body, kind: str, code: str, page: int) -> tuple[list[dict], int | None]:
    where = f"{KINDS[kind]} de la commune {code}, page {page}"
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        raise NationalApiError(_malformed(where, "la liste « items » est absente"))
    items = body["items"]
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise NationalApiError(_malformed(where, f"l'élément n° {number} n'est pas un objet"))
        if not isinstance(item.get("id"), str) or not item["id"]:
            raise NationalApiError(_malformed(where, f"l'élément n° {number} n'a pas d'identifiant"))
    pages = body.get("pages")
    if pages is not None and (not isinstance(pages, int) or isinstance(pages, bool) or pages < 0):
        raise NationalApiError(_malformed(where, f"le nombre de pages « {pages} » n'est pas un entier"))
    return items, pages


def _malformed(where: str, detail: str) -> str:
    return (f"Réponse inattendue de l'API data·inclusion en lisant {where} : {detail}. Vérifiez "
            "DATA_INCLUSION_API_URL (elle doit désigner l'API data·inclusion, sans /api/v1) ou "
            "réessayez plus tard.")


def _key(item: dict) -> str:
    return f"{item.get('source', '')}\x1f{item['id']}"


def _retry_after(value: str | None) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); 1 when absent."""
    if not value:
        return 1.0
    try:
        seconds = float(value)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            seconds = 1.0
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)


def fetch(insee_codes=None) -> Fetched:
    """The territory's structures and services with the app's settings (PORTAL_INSEE_CODES)."""
    codes = insee_codes if insee_codes else current_app.config.get("PORTAL_INSEE_CODES", ())
    return Client.from_config().fetch(codes)
