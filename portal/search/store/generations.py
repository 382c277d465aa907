"""How the search index is stored: generation folders, the stamp readers watch, the write lock.

Layout of the index folder (``SEARCH_INDEX_DIR``)::

    CURRENT        name of the live generation folder, replaced atomically on a rebuild
    STAMP          replaced after every write; readers stat it to know when to refresh
    write.lock     held (flock + a thread lock) by whoever writes, so writers never overlap
    repair.lock    held by the one process rebuilding an index found missing or unreadable
    pending/       changes committed but maybe not yet indexed (see `journal`)
    gen-<time>-<n> one Whoosh index per generation; the previous one is kept for open readers
                   (its SCHEMA file names the document shape it was written with)
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from flask import current_app
from whoosh import index as whoosh_index

from portal.search.core.schema import SCHEMA_VERSION, make_schema

try:  # POSIX; elsewhere the thread lock alone protects a single-process deployment
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

CURRENT = "CURRENT"
STAMP = "STAMP"
SCHEMA = "SCHEMA"
LOCK = "write.lock"
WRITE_TIMEOUT = 30.0


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


def schema_version(path: Path) -> int:
    """The document shape a generation was written with (1: before it was recorded)."""
    try:
        return int((path / SCHEMA).read_text().strip() or 1)
    except (FileNotFoundError, ValueError):
        return 1


def is_outdated(root: Path) -> bool:
    """Whether the live generation was written with documents of another shape."""
    path = current_dir(root)
    return path is not None and schema_version(path) != SCHEMA_VERSION


def stamp_key(root: Path) -> tuple[int, int] | None:
    """Changes whenever the index changes (a cheap stat, checked before each search)."""
    try:
        st = os.stat(root / STAMP)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns


def replace_file(path: Path, content: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    tmp.write_text(content)
    os.replace(tmp, path)


def touch_stamp(root: Path) -> None:
    replace_file(root / STAMP, uuid.uuid4().hex)


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


@contextmanager
def try_lock(root: Path, name: str) -> Iterator[bool]:
    """Take the lock file `name` if nobody (thread or process) holds it; yields whether we got it."""
    root.mkdir(parents=True, exist_ok=True)
    with _thread_locks_guard:
        lock = _thread_locks.setdefault(f"{root.resolve()}/{name}", threading.Lock())
    if not lock.acquire(blocking=False):
        yield False
        return
    try:
        with open(root / name, "a+") as handle:
            if fcntl is not None:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    yield False
                    return
            yield True
    finally:
        lock.release()


@contextmanager
def writing(ix, **kwargs):
    """A Whoosh writer, committed on success and cancelled on any error."""
    writer = ix.writer(timeout=WRITE_TIMEOUT, delay=0.05, **kwargs)
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def new_generation(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"gen-{datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    path.mkdir()
    return path


def write_documents(path: Path, documents: Iterable[dict], *, limitmb: int = 256) -> int:
    """Create a fresh index in `path` from documents, as one optimised segment."""
    ix = whoosh_index.create_in(str(path), make_schema())
    (path / SCHEMA).write_text(str(SCHEMA_VERSION))
    count = 0
    try:
        with writing(ix, limitmb=limitmb) as writer:
            for doc in documents:
                writer.add_document(**doc)
                count += 1
    finally:
        ix.close()
    return count


def remove_old_generations(root: Path, keep: set[str]) -> None:
    """Drop generations older than the previous one (readers of the previous one keep going)."""
    for child in root.iterdir():
        if child.is_dir() and child.name.startswith("gen-") and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)
