"""A search in this application: its live index, its synonyms file, its database's hours."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import current_app

from portal.directory.hours import PARIS
from portal.search.core.analysis import load_synonyms
from portal.search.core.engine import SearchRequest, SearchResult
from portal.search.store.generations import index_root
from portal.search.store.state import DEFAULT_CACHE_SIZE, open_partner_ids, state_for

DEFAULT_SYNONYMS = Path(__file__).with_name("synonyms.txt")


def synonyms_path() -> Path:
    return Path(current_app.config.get("SEARCH_SYNONYMS_PATH") or DEFAULT_SYNONYMS)


def search(req: SearchRequest, *, at: datetime | None = None) -> SearchResult:
    """Run a search on the live index of the current application (at `at`, now by default)."""
    return state_for(index_root()).search(
        req,
        load_synonyms(synonyms_path()),
        at or datetime.now(PARIS),
        open_partner_ids,
        cache_size=current_app.config.get("SEARCH_RESULT_CACHE_SIZE", DEFAULT_CACHE_SIZE),
    )
