"""The search index: schema, documents, writes under a lock, rebuild-and-swap, drift check.

Layout of the index folder (``SEARCH_INDEX_DIR``)::

    CURRENT        name of the live generation folder, replaced atomically on a rebuild
    STAMP          replaced after every write; readers stat it to know when to refresh
    write.lock     held (flock + a thread lock) by whoever writes, so writers never overlap
    gen-<time>-<n> one Whoosh index per generation; the previous one is kept for open readers

The database is the source of truth: an index that does not exist yet is simply not updated
(``search reindex`` builds it), and ``check`` reports any difference between the two.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload
from whoosh import index as whoosh_index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from portal.directory import constants
from portal.directory.models import Partner, Quartier, Service, SubNeed
from portal.directory.queries import is_published_service
from portal.directory.text import fold
from portal.search.analysis import stems, words

try:  # POSIX; elsewhere the thread lock alone protects a single-process deployment
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

CURRENT = "CURRENT"
STAMP = "STAMP"
LOCK = "write.lock"
GEO_SCALE = 1_000_000  # coordinates are stored as integers (micro-degrees)
NO_GEO = 2**63 - 1  # what the column holds when a document has no coordinates
WRITE_TIMEOUT = 30.0

# Scored text fields and their query-time boosts: a name or sub-need match beats a word deep
# in a description.
TEXT_FIELDS = {
    "partner_name": 3.0,
    "service_name": 2.5,
    "subneed": 3.0,
    "need_text": 1.5,
    "body": 1.0,
    "facts": 0.8,
    "presentation": 0.5,  # the partner's own words, shared by all its services
}


def make_schema() -> Schema:
    """Text arrives already analyzed (see `build_document`): the fields only split on spaces.

    Analysis happens once per distinct text, through the cached French chain of
    `portal.search.analysis`; queries use the same chain, so both sides always agree.
    """
    pre = SpaceSeparatedTokenizer()
    text = {name: TEXT(analyzer=pre, phrase=False) for name in TEXT_FIELDS}
    # Scorable only so that Whoosh keeps field lengths: without them its segment writer stats a
    # file for every posting, which makes building the index several times slower.
    unscored = {"lowercase": False, "commas": False, "scorable": True}
    return Schema(
        service_id=ID(stored=True, unique=True),
        partner=ID(stored=True, sortable=True),
        # Every stem of the texts above, once: what matches (scoring uses the fields above).
        all=KEYWORD(**unscored),
        # Unstemmed folded words: the vocabulary of fuzzy matching and "did you mean".
        fuzzy_text=KEYWORD(**unscored),
        need=KEYWORD(commas=True, scorable=True),
        subneed_slug=KEYWORD(commas=True, scorable=True),
        quartier=ID,
        audience=KEYWORD(commas=True, scorable=True),
        language=KEYWORD(commas=True, scorable=True),
        free=ID,
        walk_in=ID,
        lat=NUMERIC(numtype=int, bits=64, signed=True, sortable=True),
        lon=NUMERIC(numtype=int, bits=64, signed=True, sortable=True),
        order=ID(sortable=True),
        stamp=STORED,
        **text,
    )


# -- where the index lives ---------------------------------------------------------------------


def index_root(app=None) -> Path:
    app = app or current_app
    configured = app.config.get("SEARCH_INDEX_DIR")
    return Path(configured) if configured else Path(app.instance_path) / "search-index"


def current_dir(root: Path) -> Path | None:
    """The live generation folder, or None when no index was built yet."""
    try:
        name = (root / CURRENT).read_text().strip()
    except FileNotFoundError:
        return None
    path = root / name
    return path if name and path.is_dir() else None


def open_index(root: Path):
    """The live index, or None."""
    path = current_dir(root)
    return whoosh_index.open_dir(str(path)) if path else None


def stamp_key(root: Path) -> tuple[int, int] | None:
    """Changes whenever the index changes (a cheap stat, checked before each search)."""
    try:
        st = os.stat(root / STAMP)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns


def _replace_file(path: Path, content: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    tmp.write_text(content)
    os.replace(tmp, path)


def touch_stamp(root: Path) -> None:
    _replace_file(root / STAMP, uuid.uuid4().hex)


_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


@contextmanager
def write_lock(root: Path, timeout: float = WRITE_TIMEOUT) -> Iterator[None]:
    """Exclusive right to write the index, across threads (a lock) and processes (flock)."""
    root.mkdir(parents=True, exist_ok=True)
    with _thread_locks_guard:
        lock = _thread_locks.setdefault(str(root.resolve()), threading.Lock())
    if not lock.acquire(timeout=timeout):
        raise TimeoutError(f"search index busy: {root}")
    try:
        with open(root / LOCK, "a+") as handle:
            if fcntl is not None:
                deadline = time.monotonic() + timeout
                while True:
                    try:
                        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise TimeoutError(f"search index busy: {root}") from None
                        time.sleep(0.02)
            try:
                yield
            finally:
                if fcntl is not None:
                    fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        lock.release()


# -- documents ---------------------------------------------------------------------------------


def services_query():
    """Published services with everything a document needs, in a bounded number of queries."""
    return (
        select(Service)
        .where(is_published_service())
        .options(
            joinedload(Service.partner),
            selectinload(Service.subneeds).joinedload(SubNeed.need),
        )
        .order_by(Service.id)
    )


def _stamp(service: Service) -> str:
    moments = [m for m in (service.updated_at, service.partner.updated_at) if m is not None]
    return max(moments).isoformat() if moments else ""


def _labels(mapping: dict, codes: Iterable[str]) -> list[str]:
    return [constants.label(mapping, code) for code in codes]


def quartier_names(session: Session) -> dict[int, tuple[str, str]]:
    """quartier id -> (slug, name), without loading the polygons."""
    return {qid: (slug, name) for qid, slug, name in session.execute(
        select(Quartier.id, Quartier.slug, Quartier.name))}


def build_document(service: Service, quartiers: dict[int, tuple[str, str]]) -> dict:
    """The index document of one published service (labels always in French)."""
    partner = service.partner
    subneeds = list(service.subneeds)
    needs = {s.need.slug: s.need for s in subneeds}
    languages = sorted(set(service.languages or []) | set(partner.languages or []))
    quartier = quartiers.get(partner.quartier_id) if partner.quartier_id else None
    with force_locale("fr"):
        facts = " ".join(
            [
                quartier[1] if quartier else "",
                partner.city,
                *_labels(constants.NATIONAL_LABELS, partner.labels or []),
                constants.label(constants.PARTNER_KINDS, partner.kind),
                constants.label(constants.FEES, service.fees),
                *_labels(constants.ACCESS_MODES, service.access_modes or []),
                *_labels(constants.AUDIENCES, service.audiences or []),
                # Everyone speaks French here: only the other languages are worth a word.
                *_labels(constants.LANGUAGES, [code for code in languages if code != "fr"]),
            ]
        )
    texts = {
        "partner_name": partner.name,
        "service_name": service.name,
        "subneed": " ".join(s.label for s in subneeds),
        "need_text": " ".join(
            [*(n.label for n in needs.values()), *(n.description for n in needs.values()),
             *(s.description for s in subneeds)]
        ),
        "body": " ".join([service.description, service.fees_detail, service.documents]),
        "facts": facts,
        "presentation": partner.presentation,
    }
    analyzed = {name: stems(value) for name, value in texts.items()}
    doc = {
        "service_id": str(service.id),
        "partner": str(partner.id),
        "all": " ".join(dict.fromkeys(t for terms in analyzed.values() for t in terms)),
        "fuzzy_text": " ".join(dict.fromkeys(w for value in texts.values() for w in words(value))),
        "need": ",".join(needs),
        "subneed_slug": ",".join(s.slug for s in subneeds),
        "audience": ",".join(service.audiences or []),
        "language": ",".join(languages),
        "free": "1" if service.is_free else "0",
        "walk_in": "1" if "sans-rdv" in (service.access_modes or []) else "0",
        "order": f"{fold(partner.name)}\x00{service.position:05d}\x00{service.id:09d}",
        "stamp": _stamp(service),
        **{name: " ".join(terms) for name, terms in analyzed.items()},
    }
    if quartier:
        doc["quartier"] = quartier[0]
    if partner.latitude is not None and partner.longitude is not None:
        doc["lat"] = round(partner.latitude * GEO_SCALE)
        doc["lon"] = round(partner.longitude * GEO_SCALE)
    return {key: value for key, value in doc.items() if value != ""}


# -- writes ------------------------------------------------------------------------------------


@contextmanager
def _writer(ix, **kwargs):
    writer = ix.writer(timeout=WRITE_TIMEOUT, delay=0.05, **kwargs)
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def apply_changes(
    session: Session,
    *,
    service_ids: Iterable[int] = (),
    partner_ids: Iterable[int] = (),
    root: Path | None = None,
) -> int:
    """Bring these services and every service of these partners up to date in the index.

    Anything no longer published (or deleted) is removed. Returns the number of documents
    written; nothing happens when no index was built yet.
    """
    root = root or index_root()
    service_ids, partner_ids = set(service_ids), set(partner_ids)
    if not (service_ids or partner_ids) or current_dir(root) is None:
        return 0
    conditions = []
    if service_ids:
        conditions.append(Service.id.in_(service_ids))
    if partner_ids:
        conditions.append(Service.partner_id.in_(partner_ids))
    services = session.scalars(services_query().where(or_(*conditions))).unique().all()
    quartiers = quartier_names(session)
    with write_lock(root):
        ix = open_index(root)
        if ix is None:
            return 0
        try:
            with _writer(ix) as writer:
                for partner_id in partner_ids:
                    writer.delete_by_term("partner", str(partner_id))
                for service_id in service_ids:
                    writer.delete_by_term("service_id", str(service_id))
                for service in services:
                    writer.update_document(**build_document(service, quartiers))
        finally:
            ix.close()
        touch_stamp(root)
    return len(services)


def _new_generation(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"gen-{datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    path.mkdir()
    return path


def write_documents(path: Path, documents: Iterable[dict], *, limitmb: int = 256) -> int:
    """Create a fresh index in `path` from documents, as one optimised segment."""
    ix = whoosh_index.create_in(str(path), make_schema())
    count = 0
    try:
        with _writer(ix, limitmb=limitmb) as writer:
            for doc in documents:
                writer.add_document(**doc)
                count += 1
    finally:
        ix.close()
    return count


def _iter_documents(session: Session, batch: int = 500) -> Iterator[dict]:
    ids = session.scalars(select(Service.id).where(is_published_service()).order_by(Service.id)).all()
    quartiers = quartier_names(session)
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        for service in session.scalars(services_query().where(Service.id.in_(chunk))).unique():
            yield build_document(service, quartiers)
        session.expunge_all()


@dataclass
class RebuildReport:
    documents: int
    seconds: float
    generation: str
    caught_up: int

    def __str__(self) -> str:
        return (
            f"{self.documents} services indexés en {self.seconds:.1f} s "
            f"({self.generation}) ; {self.caught_up} rattrapés pendant la reconstruction."
        )


def rebuild(session: Session, root: Path | None = None) -> RebuildReport:
    """Build a new generation beside the live one, catch up, then swap it in atomically.

    Searches keep using the old generation until the swap; changes committed during the build
    are caught up (under the write lock) from a drift check of the new generation.
    """
    root = root or index_root()
    started = time.perf_counter()
    path = _new_generation(root)
    try:
        count = write_documents(path, _iter_documents(session))
        with write_lock(root):
            session.rollback()  # see what was committed while we were building
            drift = check(session, path)
            fixed = _fix(session, path, drift)
            previous = current_dir(root)
            _replace_file(root / CURRENT, path.name)
            touch_stamp(root)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    _remove_old_generations(root, keep={path.name, previous.name if previous else ""})
    return RebuildReport(count, time.perf_counter() - started, path.name, fixed)


def _remove_old_generations(root: Path, keep: set[str]) -> None:
    """Drop generations older than the previous one (readers of the previous one keep going)."""
    for child in root.iterdir():
        if child.is_dir() and child.name.startswith("gen-") and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


# -- drift -------------------------------------------------------------------------------------


@dataclass
class Drift:
    """How the index differs from the database."""

    missing: list[int] = field(default_factory=list)  # published in the database, not indexed
    extra: list[int] = field(default_factory=list)  # indexed, but deleted or unpublished
    outdated: list[int] = field(default_factory=list)  # indexed from an older version

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.outdated)

    def __str__(self) -> str:
        if self.ok:
            return "Index à jour."
        parts = []
        for label, ids in (("absents de l'index", self.missing), ("en trop", self.extra),
                           ("périmés", self.outdated)):
            if ids:
                shown = ", ".join(map(str, ids[:20])) + (" …" if len(ids) > 20 else "")
                parts.append(f"{len(ids)} services {label} : {shown}")
        return "\n".join(parts)


def indexed_stamps(path: Path) -> dict[int, str]:
    ix = whoosh_index.open_dir(str(path))
    try:
        with ix.reader() as reader:
            return {int(doc["service_id"]): doc.get("stamp", "") for _, doc in reader.iter_docs()}
    finally:
        ix.close()


def database_stamps(session: Session) -> dict[int, str]:
    rows = session.execute(
        select(Service.id, Service.updated_at, Partner.updated_at)
        .join(Service.partner)
        .where(is_published_service())
    ).all()
    result = {}
    for service_id, *moments in rows:
        moments = [m for m in moments if m is not None]
        result[service_id] = max(moments).isoformat() if moments else ""
    return result


def check(session: Session, path: Path | None = None) -> Drift:
    """Compare the index with the database (ids and versions)."""
    path = path or current_dir(index_root())
    database = database_stamps(session)
    if path is None:
        return Drift(missing=sorted(database))
    indexed = indexed_stamps(path)
    return Drift(
        missing=sorted(set(database) - set(indexed)),
        extra=sorted(set(indexed) - set(database)),
        outdated=sorted(i for i in set(database) & set(indexed) if database[i] != indexed[i]),
    )


def _fix(session: Session, path: Path, drift: Drift) -> int:
    """Apply a drift report to the index at `path` (caller holds the write lock)."""
    if drift.ok:
        return 0
    targets = drift.missing + drift.outdated
    services = session.scalars(services_query().where(Service.id.in_(targets))).unique().all()
    quartiers = quartier_names(session)
    ix = whoosh_index.open_dir(str(path))
    try:
        with _writer(ix) as writer:
            for service_id in drift.extra:
                writer.delete_by_term("service_id", str(service_id))
            for service in services:
                writer.update_document(**build_document(service, quartiers))
    finally:
        ix.close()
    return len(drift.extra) + len(services)


def repair(session: Session, root: Path | None = None) -> Drift:
    """Check, then fix what differs in the live index."""
    root = root or index_root()
    with write_lock(root):
        path = current_dir(root)
        if path is None:
            raise FileNotFoundError("no search index yet: run `flask --app portal search reindex`")
        drift = check(session, path)
        if not drift.ok:
            _fix(session, path, drift)
            touch_stamp(root)
    return drift
