"""A search in this application: its live index, its synonyms file, its database's hours.

Before searching, changes an interrupted index update left behind are caught up; an index found
missing, empty or unreadable is rebuilt (see `store.recovery`) when this application follows the
database (``SEARCH_SYNC``), and a result that could not be computed says so (`unavailable`)
instead of pretending that nothing matched.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from flask import current_app

from portal.directory.hours import PARIS
from portal.search import expansions
from portal.search.core.analysis import Synonyms, combined, load_synonyms
from portal.search.core.engine import SearchRequest, SearchResult
from portal.search.store import recovery, sync
from portal.search.store.generations import index_root
from portal.search.store.state import DEFAULT_CACHE_SIZE, open_partner_ids, state_for

DEFAULT_SYNONYMS = Path(__file__).with_name("synonyms.txt")


def synonyms_path() -> Path:
    return Path(current_app.config.get("SEARCH_SYNONYMS_PATH") or DEFAULT_SYNONYMS)


def synonyms_for(locale: str) -> Synonyms:
    """The French rules, and on other pages the rules of their language beside the French file
    (synonyms.en.txt, synonyms.ar.txt): the query's language is the page's."""
    french = load_synonyms(synonyms_path())
    if locale == "fr":
        return french
    path = synonyms_path()
    return combined(french, load_synonyms(path.with_name(f"{path.stem}.{locale}{path.suffix}"), locale))


def search(req: SearchRequest, *, at: datetime | None = None) -> SearchResult:
    """Run a search on the live index of the current application (at `at`, now by default)."""
    root = index_root()
    state = state_for(root)
    follows = bool(current_app.config.get("SEARCH_SYNC", True))
    if follows:
        sync.catch_up(root)

    def run() -> SearchResult:
        found = state.search(
            req,
            synonyms_for(req.locale),
            at or datetime.now(PARIS),
            open_partner_ids,
            cache_size=current_app.config.get("SEARCH_RESULT_CACHE_SIZE", DEFAULT_CACHE_SIZE),
        )
        return replace(found, expanded=expansions.readable(found.expanded))

    result = run()
    problem = state.problem
    if not recovery.is_a_problem(problem):
        return result
    if follows and recovery.rebuild_now(root, problem):
        result = run()
        if not recovery.is_a_problem(state.problem):
            return result
    elif not follows:
        current_app.logger.error("search index %s in %s", problem, root)
    return replace(result, unavailable=True)
