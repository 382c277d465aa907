"""Search quality on the full demo seed: realistic queries find a partner serving the need."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.directory.models import Service, SubNeed
from portal.extensions import db
from portal.search.core.engine import SearchRequest
from portal.search.searching import search
from portal.search.store import state
from tests import search_queries, search_queries_ar, search_queries_en
from tests.search_queries import QUERIES

# Each page language has its own query set, typed in that language (see core.languages).
QUERY_SETS = {"fr": search_queries.QUERIES, "en": search_queries_en.QUERIES, "ar": search_queries_ar.QUERIES}

TOP = 5
TARGET = 0.90


@pytest.fixture(scope="module")
def demo_search_app(demo_app):
    """The full demo seed (reference, real and demo data) with its search index."""
    with demo_app.app_context():
        yield demo_app
        state.close_all()


def needs_of(service_ids: list[int]) -> list[set[str]]:
    services = db.session.scalars(
        select(Service)
        .where(Service.id.in_(service_ids))
        .options(selectinload(Service.subneeds).joinedload(SubNeed.need))
    ).all()
    by_id = {s.id: {sub.need.slug for sub in s.subneeds} for s in services}
    return [by_id[i] for i in service_ids]


def test_the_query_set_is_large_and_varied():
    assert len(QUERIES) >= 60
    assert len({text for text, _ in QUERIES}) == len(QUERIES)
    for locale in ("en", "ar"):
        queries = QUERY_SETS[locale]
        assert len(queries) >= 30 and len({text for text, _ in queries}) == len(queries)


@pytest.mark.parametrize("locale", list(QUERY_SETS))
def test_most_queries_have_a_top_5_result_serving_an_expected_need(demo_search_app, locale):
    queries = QUERY_SETS[locale]
    failures = []
    for text, expected in queries:
        hits = search(SearchRequest(text=text, per_page=TOP, locale=locale)).hits
        found = needs_of(_service_ids(hits))
        if not any(needs & expected for needs in found):
            failures.append((text, sorted(expected), [sorted(n) for n in found]))
    rate = 1 - len(failures) / len(queries)
    detail = "\n".join(f"  {text!r}: expected {exp}, got {got}" for text, exp, got in failures)
    print(f"[{locale}] success@{TOP} = {rate:.0%} over {len(queries)} queries\n{detail}")
    assert rate >= TARGET, f"[{locale}] success@{TOP} = {rate:.0%}\n{detail}"


def _service_ids(hits) -> list[int]:
    """The services of the hits, in order (a hit is one service, or one partner's services)."""
    out: list[int] = []
    for hit in hits:
        for service_id in getattr(hit, "service_ids", None) or [hit.service_id]:
            if service_id not in out:
                out.append(service_id)
    return out


def test_every_typo_query_gets_a_suggestion(demo_search_app):
    for text, fixed in [("logemant", "logement"), ("aprendre a utiliser un ordinateur", "apprendre"),
                        ("comprendre un courier", "courrier")]:
        result = search(SearchRequest(text=text))
        assert result.suggestion and fixed in result.suggestion, (text, result.suggestion)
        assert result.total > 0
