"""Changes committed to the database but perhaps not yet to the index, kept in small files.

A transaction that touches what the index shows writes the ids it touched to a file of
``pending/`` in the index folder *before* it commits, and holds a lock on that file until the
index has been updated after the commit; then the file is deleted. If the process dies (or the
index update fails) in between, the file stays and its lock is released: whoever searches next
on that index, in any process, finds the file unlocked and replays it from the database.
Replaying is harmless when the transaction did not commit after all: documents are re-read
from the database, so an unchanged service is rewritten identically.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

try:  # POSIX; elsewhere a running transaction's file may be replayed early (harmless)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

FOLDER = "pending"
SUFFIX = ".json"


@dataclass
class Entry:
    """One transaction's pending changes: its file, held open (and locked) until finished."""

    path: Path
    handle: IO[str]

    def write(self, changes: dict[str, set[int]]) -> None:
        """Record (replacing what was recorded) the ids touched so far, durably."""
        self.handle.seek(0)
        self.handle.truncate()
        json.dump({name: sorted(ids) for name, ids in changes.items()}, self.handle)
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def read(self) -> dict[str, set[int]]:
        self.handle.seek(0)
        try:
            data = json.load(self.handle)
        except ValueError:  # written halfway when the process died: nothing usable
            return {}
        return {str(name): {int(i) for i in ids} for name, ids in data.items()}

    def finish(self, *, done: bool) -> None:
        """Delete the file when its changes are in the index; release it either way."""
        try:
            if done:
                self.path.unlink(missing_ok=True)
        finally:
            self.handle.close()


def start(root: Path) -> Entry:
    """A new, locked journal file for one transaction."""
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    name = uuid.uuid4().hex
    tmp = folder / f".{name}.tmp"
    handle = open(tmp, "w+")  # kept open until the transaction ends
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_EX)
    path = folder / f"{name}{SUFFIX}"
    os.replace(tmp, path)  # visible to replayers only once locked
    return Entry(path, handle)


def orphans(root: Path) -> Iterator[Entry]:
    """Journal files whose transaction is over without having finished: each yielded locked."""
    folder = root / FOLDER
    try:
        names = [e.name for e in os.scandir(folder) if e.name.endswith(SUFFIX)]
    except FileNotFoundError:
        return
    for name in names:
        path = folder / name
        try:
            handle = open(path, "r+")  # handed over to the Entry
        except FileNotFoundError:  # finished meanwhile
            continue
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # its transaction is still running
                handle.close()
                continue
        if not path.exists():  # finished between our listing and our lock
            handle.close()
            continue
        yield Entry(path, handle)
